"""Reference data: everyone on the staff reads it, central administrators edit it."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..models import (
    ActivityType,
    Agreement,
    Award,
    FocusArea,
    KeyFigure,
    Province,
    Signatory,
    Source,
    StaffAssignment,
    UnionBranch,
)
from ..models.agreements import FOCUS_AREA_NOTE
from ..roles import is_central, visible_accounts
from .imports import BRANCHES
from .imports import urls as import_urls
from .recorded import RecordedChangesAdmin
from .search import FoldedSearchMixin
from .widgets import BoundedInline, SafeAutocompleteMixin

admin.site.site_header = _("Security coordination tracker")
admin.site.site_title = _("Coordination tracker")
admin.site.index_title = _("Administration")
admin.site.site_url = "/"
# The review queue and "mine" counts on top of the index (Django's admin templates come first
# in the template search, so an override of admin/index.html would not be seen).
admin.site.index_template = "admin/coordination/index.html"


class CentralModule:
    """Reference data is central administrators' work: the rest of the staff read it through
    the activity form's pickers, and their admin index lists only what they work on."""

    def has_module_permission(self, request):
        return is_central(request.user) and super().has_module_permission(request)


class ReferenceAdmin(CentralModule, FoldedSearchMixin, RecordedChangesAdmin, SimpleHistoryAdmin):
    def revert_disabled(self, request, obj=None):
        return not is_central(request.user)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history only hides the revert button; refuse the POST itself too.
        if request.method == "POST" and self.revert_disabled(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Source)
class SourceAdmin(CentralModule, FoldedSearchMixin, RecordedChangesAdmin, admin.ModelAdmin):
    list_display = ["key", "title", "author", "publisher"]
    search_fields = ["title", "author"]


@admin.register(Province)
class ProvinceAdmin(ReferenceAdmin):
    list_display = ["name", "code", "era", "successor", "change"]
    list_filter = ["era", "kind", "change"]
    list_select_related = ["successor"]
    search_fields = ["name", "code"]
    ordering = ["era", "sort_key"]


class SignatoryInline(BoundedInline, admin.TabularInline):
    model = Signatory
    extra = 0


class AwardInline(BoundedInline, admin.StackedInline):
    model = Award
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(ReferenceAdmin):
    list_display = ["title", "number", "kind", "signed_on", "status", "logs_new_activities"]
    list_filter = ["kind", "status", "logs_new_activities"]
    search_fields = ["number", "title", "title_en"]
    filter_horizontal = ["legal_bases", "supersedes"]
    inlines = [SignatoryInline, AwardInline]


@admin.register(Signatory)
class SignatoryAdmin(ReferenceAdmin):
    list_display = ["name", "rank", "position", "organisation", "role", "agreement"]
    list_filter = ["role", "organisation"]
    list_select_related = ["agreement"]
    search_fields = ["name"]


@admin.register(FocusArea)
class FocusAreaAdmin(ReferenceAdmin):
    list_display = ["number", "name", "name_en", "code", "is_active"]
    list_display_links = ["name"]
    list_editable = ["number", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_en", "code"]
    ordering = ["number", "code"]

    def get_readonly_fields(self, request, obj=None):
        # A code is what links, filters and spreadsheets name the area by: fixed once used.
        return ["code"] if obj else []

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "subtitle": FOCUS_AREA_NOTE}
        return super().changelist_view(request, extra_context)


@admin.register(Award)
class AwardAdmin(ReferenceAdmin):
    list_display = ["medal", "conferred_by", "recipient_group", "recipient_count", "agreement"]
    list_select_related = ["agreement"]


@admin.register(KeyFigure)
class KeyFigureAdmin(ReferenceAdmin):
    list_display = ["label", "label_en", "qualifier", "value", "value_text", "order"]


@admin.register(ActivityType)
class ActivityTypeAdmin(ReferenceAdmin):
    list_display = ["name", "name_en", "code", "order"]
    search_fields = ["name", "name_en", "code"]
    ordering = ["order", "sort_key"]


class UnionBranchForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        level = cleaned.get("level")
        if level is not None and "parent" not in self.errors:
            error = self.instance.placement_error(cleaned.get("parent"), level)
            if error:
                self.add_error("parent", error)
        return cleaned


@admin.register(UnionBranch)
class UnionBranchAdmin(SafeAutocompleteMixin, ReferenceAdmin):
    form = UnionBranchForm
    list_display = ["name", "code", "kind", "level", "parent", "province", "member_count"]
    list_filter = ["kind", "level"]
    list_select_related = ["parent", "province"]
    search_fields = ["name", "short_name", "code"]
    ordering = ["level", "sort_key"]
    autocomplete_fields = ["parent", "province"]

    def changelist_view(self, request, extra_context=None):
        # The import link: shown to whom the branch import lets in.
        extra_context = {"is_central": is_central(request.user), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        # The organiser picker of an activity offers only the branches in the user's scope.
        if (
            request.GET.get("model_name") == "outreachevent"
            and request.GET.get("field_name") == "organiser"
        ):
            queryset = queryset & UnionBranch.objects.workable_by(request.user)
        return queryset, duplicates

    def get_urls(self):
        return import_urls(self.admin_site, BRANCHES) + super().get_urls()


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(SafeAutocompleteMixin, FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["user", "branch"]
    list_select_related = ["user", "branch"]
    autocomplete_fields = ["branch"]
    search_fields = ["user__username", "branch__name", "branch__code"]

    def get_queryset(self, request):
        users = visible_accounts(request.user)
        return super().get_queryset(request).filter(user__in=users)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = visible_accounts(request.user).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
