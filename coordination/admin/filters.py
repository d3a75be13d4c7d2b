"""The change list's filters: province and branch lists that narrow as staff type, the
review queue, "mine" and who entered a record."""

import datetime

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Max, Min, Q
from django.utils.translation import gettext_lazy as _

from ..models import (
    FocusArea,
    OutreachEvent,
    PendingChange,
    Province,
    StaffAssignment,
    UnionBranch,
)
from ..roles import can_publish


class ProvinceFilter(admin.SimpleListFilter):
    title = _("province")
    parameter_name = "province"
    template = "admin/coordination/searchable_filter.html"

    def lookups(self, request, model_admin):
        return [(p.code, p.name) for p in Province.objects.current().order_by("sort_key")]

    def queryset(self, request, queryset):
        province = Province.objects.current().filter(code=self.value()).first()
        return queryset.in_province(province) if province else queryset


class BranchFilter(admin.SimpleListFilter):
    title = _("union branch (with sub-branches)")
    parameter_name = "branch"
    template = "admin/coordination/searchable_filter.html"

    def lookups(self, request, model_admin):
        branches = UnionBranch.objects.workable_by(request.user).filter(
            level__lte=UnionBranch.Level.UPPER
        )
        return [(b.code, str(b)) for b in branches.order_by("level", "sort_key")]

    def queryset(self, request, queryset):
        branch = UnionBranch.objects.filter(code=self.value()).first()
        return queryset.in_branch(branch) if branch else queryset


class FocusAreaFilter(admin.SimpleListFilter):
    title = _("focus area (working list)")
    parameter_name = "focus_area"

    def lookups(self, request, model_admin):
        areas = FocusArea.objects.active()
        if self.value():
            areas = areas | FocusArea.objects.filter(code=self.value())
        return [(area.code, str(area)) for area in areas.order_by("number")]

    def queryset(self, request, queryset):
        area = FocusArea.objects.filter(code=self.value()).first()
        return queryset.filter(focus_areas=area) if area else queryset


class YearFilter(admin.SimpleListFilter):
    """Instead of a date hierarchy, whose distinct-dates queries read every row."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        span = OutreachEvent.objects.aggregate(first=Min("start_date"), last=Max("start_date"))
        if not span["first"]:
            return []
        years = range(span["last"].year, span["first"].year - 1, -1)
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        value = self.value()
        if not (value and value.isascii() and value.isdigit() and 1900 <= int(value) <= 2999):
            return queryset
        year = int(value)
        return queryset.filter(
            start_date__gte=datetime.date(year, 1, 1), start_date__lt=datetime.date(year + 1, 1, 1)
        )


class ReviewFilter(admin.SimpleListFilter):
    """The reviewer's queue and the clerk's own unfinished records."""

    title = _("review")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        choices = [("mine", _("Mine: drafts and returned"))]
        if can_publish(request.user):
            choices.insert(0, ("review", _("Waiting for review")))
        return choices

    def queryset(self, request, queryset):
        if self.value() == "review":
            return queryset.awaiting_review()
        if self.value() == "mine":
            return queryset.filter(mine_unfinished(request.user))
        return queryset


def mine_unfinished(user):
    """The user's own drafts and returned records, and their returned changes."""
    Status = OutreachEvent.Status
    # The few returned changes' ids first: an OR across a join or a subquery makes the
    # database read every row in scope; with plain ids it combines two index lookups.
    returned = PendingChange.objects.filter(proposed_by=user, status="returned")
    return Q(created_by=user, status__in=[Status.DRAFT, Status.RETURNED]) | Q(
        pk__in=list(returned.values_list("event_id", flat=True))
    )


class CreatorFilter(admin.SimpleListFilter):
    title = _("entered by")
    parameter_name = "creator"

    def lookups(self, request, model_admin):
        people = get_user_model().objects.filter(is_staff=True)
        branches = UnionBranch.objects.workable_ids(request.user)
        if branches is not None:
            people = people.filter(
                pk__in=StaffAssignment.objects.filter(branch__in=branches).values("user")
            )
        choices = [("me", _("Me"))]
        for person in people.exclude(pk=request.user.pk).order_by("username")[:200]:
            choices.append((str(person.pk), person.get_full_name() or person.get_username()))
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(created_by=request.user)
        if value and value.isascii() and value.isdigit():
            return queryset.filter(created_by_id=int(value))
        return queryset
