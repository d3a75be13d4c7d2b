"""The one FilterSet behind the public list, the dashboard and the exports."""

import datetime

import django_filters
from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from . import dates, province_refs, refdata
from .bounds import validate_query_date
from .models import ActivityType, FocusArea, OutreachEvent, Province, UnionBranch
from .models.agreements import FOCUS_AREA_NOTE
from .province_refs import NATIONWIDE
from .search import activities_matching
from .widgets import ChoicesOnce, FastDateInput, FastSelect, FastTextInput

MAX_QUERY_LENGTH = 200
SORTS = {
    "-date": (F("start_date").desc(nulls_last=True), F("id").desc()),
    "date": (F("start_date").asc(nulls_last=True), F("id").asc()),
    "-participants": (F("participants").desc(nulls_last=True), F("id").desc()),
    "participants": (F("participants").asc(nulls_last=True), F("id").asc()),
    "-sessions": (F("sessions").desc(nulls_last=True), F("id").desc()),
    "sessions": (F("sessions").asc(nulls_last=True), F("id").asc()),
}


class CodeOrIdChoiceField(forms.ModelChoiceField):
    """Accepts a record's code (as the form sends it, looked up in coordination/refdata.py),
    its numeric id or, where the filter allows it, its exact name."""

    match_names = False

    def __init__(self, *args, match_names=False, **kwargs):
        self.match_names = match_names
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        if len(value) > 100:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        match = refdata.by_code(self.queryset.model, value)
        if match is None and value.isascii() and value.isdigit() and len(value) < 19:
            match = self.queryset.filter(pk=int(value)).first()
        if match is None and self.match_names:
            match = self.queryset.filter(name=value).first()
        if match is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return match

    def prepare_value(self, value):
        return getattr(value, "code", value)


class CodeOrIdFilter(django_filters.ModelChoiceFilter):
    field_class = CodeOrIdChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", FastSelect)
        super().__init__(*args, **kwargs)


def province_choices():
    """Current units, former ones labelled with their successor (public references)."""
    provinces = Province.objects.select_related("successor").order_by("sort_key")
    current = [p for p in provinces if p.is_current]
    former = [(province_refs.public(p), p.choice_label()) for p in provinces if not p.is_current]
    # What the dashboard's "as recorded" bars open: the current unit without its former parts.
    as_recorded = [(province_refs.public(p, as_recorded=True), p.name) for p in current]
    current = [(province_refs.public(p), p.name) for p in current]
    return [
        # Records without a province: nationwide ones and those whose source gives no place.
        (NATIONWIDE, _("No province (nationwide or place not given)")),
        (_("Current provinces"), current),
        (_("Former provinces (before 1 July 2025)"), former),
        (_("Recorded under the current unit itself (not its former parts)"), as_recorded),
    ]


def branch_choices(empty_label, selected=None, version=None):
    """The central and upper-level branches; a grassroots one only when it is the one chosen.

    Six hundred grassroots options would cost more to draw than the list itself; each of
    them is reached from its branch page, which links to the list filtered by it.
    """
    upper = refdata.kept("upper-branches", _upper_branches, version)
    chosen = []
    if selected and str(selected) not in {code for code, _name in upper}:
        chosen = list(
            UnionBranch.objects.filter(code=str(selected)[:100]).values_list("code", "name")
        )
    return [("", empty_label), *upper, *chosen]


def _upper_branches():
    branches = UnionBranch.objects.filter(level__lte=UnionBranch.Level.UPPER)
    return list(branches.order_by("level", "sort_key").values_list("code", "name"))


def focus_area_choices(empty_label, selected=None, version=None):
    """The areas in use, in the list's order; a retired one only when it is the one chosen."""
    active = refdata.kept("focus-areas", _active_focus_areas, version)
    chosen = []
    if selected and str(selected) not in {code for code, _name in active}:
        chosen = [(a.code, str(a)) for a in FocusArea.objects.filter(code=str(selected)[:100])]
    return [("", empty_label), *active, *chosen]


def _active_focus_areas():
    return [(area.code, str(area)) for area in refdata.active_focus_areas()]


def _types():
    return [(t.code, str(t)) for t in ActivityType.objects.all()]


def parse_province(value):
    """The province a public reference names, or None."""
    return refdata.province(value)


class ProvinceChoiceField(django_filters.fields.ChoiceField):
    """A bare code that only a former province has (27, former Bắc Ninh) is answered with
    the provinces the user may mean, not with "not one of the available choices"."""

    def validate(self, value):
        try:
            super().validate(value)
        except forms.ValidationError:
            hint = _former_code_hint(value)
            if hint is None:
                raise
            raise forms.ValidationError(hint, code="former_code") from None


def _former_code_hint(value):
    era, code = province_refs.parse_public(str(value).strip()[:20])
    if era != province_refs.CURRENT_ERA or refdata.province(code) is not None:
        return None
    former = refdata.province(province_refs.FORMER + code)
    if former is None:
        return None
    return _(
        "%(code)s is the code of a former province (%(name)s): choose %(successor)s "
        "(%(successor_code)s) or %(former)s."
    ) % {
        "code": code,
        "name": former.name,
        "successor": former.successor.name,
        "successor_code": former.successor.code,
        "former": former.choice_label(),
    }


class ProvinceFilter(django_filters.ChoiceFilter):
    field_class = ProvinceChoiceField


class FilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("date_after"), cleaned.get("date_before")
        if first and last and first > last:
            # Both dropped, so the list, the dashboard and the exports agree on what is shown.
            del cleaned["date_after"], cleaned["date_before"]
            self.reversed_range = (first, last)
            raise forms.ValidationError(
                _(
                    "The start date (%(first)s) is after the end date (%(last)s), so the dates "
                    "were not applied."
                )
                % {"first": dates.shown(first), "last": dates.shown(last)},
                code="reversed_range",
            )
        return cleaned


def _start_date_filter(label, lookup_expr):
    return django_filters.DateFilter(
        label=label,
        field_name="start_date",
        lookup_expr=lookup_expr,
        input_formats=dates.INPUT_FORMATS,
        widget=FastDateInput,
        validators=[validate_query_date],
    )


class OutreachEventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=MAX_QUERY_LENGTH,
        widget=FastTextInput(attrs={"type": "search", "placeholder": _("e.g. bao ve an ninh")}),
    )
    province = ProvinceFilter(
        label=_("Province"),
        choices=province_choices,
        method="filter_province",
        widget=FastSelect,
        empty_label=_("All provinces"),
    )
    branch = CodeOrIdFilter(
        label=_("Union branch"),
        queryset=UnionBranch.objects.order_by("level", "sort_key"),
        method="filter_branch",
        empty_label=_("All branches"),
    )
    focus_area = CodeOrIdFilter(
        label=_("Focus area (working list)"),
        help_text=FOCUS_AREA_NOTE,
        queryset=FocusArea.objects.all(),
        field_name="focus_areas",
        empty_label=_("All focus areas"),
        match_names=True,
    )
    type = CodeOrIdFilter(
        label=_("Activity type"),
        queryset=ActivityType.objects.all(),
        field_name="activity_type",
        empty_label=_("All types"),
    )
    date_after = _start_date_filter(_("From (dd/mm/yyyy)"), "gte")
    date_before = _start_date_filter(_("To (dd/mm/yyyy)"), "lte")
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="sort_by",
        widget=FastSelect,
        empty_label=None,
        choices=[
            ("-date", _("Newest first")),
            ("date", _("Oldest first")),
            ("-participants", _("Most participants")),
            ("participants", _("Fewest participants")),
            ("-sessions", _("Most sessions")),
            ("sessions", _("Fewest sessions")),
        ],
    )

    class Meta:
        model = OutreachEvent
        fields = []
        form = FilterForm

    def get_form_class(self):
        # The fields are the same for every request (their choices are set on each form's own
        # copies below): built once per class instead of once per page.
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            version = refdata.current()
            # Evaluated once: a callable would be called again for validation and for drawing.
            form.fields["province"].choices = refdata.kept("provinces", province_choices, version)
            form.fields["branch"].widget.choices = branch_choices(
                form.fields["branch"].empty_label, self.data.get("branch"), version
            )
            # Read when drawn: the API and the exports never draw the form.
            empty, chosen = form.fields["focus_area"].empty_label, self.data.get("focus_area")
            form.fields["focus_area"].widget.choices = ChoicesOnce(
                lambda: focus_area_choices(empty, chosen, version)
            )
            empty_type = form.fields["type"].empty_label
            form.fields["type"].widget.choices = ChoicesOnce(
                lambda: [("", empty_type), *refdata.kept("types", _types, version)]
            )
            for name in ("province", "type", "sort"):
                form.fields[name].widget.kept_as = (f"{name}-options", version)
            for name in ("branch", "focus_area"):
                # The base list, or the base list and the one retired or grassroots record
                # chosen (a real one: its code came back from the database).
                extra = ",".join(str(code) for code, _label in form.fields[name].widget.choices)
                form.fields[name].widget.kept_as = (f"{name}-options:{hash(extra)}", version)
        return self._form

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*SORTS["-date"])
        return queryset

    def search(self, queryset, name, value):
        return activities_matching(queryset, value)

    def filter_province(self, queryset, name, value):
        if value == NATIONWIDE:
            return queryset.filter(province__isnull=True)
        province = parse_province(value)
        if province and province_refs.is_as_recorded(value):
            return queryset.filter(province=province)
        if not province:
            return queryset.none()
        return queryset.filter(province__in=refdata.province_part_ids(province))

    def filter_branch(self, queryset, name, value):
        return queryset.filter(organiser__in=refdata.subtree_ids(value.pk))

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS[value])


# What a filtered page says it shows ---------------------------------------------------------

_PHRASES = {
    "province": _("in %(value)s"),
    "branch": _("organised by %(value)s or its sub-branches"),
    "focus_area": _("focus area %(value)s"),
    "type": _("type %(value)s"),
    "date_after": _("from %(value)s"),
    "date_before": _("to %(value)s"),
    "q": _("matching “%(value)s”"),
}


def applied(filterset):
    """The filters given and valid (those the list applies), by name, in the form's order."""
    filterset.errors  # noqa: B018 validates the form: invalid fields are ignored, as in qs
    return {
        name: value
        for name, value in filterset.form.cleaned_data.items()
        if value not in (None, "") and name != "sort"
    }


def active_filters(filterset, query):
    """The filters in use, in the form's order: each with its label, a phrase for headings
    ("in Bắc Ninh") and the query string without it (the chip's remove link)."""
    chips = []
    for name, value in applied(filterset).items():
        shown = _value_label(filterset, name, value)
        rest = query.copy()
        rest.pop(name, None)
        rest.pop("page", None)
        chips.append(
            {
                "name": name,
                "label": filterset.form.fields[name].label,
                "value": shown,
                "phrase": _PHRASES[name] % {"value": shown},
                "remove_query": rest.urlencode(),
            }
        )
    return chips


def heading(chips):
    """ "Activities in Bắc Ninh, focus area …" or just "Activities"."""
    if not chips:
        return str(_("Activities"))
    parts = []
    for chip in chips:
        # "từ 01/01/2025 đến 31/12/2025" is one phrase: no comma between a range's two ends.
        if chip["name"] == "date_before" and parts and parts[-1][0] == "date_after":
            parts[-1] = ("range", f"{parts[-1][1]} {chip['phrase']}")
        else:
            parts.append((chip["name"], str(chip["phrase"])))
    return _("Activities %(filters)s") % {"filters": ", ".join(text for _name, text in parts)}


def _value_label(filterset, name, value):
    if isinstance(value, datetime.date):
        return dates.shown(value)
    if name == "province":
        if value == NATIONWIDE:
            return str(_("no province (nationwide or place not given)"))
        province = parse_province(value)
        if province_refs.is_as_recorded(value):
            return str(_("%(name)s (recorded under the current unit)") % {"name": province.name})
        return str(province.name if province.is_current else province.choice_label())
    if name == "branch":
        return value.name
    return str(value)


def swapped_dates(filterset, query):
    """For a range given backwards, the query string with its two dates swapped; else ""."""
    reversed_range = getattr(filterset.form, "reversed_range", None)
    if not reversed_range:
        return ""
    fixed = query.copy()
    # dd/mm/yyyy, as the boxes show and people type them (the form reads ISO too, but the boxes
    # would then show it).
    fixed["date_after"], fixed["date_before"] = (
        dates.shown(day) for day in reversed(reversed_range)
    )
    fixed.pop("page", None)
    return fixed.urlencode()
