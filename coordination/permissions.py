"""Small helpers that turn the QuerySets' rules into answers for views and admin."""


def is_central(user):
    """Central administrators (and superusers) see and edit every branch's records."""
    return user.is_active and (user.is_superuser or user.has_perm("coordination.manage_all"))


def can_publish(user):
    return user.is_active and user.has_perm("coordination.publish_outreachevent")


def can_review(user, event):
    """A reviewer of the event's branch or a branch above it, or a central administrator."""
    return type(event).objects.reviewable_by(user).filter(pk=event.pk).exists()
