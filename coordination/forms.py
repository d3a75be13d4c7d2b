from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .models import OutreachEvent


class OutreachEventAdminForm(forms.ModelForm):
    """The staff form; refuses a save based on a stale copy of the record (no lost updates)."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = OutreachEvent
        fields = [
            "title",
            "description",
            "activity_type",
            "agreement",
            "focus_areas",
            "organiser",
            "partners",
            "partner_note",
            "province",
            "place",
            "start_date",
            "end_date",
            "date_precision",
            "sessions",
            "participants",
            "figures_qualifier",
            "status",
            "external_ref",
            "source",
            "source_excerpt",
        ]
        widgets = {"focus_areas": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
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
        agreement = cleaned.get("agreement")
        areas = cleaned.get("focus_areas")
        if agreement and areas:
            stray = [area for area in areas if area.agreement_id != agreement.pk]
            if stray:
                self.add_error(
                    "focus_areas",
                    _("These focus areas belong to another agreement: %(areas)s")
                    % {"areas": "; ".join(str(area) for area in stray)},
                )
        if self.instance.pk:
            self._check_version(cleaned)
        return cleaned

    def _check_version(self, cleaned):
        # Runs inside the admin's transaction: the row stays locked until the save.
        current = OutreachEvent.objects.select_for_update().get(pk=self.instance.pk)
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
            if name == "loaded_version" or name not in cleaned:
                continue
            theirs = getattr(current, name)
            yours = cleaned[name]
            if hasattr(theirs, "all"):
                theirs, yours = set(theirs.all()), set(yours or [])
            if (theirs or None) != (yours or None):
                rows.append({"label": field.label, "theirs": _show(theirs), "yours": _show(yours)})
        return rows


def _show(value):
    if value in (None, "", set()):
        return "–"
    if isinstance(value, set):
        return "; ".join(sorted(str(item) for item in value))
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)
