"""Small per-row pieces of the activity tables, in Python: a list page renders 25-100 rows,
and a template include per cell costs more than the page's SQL."""

from html import escape

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .. import dates, refdata
from ..charts import grouped
from ..links import detail_url

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
    number = grouped(value)
    return format_html("{} {}", prefix, number) if prefix else number


@register.simple_tag
def event_rows(events):
    """The rows of an activity table (coordination/_event_table.html), drawn in one pass:
    Django's per-call escaping and URL reversing cost more than the list's SQL at 25+ rows."""
    organised, sessions, participants = (
        escape(_(label)) for label in ("Organised by", "Sessions", "Participants")
    )
    rows = []
    for event in refdata.with_references(events):
        where = event.where_label()
        link = detail_url("event-detail", event.pk)
        rows.append(
            f'<tr><td class="when">{escape(event_when(event))}</td>'
            f'<td class="title"><a href="{escape(link)}">{escape(event.title)}</a><br>'
            f'<span class="muted">{escape(str(event.activity_type))}</span></td>'
            f'<td class="where">{escape(str(where))}</td>'
            f'<td data-label="{organised}">{escape(event.organised_by)}</td>'
            f'<td class="num" data-label="{sessions}">{qualified(event, event.sessions)}</td>'
            f'<td class="num" data-label="{participants}">'
            f"{qualified(event, event.participants)}</td></tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 every value escaped above
