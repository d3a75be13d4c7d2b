"""An activity's history in admin: its links in every version, its deletion, deleted activities.

A central administrator can list the deleted activities, open the history of one and restore
it from any version; a revert restores the focus areas and partners of that version too.
Everyone else sees only the history of activities that exist and are in their scope.

Each line of the history says who, when, the comment or reason, and what really changed next
to the version before it, as people read it: labels, names, dd/mm/yyyy, "–" for blank. The
delete confirmation counts an activity's links instead of listing Django's link rows.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import dates
from ..forms import show_value
from ..history import links_by_version, links_of
from ..models import OutreachEvent
from ..roles import is_central
from .recorded import _ids

DELETED_LIST_LIMIT = 200
#: Written by the system on every save, or never edited: not a change anyone made.
BOOKKEEPING = {"id", "version", "created_at", "updated_at", "created_by", "is_demo", "search_text"}
LONG_VALUE = 120


class ActivityHistoryAdmin:
    object_history_template = "admin/coordination/outreachevent/object_history.html"
    object_history_form_template = "admin/coordination/outreachevent/object_history_form.html"

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        # simple-history compares the rows' values as stored (codes, ids, None) and a version
        # without links as "all removed"; and the oldest line of a page against nothing.
        page = list(historical_records)
        if not page:
            return
        paginator = historical_records.paginator
        end = historical_records.end_index()
        older = list(paginator.object_list[end : end + 1])
        for version, changes in zip(page, version_changes(page + older), strict=False):
            version.activity_changes = changes

    def get_deleted_objects(self, objs, request):
        # Django lists each row linking an activity to a focus area or a partner, as
        # "OutreachEvent_focus_areas object (31246)": one line under each activity says how
        # many links go instead, and the summary counts them by what they link to.
        to_delete, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        links = _link_counts(objs)
        lines = {}
        for event in objs:
            url = reverse(
                f"{self.admin_site.name}:coordination_outreachevent_change", args=[event.pk]
            )
            line = format_html(
                '{}: <a href="{}">{}</a>', capfirst(self.opts.verbose_name), url, event
            )
            lines[line] = _links_line(links, event.pk)
        for field in OutreachEvent._meta.many_to_many:
            counts.pop(field.remote_field.through._meta.verbose_name_plural, None)
            total = sum(links[field.name].values())
            if total:
                counts[LINK_LABELS[field.name]] = total
        return _with_links(to_delete, lines), counts, perms_needed, protected

    def _exists_for(self, request, object_id):
        ids = _ids(object_id)
        return bool(ids) and self.get_queryset(request).filter(pk=ids[0]).exists()

    def _check_history_access(self, request, object_id):
        if self._exists_for(request, object_id):
            return
        ids = _ids(object_id)
        deleted = ids and not OutreachEvent.objects.filter(pk=ids[0]).exists()
        if not (deleted and is_central(request.user)):
            raise Http404(_("No such activity."))

    def history_view(self, request, object_id, extra_context=None):
        self._check_history_access(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_history_access(request, object_id)
        if request.method == "POST" and self.revert_disabled(request):
            raise PermissionDenied
        version_ids = _ids(version_id)
        if not version_ids:
            raise Http404(_("No such version."))
        version = get_object_or_404(
            OutreachEvent.history.all(), id=_ids(object_id)[0], history_id=version_ids[0]
        )
        links = links_of(version)
        # Versions from before links were recorded have none: keep the current links then.
        request._reverted_links = links if links.get("focus_areas") else None
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        links = getattr(request, "_reverted_links", None)
        if not links:
            return form

        class RevertForm(form):
            def __init__(self, *args, **kwargs):
                kwargs["initial"] = {**links, **(kwargs.get("initial") or {})}
                super().__init__(*args, **kwargs)

        return RevertForm

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        deleted = path(
            "deleted/",
            self.admin_site.admin_view(self.deleted_view),
            name="{}_{}_deleted".format(*info),
        )
        return [deleted, *super().get_urls()]

    def deleted_view(self, request):
        if not is_central(request.user):
            raise PermissionDenied
        versions = (
            OutreachEvent.history.filter(history_type="-")
            .exclude(id__in=OutreachEvent.objects.values("pk"))
            .select_related("history_user", "organiser")
            .order_by("-history_date")[:DELETED_LIST_LIMIT]
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Deleted activities"),
            "opts": self.opts,
            "versions": versions,
            "limit": DELETED_LIST_LIMIT,
        }
        return TemplateResponse(request, "admin/coordination/outreachevent/deleted.html", context)


def version_changes(versions):
    """For each version (newest first), what changed since the next one in the list: rows of
    {label, before, after} or, for links, {label, added, removed}. The last version gets none:
    it has nothing to compare with."""
    fields = [
        field
        for field in OutreachEvent._meta.concrete_fields
        if field.name not in BOOKKEEPING and field.editable
    ]
    links = _known_links(versions)
    names = _names(versions, fields, links)
    changes = []
    for new, old in zip(versions, versions[1:], strict=False):
        if new.history_type == "-":
            changes.append([])
            continue
        rows = []
        for field in fields:
            before, after = getattr(old, field.attname), getattr(new, field.attname)
            if _blank(before) != _blank(after):
                rows.append(
                    {
                        "label": capfirst(field.verbose_name),
                        "before": _shown(field, before, names),
                        "after": _shown(field, after, names),
                    }
                )
        for name, before in (links[old.history_id] or {}).items():
            after = (links[new.history_id] or {}).get(name, before)
            if before != after:
                field = OutreachEvent._meta.get_field(name)
                rows.append(_link_row(field, before, after, names[field.related_model]))
        changes.append(rows)
    return changes


def _known_links(versions):
    """{history_id: links}: a version that recorded none has those of the version before it."""
    recorded = links_by_version(versions)
    known, links = None, {}
    for version in reversed(versions):
        known = recorded.get(version.history_id, known)
        links[version.history_id] = known
    return links


def _names(versions, fields, links):
    """{model: {pk: object}} of every reference the versions hold, one query per model."""
    wanted = {}
    for field in fields:
        if field.is_relation:
            ids = wanted.setdefault(field.related_model, set())
            ids.update(getattr(version, field.attname) for version in versions)
    for version_links in links.values():
        for name, ids in (version_links or {}).items():
            wanted.setdefault(OutreachEvent._meta.get_field(name).related_model, set()).update(ids)
    return {
        model: model._base_manager.in_bulk([pk for pk in ids if pk is not None])
        for model, ids in wanted.items()
    }


def _blank(value):
    return None if value == "" else value


def _shown(field, value, names):
    if _blank(value) is None:
        return show_value(None)
    if field.is_relation:
        return str(names[field.related_model].get(value) or f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime(f"{dates.DAY} %H:%M")
    if isinstance(value, datetime.date):
        return dates.shown(value)
    return Truncator(str(value)).chars(LONG_VALUE)


def _link_row(field, before, after, names):
    def listed(ids):
        return "; ".join(sorted(str(names.get(pk) or f"#{pk}") for pk in ids))

    return {
        "label": capfirst(field.verbose_name),
        "added": listed(after - before),
        "removed": listed(before - after),
    }


# The delete confirmation ------------------------------------------------------------------

LINK_LABELS = {
    "focus_areas": gettext_lazy("links to focus areas"),
    "partners": gettext_lazy("links to partner branches"),
}


def _link_counts(events):
    """{field name: {activity id: number of links}}, one query per link field."""
    ids = [event.pk for event in events]
    counts = {}
    for field in OutreachEvent._meta.many_to_many:
        source = f"{field.m2m_field_name()}_id"
        rows = (
            field.remote_field.through.objects.filter(**{f"{source}__in": ids})
            .values_list(source)
            .annotate(n=Count("pk"))
        )
        counts[field.name] = dict(rows)
    return counts


def _links_line(links, pk):
    areas, partners = links["focus_areas"].get(pk, 0), links["partners"].get(pk, 0)
    parts = []
    if areas:
        parts.append(ngettext("%(n)d focus area", "%(n)d focus areas", areas) % {"n": areas})
    if partners:
        parts.append(
            ngettext("%(n)d partner branch", "%(n)d partner branches", partners) % {"n": partners}
        )
    if not parts:
        return None
    return _("Its links to %(links)s are removed; those focus areas and branches stay.") % {
        "links": ", ".join(parts)
    }


def _with_links(items, lines):
    """Django's nested list without the link rows, each activity followed by its line."""
    through = tuple(
        f"{capfirst(field.remote_field.through._meta.verbose_name)}: "
        for field in OutreachEvent._meta.many_to_many
    )
    kept = []
    for item in items:
        if isinstance(item, list):
            children = _with_links(item, {})
            if children:
                kept.append(children)
        elif not str(item).startswith(through):
            kept.append(item)
            if lines.get(item):
                kept.append([lines[item]])
    return _merge_lists(kept)


def _merge_lists(items):
    """[a, [x], [y]] → [a, [x, y]]: an item's children are one list after it."""
    merged = []
    for item in items:
        if isinstance(item, list) and merged and isinstance(merged[-1], list):
            merged[-1] = merged[-1] + item
        else:
            merged.append(item)
    return merged
