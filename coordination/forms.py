import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from . import activity_fields, dates, services
from .bounds import validate_query_date
from .filters import ProvinceChoiceField
from .models import OutreachEvent, Province, UnionBranch
from .months import ONE_DAY, add_months, last_day, period_start


class OutreachEventAdminForm(forms.ModelForm):
    """The staff form; refuses a save based on a stale copy of the record (no lost updates)."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    review_comment = forms.CharField(
        label=_("Comment for the review"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the clerk when you return an activity; kept in its history."),
    )
    #: What a clerk proposed for a published activity: shown instead of the published values.
    proposed_initial = None

    class Meta:
        model = OutreachEvent
        fields = activity_fields.RECORDED
        widgets = {"focus_areas": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.proposed_initial and not self.is_bound:
            self.initial.update(self.proposed_initial)
        if self.instance.pk and not self.is_bound:
            # Read from the table, not the instance: a revert form shows an old version.
            self.fields["loaded_version"].initial = (
                OutreachEvent.objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
        if "focus_areas" in self.fields:
            self.fields["focus_areas"].required = True
            self.fields["focus_areas"].error_messages["required"] = _(
                "Choose at least one focus area."
            )

    def clean(self):
        cleaned = super().clean()
        # A return needs its reason; a record that was returned earlier and is now published,
        # submitted or saved again (or restored to such a version) already has one.
        returning = "_return" in self.data or "_return_change" in self.data
        to_returned = cleaned.get("status") == "returned" and "status" in self.changed_data
        if returning or to_returned:
            try:
                services.require_return_reason(cleaned.get("review_comment"))
            except ValidationError as error:
                self.add_error("review_comment", error)
        if self.instance.pk:
            self._check_version(cleaned)
        return cleaned

    def _check_version(self, cleaned):
        # Runs inside the admin's transaction: the row stays locked until the save.
        current = OutreachEvent.objects.select_for_update().filter(pk=self.instance.pk).first()
        if current is None:
            return  # restoring a deleted activity from its history: nobody else has it
        loaded = cleaned.get("loaded_version")
        if loaded == current.version:
            self.instance.version = current.version + 1
            return
        last = current.history.select_related("history_user").first()
        who = (
            (last.history_user.get_full_name() or last.history_user.get_username())
            if (last and last.history_user)
            else _("someone")
        )
        when = formats.date_format(
            timezone.localtime(last.history_date if last else current.updated_at),
            "d/m/Y H:i",
        )
        self.conflict = {"who": who, "when": when, "rows": self._differences(current, cleaned)}
        # Saving again on purpose applies what you typed over their version.
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_version")] = current.version
        raise forms.ValidationError(
            _("Your changes were not saved: %(who)s saved this activity at %(when)s.")
            % {"who": who, "when": when},
            code="conflict",
        )

    def _differences(self, current, cleaned):
        rows = []
        for name, field in self.fields.items():
            if name in ("loaded_version", "review_comment") or name not in cleaned:
                continue
            theirs = getattr(current, name)
            yours = cleaned[name]
            if hasattr(theirs, "all"):
                theirs, yours = set(theirs.all()), set(yours or [])
            if (theirs or None) != (yours or None):
                rows.append(
                    {"label": field.label, "theirs": show_value(theirs), "yours": show_value(yours)}
                )
        return rows


def show_value(value):
    if value in (None, "", set()):
        return "–"
    if isinstance(value, set):
        return "; ".join(sorted(str(item) for item in value))
    if hasattr(value, "strftime"):
        return dates.shown(value)
    return str(value)


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class ReportForm(forms.Form):
    """Which period (and optionally which province or branch) a periodic report covers."""

    PERIODS = [
        ("quarter", _("Quarter")),
        ("half", _("Half-year")),
        ("year", _("Year")),
        ("custom", _("Custom range")),
    ]

    period = forms.ChoiceField(label=_("Period type"), choices=PERIODS, initial="quarter")
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[("", "–")] + [(n, ROMAN[n]) for n in range(1, 5)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    half = forms.TypedChoiceField(
        label=_("Half-year"),
        choices=[("", "–"), (1, _("first six months")), (2, _("last six months"))],
        coerce=int,
        empty_value=None,
        required=False,
    )
    date_from = forms.DateField(
        label=_("From (dd/mm/yyyy)"),
        required=False,
        input_formats=dates.INPUT_FORMATS,
        validators=[validate_query_date],
    )
    date_to = forms.DateField(
        label=_("To (dd/mm/yyyy)"),
        required=False,
        input_formats=dates.INPUT_FORMATS,
        validators=[validate_query_date],
    )
    # The lists' field: a former province's code gets the message naming what it may mean.
    province = ProvinceChoiceField(label=_("Province"), required=False)
    branch = forms.ModelChoiceField(
        label=_("Union branch"),
        queryset=UnionBranch.objects.filter(level__lte=2).order_by("level", "sort_key"),
        to_field_name="code",
        required=False,
        empty_label=_("All branches"),
    )

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "number" in data:
            # Addresses saved before the quarter and the half had their own fields.
            data = data.copy()
            key = "half" if data.get("period") == "half" else "quarter"
            data.setdefault(key, data.get("number"))
        super().__init__(data, *args, **kwargs)
        self.fields["province"].choices = [("", _("All provinces"))] + list(
            Province.objects.current().order_by("sort_key").values_list("code", "name")
        )

    @staticmethod
    def last_completed_quarter(today=None):
        """The data that opens the report page: the last quarter that has ended."""
        start = period_start(add_months(today or timezone.localdate(), -3), 3)
        return {
            "period": "quarter",
            "year": str(start.year),
            "quarter": str((start.month - 1) // 3 + 1),
        }

    def clean(self):
        cleaned = super().clean()
        period, year = cleaned.get("period"), cleaned.get("year")
        if period == "custom":
            start, end = cleaned.get("date_from"), cleaned.get("date_to")
            if not start or not end:
                raise forms.ValidationError(_("Give both dates of the custom range."))
            if end < start:
                raise forms.ValidationError(_("The end date cannot be before the start date."))
            if (end - start).days > 366 * 20:
                raise forms.ValidationError(_("A report covers at most twenty years."))
        elif period:
            if not year:
                raise forms.ValidationError(_("Give the year."))
            if period == "year":
                start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
            else:
                months = 3 if period == "quarter" else 6
                number = cleaned.get(period)
                if not number:
                    raise forms.ValidationError(
                        _("Give a quarter from 1 to 4.")
                        if period == "quarter"
                        else _("Give a half from 1 to 2.")
                    )
                start = datetime.date(year, (number - 1) * months + 1, 1)
                end = last_day(start, months)
        else:
            return cleaned
        cleaned["start"], cleaned["end"] = start, end
        cleaned["previous"] = _previous(period, start, end)
        cleaned["period_label"] = _period_label(period, cleaned, start, end)
        cleaned["period_slug"] = {
            "quarter": f"{start.year}-q{cleaned.get('quarter')}",
            "half": f"{start.year}-h{cleaned.get('half')}",
            "year": str(start.year),
        }.get(period, f"{start:%Y-%m-%d}_{end:%Y-%m-%d}")
        return cleaned


def _period_label(period, cleaned, start, end):
    """ "quý III năm 2025", "6 tháng đầu năm 2025", "năm 2025", "từ 01/01/2025 đến …"."""
    if period == "quarter":
        return _("quarter %(roman)s of %(year)s") % {
            "roman": ROMAN[cleaned["quarter"]],
            "year": start.year,
        }
    if period == "half":
        if cleaned["half"] == 1:
            return _("the first six months of %(year)s") % {"year": start.year}
        return _("the last six months of %(year)s") % {"year": start.year}
    if period == "year":
        return _("the year %(year)s") % {"year": start.year}
    return _("from %(start)s to %(end)s") % {
        "start": dates.shown(start),
        "end": dates.shown(end),
    }


def _previous(period, start, end):
    """The period of the same length just before: previous quarter, half, year or range."""
    if period == "custom":
        prev_end = start - ONE_DAY
        return prev_end - (end - start), prev_end
    months = {"quarter": 3, "half": 6, "year": 12}[period]
    return add_months(start, -months), start - ONE_DAY
