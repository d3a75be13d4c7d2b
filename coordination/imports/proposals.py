"""A re-import never replaces another person's proposed change of a published activity unseen."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .. import dates, services
from ..models import OutreachEvent, PendingChange


def pending_of(events):
    """{activity id: its pending change} of the published activities among `events`."""
    published = list({e.pk for e in events if e.status == OutreachEvent.Status.PUBLISHED})
    pending = {}
    for start in range(0, len(published), 2000):
        found = PendingChange.objects.filter(event_id__in=published[start : start + 2000])
        for change in found.select_related("proposed_by"):
            pending[change.event_id] = change
    return pending


def someone_elses(check, event, lookups):
    """A row that would replace another person's proposed change of a published activity is
    refused, as the form refuses it: that person's work is never dropped unseen."""
    change = lookups.pending.get(event.pk)
    if change is None or change.proposed_by_id == lookups.user.pk:
        return
    if not services.needs_review(event, lookups.user):
        return
    who = change.proposed_by
    check.row_error(
        _(
            "Activity ID %(id)s already has a change proposed by %(who)s on %(when)s "
            "(%(status)s): this row would replace it. Leave the row out, or ask a reviewer "
            "to decide on that change first."
        )
        % {
            "id": event.pk,
            "who": (who.get_full_name() or who.get_username()) if who else _("another person"),
            "when": dates.shown(timezone.localtime(change.proposed_at).date()),
            "status": change.get_status_display(),
        }
    )
