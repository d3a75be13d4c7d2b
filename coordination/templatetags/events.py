"""Small per-row pieces of the activity tables, in Python: a list page renders 25-100 rows,
and a template include per cell costs more than the page's SQL."""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .. import dates, refdata
from ..links import detail_url
from ..qualified import UNKNOWN, Figure

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
    """A count with the report's "more than" / "nearly", or "chưa rõ" when not given: the
    Figure of one activity, worded as every sum is."""
    figure = Figure(None, UNKNOWN) if value is None else Figure(value, event.figures_qualifier)
    return mark_safe(figure.__html__())  # noqa: S308 the Figure escapes itself


@register.simple_tag
def event_rows(events):
    """The rows of an activity table (coordination/_event_table.html), drawn in one pass:
    Django's per-call escaping and URL reversing cost more than the list's SQL at 25+ rows."""
    # Each msgid written out, so that makemessages finds it.
    organised = escape(_("Organised by"))
    sessions, participants = escape(_("Sessions")), escape(_("Participants"))
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
