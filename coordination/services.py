"""Writes that touch several rows or need an audit trail."""

from django.db import transaction
from django.utils.translation import gettext

from . import tallies
from .models import OutreachEvent


def change_status(events, status, by):
    """Move each event to `status`, saved one by one so history records who and when.

    django-simple-history does not see QuerySet.update(), so a bulk action must not use it.
    Returns the number of events that changed.
    """
    with transaction.atomic():
        locked = OutreachEvent.objects.filter(pk__in=events.values("pk")).select_for_update()
        changing = list(locked.exclude(status=status))
        with tallies.deferred(event.pk for event in changing):
            for event in changing:
                event.status = status
                event.version += 1
                event._history_user = by
                event._change_reason = gettext("Status changed to “%(status)s”") % {
                    "status": OutreachEvent.Status(status).label
                }
                event.save()
    return len(changing)


def publishable_statuses(event):
    """Where an event may go from its current status."""
    return {
        OutreachEvent.Status.DRAFT: [OutreachEvent.Status.PUBLISHED],
        OutreachEvent.Status.PUBLISHED: [OutreachEvent.Status.WITHDRAWN],
        OutreachEvent.Status.WITHDRAWN: [OutreachEvent.Status.PUBLISHED],
    }[event.status]
