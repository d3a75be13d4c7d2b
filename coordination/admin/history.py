"""An activity's history in admin: its links in every version, and deleted activities.

A central administrator can list the deleted activities, open the history of one and restore
it from any version; a revert restores the focus areas and partners of that version too.
Everyone else sees only the history of activities that exist and are in their scope.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _

from ..history import links_of
from ..models import OutreachEvent
from ..roles import is_central
from .recorded import _ids

DELETED_LIST_LIMIT = 200


class ActivityHistoryAdmin:
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
