"""Writes that touch several rows or need an audit trail: the review workflow lives here.

An activity moves draft → submitted → published, or back to the clerk as returned (with the
reviewer's comment), and published ↔ withdrawn. Every move saves the row with who and the
comment in its history, and sends its e-mail after the commit. An edit of a published activity
by someone who may not publish is kept as a PendingChange until a reviewer approves it: only
the fields it changes, with the published values it was made from. Proposing and approving
each name the version they were shown (the change's token, the activity's version), so a
change or an edit made meanwhile is refused and shown, never overwritten unseen.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import changes, notifications
from .models import OutreachEvent, PendingChange, UnionBranch
from .permissions import can_edit, can_review

Status = OutreachEvent.Status

#: Where each move may start from, and whether it needs a reviewer.
MOVES = {
    Status.SUBMITTED: ({Status.DRAFT, Status.RETURNED, Status.WITHDRAWN}, False),
    Status.PUBLISHED: ({Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.WITHDRAWN}, True),
    Status.RETURNED: ({Status.SUBMITTED, Status.DRAFT}, True),
    Status.WITHDRAWN: ({Status.PUBLISHED}, True),
    Status.DRAFT: ({Status.SUBMITTED, Status.RETURNED, Status.WITHDRAWN}, True),
}


def require_return_reason(comment):
    """A return, of a record or of a proposed change, needs its reason: the one check that
    the services and the admin form both make."""
    if not (comment or "").strip():
        raise ValidationError(
            _("Say why it is returned, so the clerk knows what to fix."), code="return_reason"
        )


def move(event, status, by, comment=""):
    """Move one activity to `status`, checking who may and from where; returns the event."""
    status = Status(status)
    comment = (comment or "").strip()
    starts, needs_reviewer = MOVES[status]
    with changes.recorded([event.pk]) as batch:
        event = OutreachEvent.objects.get(pk=event.pk)
        if not can_edit(by, event):
            raise PermissionDenied
        if needs_reviewer and not can_review(by, event):
            raise PermissionDenied
        if event.status == status:
            return event
        if event.status not in starts:
            raise ValidationError(
                _("A %(current)s activity cannot become %(wanted)s.")
                % {"current": Status(event.status).label, "wanted": status.label}
            )
        if status == Status.RETURNED:
            require_return_reason(comment)
        _save_status(event, status, by, comment)
        batch.touch(event)
        notifications.status_changed(event, status, by, comment)
    return event


def change_status(events, status, by):
    """Move each event to `status`, saved one by one so history records who and when.

    django-simple-history does not see QuerySet.update(), so a bulk action must not use it.
    Events that cannot make this move, or that `by` may not move (the same rules as `move`),
    are left as they are. Returns how many changed.
    """
    status = Status(status)
    starts, needs_reviewer = MOVES[status]
    allowed = (
        OutreachEvent.objects.reviewable_by(by)
        if needs_reviewer
        else OutreachEvent.objects.editable_by(by)
    )
    ids = list(events.order_by().values_list("pk", flat=True))
    with changes.recorded(ids) as batch:
        changing = list(OutreachEvent.objects.filter(pk__in=ids, status__in=starts) & allowed)
        for event in changing:
            _save_status(event, status, by, "")
            batch.touch(event)
            notifications.status_changed(event, status, by, "")
    return len(changing)


def _save_status(event, status, by, comment):
    event.status = status
    event.version += 1
    event._history_user = by
    event._change_reason = status_reason(status, comment)
    event.save()


def status_reason(status, comment=""):
    """The history line of a move: its status and the comment that came with it."""
    reason = _("Status changed to “%(status)s”") % {"status": Status(status).label}
    return f"{reason}: {comment}" if comment else reason


# Pending changes of published activities ---------------------------------------------------


def needs_review(event, by):
    """Whether an edit of this activity by `by` must wait for a reviewer."""
    return event.status == Status.PUBLISHED and not can_review(by, event)


def propose_change(event, values, by, seen=None):
    """Keep what `values` (form fields → cleaned values) change of a published event as its
    pending change; returns it, or None when nothing differs from the published version.

    `seen` is the token of the pending change the proposer started from ("" for none): when
    another proposal came since, nothing is kept (ValidationError). None skips that check.
    """
    with transaction.atomic():
        event = OutreachEvent.objects.select_for_update().get(pk=event.pk)
        if not can_edit(by, event):
            raise PermissionDenied
        current = PendingChange.objects.filter(event=event).first()
        if seen is not None and proposal_in_the_way(current, seen):
            raise ValidationError(
                _("Another change was proposed after you opened this activity."),
                code="proposal_conflict",
            )
        proposed = serialise(values)
        base = published_values(event, proposed)
        proposed = {name: value for name, value in proposed.items() if not same(value, base[name])}
        if not proposed:
            if current is not None and seen is not None:
                current.delete()
                _note_in_history(event, by, _("Change withdrawn"))
            return None
        change, _created = PendingChange.objects.update_or_create(
            event=event,
            defaults={
                "values": proposed,
                "base": {name: base[name] for name in proposed},
                "revision": current.revision + 1 if current else 1,
                "status": PendingChange.Status.PENDING,
                "proposed_by": by,
                "proposed_at": timezone.now(),
                "comment": "",
                "reviewed_by": None,
                "reviewed_at": None,
            },
        )
        _note_in_history(event, by, _("Change proposed, waiting for review"))
        moved_to = proposed.get("organiser", event.organiser_id)
        if moved_to != event.organiser_id:
            # The branch it would move to has its own reviewers: they hear of it too.
            notifications.change_proposed_to(
                event, by, [event.organiser, UnionBranch.objects.get(pk=moved_to)]
            )
        else:
            notifications.change_proposed(event, by)
    return change


def proposal_in_the_way(change, seen):
    """Whether `change` (the activity's pending change, or None) is not the one a person saw
    (`seen`: its token, "" for none)."""
    return (change.token if change is not None else "") != (seen or "")


def approve_change(event, by, comment="", seen=None, version=None):
    """Apply the pending change a reviewer saw (`seen`: its token; `version`: the activity's
    version, both as the page showed them) to the published activity; refused when either
    moved since. A caller that showed nobody a comparison passes neither."""
    with changes.recorded([event.pk]) as batch:
        event, change = _pending(event, by)
        moved = (seen is not None and proposal_in_the_way(change, seen)) or (
            version is not None and str(event.version) != str(version)
        )
        if moved:
            raise ValidationError(
                _(
                    "The change or the activity was edited after you opened it: nothing was "
                    "approved. Compare again below before approving."
                ),
                code="moved",
            )
        fields, m2m = deserialise(change.values)
        for name, value in fields.items():
            setattr(event, name, value)
        event.full_clean(validate_unique=False, validate_constraints=False)
        event.version += 1
        event._history_user = by
        label = _("Change approved")
        event._change_reason = f"{label}: {comment}" if comment else label
        event.save()
        if not can_review(by, event):
            # The change moves the activity to a branch this reviewer does not review.
            raise ValidationError(
                _(
                    "This change moves the activity to %(branch)s, which you do not review: "
                    "a reviewer of that branch or above must approve it."
                )
                % {"branch": event.organiser},
                code="out_of_scope",
            )
        for name, pks in m2m.items():
            getattr(event, name).set(pks)
        batch.touch(event)
        clerk = change.proposed_by
        change.delete()
        notifications.change_reviewed(event, clerk, by, approved=True, comment=comment)
    return event


def return_change(event, by, comment):
    """Send the pending change back to its author with the reviewer's comment."""
    comment = (comment or "").strip()
    require_return_reason(comment)
    with transaction.atomic():
        event, change = _pending(event, by)
        change.status = PendingChange.Status.RETURNED
        change.comment = comment
        change.reviewed_by = by
        change.reviewed_at = timezone.now()
        change.save()
        label = _("Change returned")
        _note_in_history(event, by, f"{label}: {comment}")
        notifications.change_reviewed(
            event, change.proposed_by, by, approved=False, comment=comment
        )
    return change


def _pending(event, by):
    # Lock the activity (return_change declares nothing to a unit of work: no public change).
    event = OutreachEvent.objects.select_for_update().get(pk=event.pk)
    if not can_review(by, event):
        raise PermissionDenied
    change = PendingChange.objects.filter(event=event, status=PendingChange.Status.PENDING).first()
    if change is None:
        raise ValidationError(_("This activity has no change waiting for review."))
    return event, change


def _note_in_history(event, by, reason):
    """A history line for a step that leaves the activity's own row as it is."""
    event._history_user = by
    event._change_reason = reason
    OutreachEvent.history.bulk_history_create([event], update=True, default_user=by)


# Values of a pending change as JSON --------------------------------------------------------


def serialise(values):
    return {name: _plain(OutreachEvent._meta.get_field(name), v) for name, v in values.items()}


def published_values(event, names):
    """The activity's stored values of these fields, in the form serialise() gives."""
    out = {}
    for name in names:
        field = OutreachEvent._meta.get_field(name)
        if field.many_to_many:
            out[name] = sorted(getattr(event, name).values_list("pk", flat=True))
        else:
            out[name] = _plain(field, getattr(event, field.attname))
    return out


def _plain(field, value):
    if field.many_to_many:
        return sorted(getattr(item, "pk", item) for item in value or [])
    if field.is_relation:
        return getattr(value, "pk", value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def same(one, other):
    """Two serialised values say the same (an empty text is no value)."""
    return (None if one == "" else one) == (None if other == "" else other)


def proposed_initial(values):
    """A pending change's values as a form's initial data."""
    initial = {}
    for name, value in values.items():
        field = OutreachEvent._meta.get_field(name)
        initial[name] = value if field.is_relation else field.to_python(value)
    return initial


def deserialise(values):
    """({attname: value}, {m2m name: [pk, …]}) ready to set on an activity."""
    fields, m2m = {}, {}
    for name, value in values.items():
        field = OutreachEvent._meta.get_field(name)
        if field.many_to_many:
            m2m[name] = value
        elif field.is_relation:
            fields[field.attname] = value
        else:
            fields[name] = field.to_python(value)
    return fields, m2m
