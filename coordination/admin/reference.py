"""Reference data: everyone on the staff reads it, central administrators edit it."""

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
from ..permissions import is_central
from .recorded import RecordedChangesAdmin
from .widgets import SafeAutocompleteMixin

admin.site.site_header = _("Security coordination tracker")
admin.site.site_title = _("Coordination tracker")
admin.site.index_title = _("Administration")
admin.site.site_url = "/"


class ReferenceAdmin(RecordedChangesAdmin, SimpleHistoryAdmin):
    def revert_disabled(self, request, obj=None):
        return not is_central(request.user)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history only hides the revert button; refuse the POST itself too.
        if request.method == "POST" and self.revert_disabled(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Source)
class SourceAdmin(RecordedChangesAdmin, admin.ModelAdmin):
    list_display = ["key", "title", "author", "publisher"]
    search_fields = ["title", "author"]


@admin.register(Province)
class ProvinceAdmin(ReferenceAdmin):
    list_display = ["name", "code", "era", "successor"]
    list_filter = ["era", "kind"]
    list_select_related = ["successor"]
    search_fields = ["name", "code"]
    ordering = ["era", "code"]


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0


class FocusAreaInline(admin.TabularInline):
    model = FocusArea
    extra = 0
    fields = ["number", "code", "name", "derived_from_articles"]


@admin.register(Agreement)
class AgreementAdmin(ReferenceAdmin):
    list_display = ["number", "kind", "title", "signed_on", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["number", "title"]
    filter_horizontal = ["legal_bases", "supersedes"]
    inlines = [SignatoryInline, FocusAreaInline]


@admin.register(Signatory)
class SignatoryAdmin(ReferenceAdmin):
    list_display = ["name", "rank", "position", "organisation", "role", "agreement"]
    list_filter = ["role", "organisation"]
    list_select_related = ["agreement"]
    search_fields = ["name"]


@admin.register(FocusArea)
class FocusAreaAdmin(ReferenceAdmin):
    list_display = ["number", "name", "agreement", "derived_from_articles"]
    list_filter = ["agreement", "derived_from_articles"]
    list_select_related = ["agreement"]
    search_fields = ["name", "code"]


@admin.register(Award)
class AwardAdmin(ReferenceAdmin):
    list_display = ["medal", "conferred_by", "recipient_group", "recipient_count", "agreement"]
    list_select_related = ["agreement"]


@admin.register(KeyFigure)
class KeyFigureAdmin(ReferenceAdmin):
    list_display = ["label", "qualifier", "value", "value_text", "order"]


@admin.register(ActivityType)
class ActivityTypeAdmin(ReferenceAdmin):
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]


@admin.register(UnionBranch)
class UnionBranchAdmin(SafeAutocompleteMixin, ReferenceAdmin):
    list_display = ["name", "code", "kind", "level", "parent", "province", "member_count"]
    list_filter = ["kind", "level"]
    list_select_related = ["parent", "province"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent", "province"]

    def get_search_results(self, request, queryset, search_term):
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        # The organiser picker of an activity offers only the branches in the user's scope.
        if (
            request.GET.get("model_name") == "outreachevent"
            and request.GET.get("field_name") == "organiser"
            and not is_central(request.user)
        ):
            queryset = queryset & UnionBranch.objects.scope_of(request.user)
        return queryset, duplicates


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["user", "branch"]
    list_select_related = ["user", "branch"]
    autocomplete_fields = ["branch"]
    search_fields = ["user__username", "branch__name", "branch__code"]
