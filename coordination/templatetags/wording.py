"""Wording that must read the same everywhere: the focus-area statement and qualified sums."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..charts import grouped
from ..models.agreements import FOCUS_AREA_NOTE

register = template.Library()


@register.simple_tag
def focus_area_note():
    return format_html('<p class="note focus-note">{}</p>', FOCUS_AREA_NOTE)


@register.simple_tag
def qualified_total(totals, name):
    """ "hơn 2.000" when a report said "more than", "chưa rõ" when none gave a figure."""
    qualifier = totals.get(f"{name}_qualifier", "exact")
    if qualifier == "unknown":
        return format_html('<span class="muted">{}</span>', _("unknown"))
    prefix = {
        "more_than": _("more than"),
        "at_least": _("at least"),
        "nearly": _("nearly"),
    }.get(qualifier)
    number = grouped(totals[name] or 0)
    return f"{prefix} {number}" if prefix else number
