"""Widgets of the filter form drawn in Python: Django draws each input and each option
through a template, which costs more than a list page's SQL once a select has a hundred
options."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from . import refdata


class FastSelect(forms.Select):
    """A select drawn in Python: Django renders each option through a template, which costs
    more than the list's SQL once a select has a hundred options or more."""

    #: (name, content version) under which the filter's form keeps this select's options
    #: drawn once (coordination/refdata.py); only the chosen ones are marked on each page.
    kept_as = None

    def render(self, name, value, attrs=None, renderer=None):
        if self.kept_as is None:
            options = self._options(name, value, attrs)
        else:
            key, version = self.kept_as
            options = refdata.kept(key, lambda: self._options(name, None, attrs), version)
            for chosen in self.format_value(value):
                mark = f'<option value="{escape(str(chosen))}">'
                options = options.replace(mark, mark[:-1] + " selected>", 1)
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe(options),  # noqa: S308 every piece escaped in _options
        )

    def _options(self, name, value, attrs):
        parts = []
        for group, options, _index in self.get_context(name, value, attrs)["widget"]["optgroups"]:
            html = "".join(
                f'<option value="{escape(str(o["value"]))}"'
                f"{' selected' if o['selected'] else ''}>{escape(str(o['label']))}</option>"
                for o in options
            )
            parts.append(
                f'<optgroup label="{escape(str(group))}">{html}</optgroup>' if group else html
            )
        return "".join(parts)


class _DrawnInPython:
    """An input drawn in Python, as Django's input.html template draws it."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
        return format_html(
            '<input type="{}" name="{}"{}{}>', widget["type"], name, shown, flatatt(widget["attrs"])
        )


class FastTextInput(_DrawnInPython, forms.TextInput):
    pass


class FastDateInput(_DrawnInPython, forms.DateInput):
    pass


class ChoicesOnce(BaseChoiceIterator):
    """Choices read from the database the first time they are drawn, then kept."""

    def __init__(self, read):
        self.read, self.items = read, None

    def __iter__(self):
        if self.items is None:
            self.items = list(self.read())
        yield from self.items
