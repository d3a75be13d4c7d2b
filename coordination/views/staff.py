"""Pages for signed-in staff only: never cached, never shown to the public."""

from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from .. import services
from ..models import FocusArea, OutreachEvent, UnionBranch


@never_cache
@staff_member_required
def event_preview(request, pk):
    """An activity as its public page would show it, for the staff who may see it."""
    event = get_object_or_404(
        OutreachEvent.objects.editable_by(request.user).select_related(
            "province__successor", "organiser", "activity_type", "agreement", "source"
        ),
        pk=pk,
    )
    change = getattr(event, "pending_change", None)
    proposed = change is not None and request.GET.get("version") == "proposed"
    if proposed:
        event = _with_proposed_values(event, change)
    response = render(
        request,
        "coordination/event_preview.html",
        {
            "event": event,
            "focus_areas": event.focus_areas.all(),
            "partners": event.partners.all(),
            "preview": True,
            "proposed": proposed,
            "change": change,
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def _with_proposed_values(event, change):
    """An unsaved copy of the activity carrying the pending change, for display only."""
    fields, m2m = services.deserialise(change.values)
    for name, value in fields.items():
        setattr(event, name, value)
    for name in ("province", "organiser", "activity_type", "agreement", "source"):
        field = OutreachEvent._meta.get_field(name)
        if getattr(event, field.attname) is not None:
            setattr(event, name, field.related_model.objects.get(pk=getattr(event, field.attname)))
        else:
            setattr(event, name, None)
    related = {"focus_areas": FocusArea, "partners": UnionBranch}
    # Related managers read a prefetched list first: the template's .all() gets these.
    event._prefetched_objects_cache = {
        name: related[name].objects.filter(pk__in=pks) for name, pks in m2m.items()
    }
    return event
