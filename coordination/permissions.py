"""Yes-or-no answers about one activity, built on the QuerySets' rules."""


def can_edit(user, event):
    """The activity's branch is one this user may work on."""
    return type(event).objects.editable_by(user).filter(pk=event.pk).exists()


def can_review(user, event):
    """A reviewer of the event's branch or a branch above it, or a central administrator."""
    return type(event).objects.reviewable_by(user).filter(pk=event.pk).exists()
