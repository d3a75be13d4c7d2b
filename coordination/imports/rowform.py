"""The form each activity row goes through: the model's own validation, without a query per row."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import dates
from ..models import ActivityType, OutreachEvent, Province, UnionBranch
from .columns import FIELDS


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
        # Messages that say what is allowed (Django's own Vietnamese ones do not, or read oddly).
        for field in self.fields.values():
            field.error_messages["required"] = _("This column needs a value in every row.")
            field.error_messages["max_length"] = _(
                "At most %(limit_value)d characters are allowed (this cell has %(show_value)d)."
            )
        for key in ("start_date", "end_date"):
            self.fields[key].input_formats = dates.INPUT_FORMATS
            self.fields[key].error_messages["invalid"] = _(
                "Write a real date as dd/mm/yyyy, e.g. 15/08/2025."
            )
        for key in ("sessions", "participants"):
            for code in ("invalid", "min_value", "max_value"):
                self.fields[key].error_messages[code] = _("Write a whole number, 0 or more.")

    def _get_validation_exclusions(self):
        # These records were just read from the database, and every reference in the file
        # looked up at once: checking each again would cost a query per row.
        checked = {"activity_type", "organiser", "province", "external_ref"}
        return super()._get_validation_exclusions() | checked

    class Meta:
        model = OutreachEvent
        fields = FIELDS
