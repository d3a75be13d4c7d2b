"""Small per-row pieces of the activity tables, in Python: a list page renders 25-100 rows,
and a template include per cell costs more than the page's SQL."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .. import dates

register = template.Library()


@register.simple_tag
def event_when(event):
    """The date or period, to the precision the report gives: 05/2024, 2023–2024…"""
    if not event.start_date:
        return _("date not given")
    pattern = dates.BY_PRECISION.get(event.date_precision, dates.DAY)
    start = event.start_date.strftime(pattern)
    end = event.end_date.strftime(pattern) if event.end_date else start
    return start if end == start else f"{start}–{end}"


@register.simple_tag
def qualified(event, value):
    """A count with the report's "more than" / "nearly", or a dash when not given."""
    if value is None:
        return format_html('<span class="muted">{}</span>', _("unknown"))
    prefix = {"more_than": _("more than"), "nearly": _("nearly")}.get(event.figures_qualifier)
    number = intcomma(value)
    return format_html("{} {}", prefix, number) if prefix else number
