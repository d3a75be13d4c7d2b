from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    ActivityType,
    Agreement,
    Award,
    FocusArea,
    KeyFigure,
    OutreachEvent,
    Province,
    Signatory,
    Source,
    StaffAssignment,
    UnionBranch,
)

admin.site.site_header = _("Security coordination tracker")
admin.site.site_title = _("Coordination tracker")
admin.site.index_title = _("Administration")
admin.site.site_url = "/"


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["key", "title", "author", "publisher"]
    search_fields = ["title", "author"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
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
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "title", "signed_on", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["number", "title"]
    filter_horizontal = ["legal_bases", "supersedes"]
    inlines = [SignatoryInline, FocusAreaInline]


@admin.register(Signatory)
class SignatoryAdmin(admin.ModelAdmin):
    list_display = ["name", "rank", "position", "organisation", "role", "agreement"]
    list_filter = ["role", "organisation"]
    list_select_related = ["agreement"]
    search_fields = ["name"]


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "agreement", "derived_from_articles"]
    list_filter = ["agreement", "derived_from_articles"]
    list_select_related = ["agreement"]
    search_fields = ["name", "code"]


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["medal", "conferred_by", "recipient_group", "recipient_count", "agreement"]
    list_select_related = ["agreement"]


@admin.register(KeyFigure)
class KeyFigureAdmin(admin.ModelAdmin):
    list_display = ["label", "qualifier", "value", "value_text", "order"]


@admin.register(ActivityType)
class ActivityTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]


@admin.register(UnionBranch)
class UnionBranchAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "level", "parent", "province", "member_count"]
    list_filter = ["kind", "level"]
    list_select_related = ["parent", "province"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent", "province"]


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "branch"]
    list_select_related = ["user", "branch"]
    autocomplete_fields = ["branch"]
    search_fields = ["user__username", "branch__name", "branch__code"]


@admin.register(OutreachEvent)
class OutreachEventAdmin(admin.ModelAdmin):
    list_display = ["title", "start_date", "province", "organiser", "activity_type", "status"]
    list_filter = ["status", "activity_type"]
    list_select_related = ["province", "organiser", "activity_type"]
    search_fields = ["title", "search_text"]
    autocomplete_fields = ["organiser", "province"]
    filter_horizontal = ["focus_areas", "partners"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
