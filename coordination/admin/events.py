from collections import Counter

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Q
from django.http import Http404
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .. import activity_fields
from ..downloads import download
from ..forms import OutreachEventAdminForm
from ..imports import staffexport
from ..models import Agreement, FocusArea, OutreachEvent, UnionBranch
from ..models.agreements import FOCUS_AREA_NOTE
from ..paginators import CappedCountPaginator
from ..roles import can_publish, is_central
from ..services import MOVES, change_status
from ..templatetags.events import qualified
from . import outcomes
from .filters import (
    BranchFilter,
    CreatorFilter,
    FocusAreaFilter,
    ProvinceFilter,
    ReviewFilter,
    YearFilter,
)
from .history import ActivityHistoryAdmin
from .imports import ACTIVITIES
from .imports import urls as import_urls
from .recorded import RecordedChangesAdmin
from .review import ReviewAdminMixin
from .search import activities_found
from .widgets import SafeAutocompleteMixin

#: What an activity says about its source article: for reviewers to write, clerks read it.
EDITORIAL = ["organiser_note", "source", "source_excerpt"]


@admin.register(OutreachEvent)
class OutreachEventAdmin(
    SafeAutocompleteMixin,
    ReviewAdminMixin,
    ActivityHistoryAdmin,
    RecordedChangesAdmin,
    SimpleHistoryAdmin,
):
    form = OutreachEventAdminForm
    declares_object = True
    list_display = [
        "title",
        "status_label",
        "start_date",
        "province_label",
        "organiser",
        "activity_type",
        "sessions_shown",
        "participants_shown",
        "creator",
    ]
    list_display_links = ["title"]
    list_filter = [
        ReviewFilter,
        "status",
        CreatorFilter,
        YearFilter,
        ProvinceFilter,
        BranchFilter,
        FocusAreaFilter,
        "activity_type",
    ]
    list_select_related = ["province__successor", "organiser", "activity_type", "created_by"]
    list_per_page = 50
    show_full_result_count = False
    paginator = CappedCountPaginator
    search_fields = ["title"]
    search_help_text = _(
        "Search title, description and place (diacritics are optional), or a reference such as "
        "HT-2026-003."
    )
    autocomplete_fields = ["organiser", "province", "partners"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    actions = [
        "submit_selected",
        "publish_selected",
        "withdraw_selected",
        "export_xlsx",
        "export_csv",
    ]
    fieldsets = [
        *(
            (label, {"fields": [*names, "loaded_version"] if label is None else list(names)})
            for label, names in activity_fields.GROUPS
        ),
        (_("Record"), {"fields": list(readonly_fields)}),
    ]

    class Media:
        css = {"all": ["coordination/admin.css"]}
        js = ["coordination/admin.js"]

    def action_checkbox(self, obj):
        # The same markup as Django's, without a template render per row (a third of the
        # list's drawing time at 50 rows).
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            label,
        )

    @admin.display(description=_("province"), ordering="province__sort_key")
    def province_label(self, event):
        return event.where_label()

    # A figure keeps its "hơn"/"gần" and its "chưa rõ" here too, as on every public page.
    @admin.display(description=_("sessions"), ordering="sessions")
    def sessions_shown(self, event):
        return qualified(event, event.sessions)

    @admin.display(description=_("participants reached"), ordering="participants")
    def participants_shown(self, event):
        return qualified(event, event.participants)

    # Scope: every path goes through get_queryset, so another branch's record is a 404.

    def get_queryset(self, request):
        return super().get_queryset(request).editable_by(request.user)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("No such activity."))
        return obj

    def changelist_view(self, request, extra_context=None):
        # The "Deleted activities" link: shown to whom deleted_view lets in. No navigation
        # sidebar: with the filters beside it the list would not fit a desk screen.
        extra_context = {
            "is_central": is_central(request.user),
            "is_nav_sidebar_enabled": False,
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def revert_disabled(self, request, obj=None):
        return not is_central(request.user)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or is_central(request.user):
            return allowed
        return allowed and obj.status in (OutreachEvent.Status.DRAFT, OutreachEvent.Status.RETURNED)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def has_submit_permission(self, request):
        # Reviewers publish; sending for review is the clerk's step, as on the change form.
        return self.has_change_permission(request) and not can_publish(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not is_central(request.user):
            # Bulk delete would bypass the "drafts only" rule of has_delete_permission(obj).
            actions.pop("delete_selected", None)
        return actions

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            fields += ["status", *EDITORIAL]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None or can_publish(request.user):
            return fieldsets
        # A clerk's new activity: nothing to show in fields they may not fill in.
        return [
            (label, {**options, "fields": activity_fields.without(options["fields"], EDITORIAL)})
            for label, options in fieldsets
        ]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        regulation = Agreement.objects.for_new_activities()
        if regulation:
            initial.setdefault("agreement", regulation.pk)
        # A clerk's own branch, when they work for one (the most common case by far).
        own = list(request.user.branch_assignments.values_list("branch_id", flat=True)[:2])
        if len(own) == 1:
            initial.setdefault("organiser", own[0])
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organiser":
            kwargs["queryset"] = UnionBranch.objects.workable_by(request.user)
        if db_field.name == "agreement":
            kwargs["queryset"] = Agreement.objects.filter(
                kind=Agreement.Kind.COORDINATION_REGULATION
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "focus_areas":
            # Retired areas stay on the records that have them, and are offered nowhere else.
            # Its own areas by id: a join over every activity's links would read them all.
            object_id = request.resolver_match.kwargs.get("object_id")
            links = OutreachEvent.focus_areas.through.objects
            own = (
                links.filter(outreachevent_id=object_id)
                if str(object_id or "").isdigit()
                else links.none()
            )
            kwargs["queryset"] = FocusArea.objects.filter(
                Q(is_active=True) | Q(pk__in=own.values("focusarea_id"))
            ).order_by("number")
            kwargs.setdefault("help_text", FOCUS_AREA_NOTE)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        return activities_found(queryset, search_term), False

    @admin.action(description=_("Send selected activities for review"), permissions=["submit"])
    def submit_selected(self, request, queryset):
        # The same move and rules as the change form's button, record by record.
        submitted = OutreachEvent.Status.SUBMITTED
        statuses = list(queryset.order_by().values_list("status", flat=True))
        sent = change_status(queryset, submitted, by=request.user)
        starts, _needs_reviewer = MOVES[submitted]
        skipped = Counter(status for status in statuses if status not in starts)
        if raced := len(statuses) - sent - skipped.total():
            skipped[None] = raced  # moved by someone else between the list and the action
        level = messages.SUCCESS if sent else messages.WARNING
        self.message_user(request, outcomes.bulk_submitted(sent, skipped), level)

    @admin.action(description=_("Publish selected activities"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._change_status(request, queryset, OutreachEvent.Status.PUBLISHED)

    @admin.action(description=_("Withdraw selected activities"), permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        self._change_status(request, queryset, OutreachEvent.Status.WITHDRAWN)

    # The staff export is in the import's columns, so a corrected file imports back as it is.
    @admin.action(description=_("Export selected activities (Excel, re-importable)"))
    def export_xlsx(self, request, queryset):
        return download(staffexport.xlsx_file(queryset), "hoat-dong-quan-tri.xlsx")

    @admin.action(description=_("Export selected activities (CSV, re-importable)"))
    def export_csv(self, request, queryset):
        return download(staffexport.csv_lines(queryset), "hoat-dong-quan-tri.csv")

    def _change_status(self, request, queryset, status):
        changed = change_status(queryset, status, by=request.user)
        label = OutreachEvent.Status(status).label
        self.message_user(
            request,
            ngettext(
                "%(count)d activity is now %(status)s.",
                "%(count)d activities are now %(status)s.",
                changed,
            )
            % {"count": changed, "status": label},
            messages.SUCCESS,
        )

    def get_urls(self):
        return import_urls(self.admin_site, ACTIVITIES) + super().get_urls()
