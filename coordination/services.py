"""Writes that touch several rows or need an audit trail."""

from django.utils.translation import gettext

from . import changes
from .models import OutreachEvent


def change_status(events, status, by):
    """Move each event to `status`, saved one by one so history records who and when.

    django-simple-history does not see QuerySet.update(), so a bulk action must not use it.
    Returns the number of events that changed.
    """
    ids = list(events.order_by().values_list("pk", flat=True))
    with changes.recorded(ids) as batch:
        changing = list(OutreachEvent.objects.filter(pk__in=ids).exclude(status=status))
        for event in changing:
            event.status = status
            event.version += 1
            event._history_user = by
            event._change_reason = gettext("Status changed to “%(status)s”") % {
                "status": OutreachEvent.Status(status).label
            }
            event.save()
            batch.touch(event)
    return len(changing)


def publishable_statuses(event):
    """Where an event may go from its current status."""
    return {
        OutreachEvent.Status.DRAFT: [OutreachEvent.Status.PUBLISHED],
        OutreachEvent.Status.PUBLISHED: [OutreachEvent.Status.WITHDRAWN],
        OutreachEvent.Status.WITHDRAWN: [OutreachEvent.Status.PUBLISHED],
    }[event.status]
