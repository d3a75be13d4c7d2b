"""The form each activity row goes through: the model's own validation, without a query per row."""

from django import forms
from django.core.exceptions import ValidationError

from ..models import ActivityType, OutreachEvent, Province, UnionBranch

FORM_FIELDS = [
    "external_ref",
    "title",
    "description",
    "activity_type",
    "organiser",
    "partners",
    "province",
    "place",
    "start_date",
    "end_date",
    "date_precision",
    "sessions",
    "participants",
]


class _LookedUp(forms.ModelChoiceField):
    """A choice among the records the import fetched once (by id): no query per row."""

    records = {}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        record = self.records.get(value)
        if record is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return record


class ImportRowForm(forms.ModelForm):
    activity_type = _LookedUp(ActivityType.objects.none())
    organiser = _LookedUp(UnionBranch.objects.none())
    province = _LookedUp(Province.objects.none(), required=False)

    def __init__(self, *args, lookups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity_type"].records = lookups.type_records
        self.fields["organiser"].records = lookups.branch_records
        self.fields["province"].records = lookups.province_records
        for key in ("start_date", "end_date"):
            self.fields[key].input_formats = ["%d/%m/%Y", "%Y-%m-%d"]

    def _get_validation_exclusions(self):
        # These records were just read from the database, and every reference in the file
        # looked up at once: checking each again would cost a query per row.
        checked = {"activity_type", "organiser", "province", "external_ref"}
        return super()._get_validation_exclusions() | checked

    class Meta:
        model = OutreachEvent
        fields = FORM_FIELDS
