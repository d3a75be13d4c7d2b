"""Autocomplete pickers and inlines that survive any value a form is sent back with."""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError


class _KnownValuesOnly:
    """Django's widget looks the submitted ids up again to redraw the form; a value that is
    not an id at all ("abc") would end in a server error there instead of the field's own
    "select a valid choice" message."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        name = getattr(remote, "field_name", None)
        to_field = remote.model._meta.get_field(name) if name else remote.model._meta.pk
        valid = []
        for item in value:
            try:
                to_field.to_python(item)
            except ValidationError:
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


class SafeAutocompleteSelect(_KnownValuesOnly, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_KnownValuesOnly, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteMixin:
    """For a ModelAdmin or inline with autocomplete_fields."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class BoundedInline:
    """For an inline: never more forms than a record can have.

    Django builds as many inline forms as the posted TOTAL_FORMS asks, up to 2,000: a form
    sent back by hand with a billion there took 21 s and drew 18 MB (the agreement's awards).
    With this the formset builds at most `max_num` and says that more were sent.
    """

    max_num = 50

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("absolute_max", self.max_num)
        return super().get_formset(request, obj, **kwargs)
