"""Bar charts and their tables, drawn on the server: no script, no network, a link on
every bar and row. Built as strings: the dashboard draws hundreds of rows, which
Django's templates and format_html would take longer to draw than the figures take to read."""

from html import escape

from django.urls import reverse
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import dates
from .qualified import grouped


def qualified_total(totals, name):
    """ "hơn 2.000" when a report said "more than", "chưa rõ" when none gave a figure: the
    Figure (coordination/qualified.py) of the totals, as HTML."""
    return mark_safe(totals[name].__html__())  # noqa: S308 the Figure escapes itself


def bar_chart(rows, title, key="activities", short_labels=False):
    """Horizontal bars, each a link to the activity list filtered to that row.

    Names and figures are HTML text, so they keep the page's font size on a phone (text
    inside a scaled SVG shrinks with it); only the bar is SVG, its length a presentation
    attribute, which a strict CSP allows where a style="" attribute would be refused.
    """
    if not rows:
        return ""
    base = escape(reverse("event-list"))
    separator = get_format("THOUSAND_SEPARATOR")
    items = []
    for row in rows:
        label, value = escape(str(row["label"])), f"{row[key]:,}".replace(",", separator)
        share = max(0.5, row["share"]) if row[key] else 0
        items.append(
            f'<li><a href="{base}?{escape(row.get("query", ""))}">'
            f'<span class="bar-label">{label}</span> <span class="bar-value">{value}</span>'
            f'<svg class="bar-track" aria-hidden="true" focusable="false">'
            f'<rect class="bar" width="{share}%" height="100%" rx="2"></rect></svg></a></li>'
        )
    title = escape(str(title))
    return mark_safe(  # noqa: S308 every value escaped above
        f'<ol class="chart{" short" if short_labels else ""}" aria-label="{title}">'
        + "".join(items)
        + "</ol>"
    )


def breakdown_table(rows, name_label):
    """The chart's figures as a table, each name a link to the filtered list; sessions and
    participants as their Figure says them ("hơn 2.000", "chưa rõ", never 0 for unknown)."""
    if not rows:
        nothing = _("Nothing to show for these filters.")
        return mark_safe(f'<p class="info">{escape(nothing)}</p>')  # noqa: S308 escaped
    base = escape(reverse("event-list"))
    head = "".join(
        f'<th scope="col" class="num">{escape(str(text))}</th>'
        for text in (_("Activities"), _("Sessions"), _("Participants"))
    )
    body = "".join(
        f'<tr><td><a href="{base}?{escape(row.get("query", ""))}">'
        f"{escape(str(row['label']))}</a></td>"
        f'<td class="num">{grouped(row["activities"])}</td>'
        f'<td class="num">{row["sessions"].__html__()}</td>'
        f'<td class="num">{row["participants"].__html__()}</td></tr>'
        for row in rows
    )
    return mark_safe(  # noqa: S308 every value escaped above
        f'<div class="table-scroll"><table><thead><tr><th scope="col">{escape(str(name_label))}'
        f"</th>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def summary_line(summary):
    """ "From 01/2016 to 10/2026: N activities in P provinces and cities; M participants
    reached", the participants qualified as on the dashboard's totals ("hơn", "ít nhất",
    "gần", or unknown, never 0)."""
    pattern = dates.MONTH if summary["by_month"] else dates.DAY
    # Built from parts so that English counts read "1 activity", "1 province or city"; the
    # place is left out when no activity names a province (not "in 0 provinces").
    activities = ngettext(
        "%(activities)s activity", "%(activities)s activities", summary["activities"]
    ) % {"activities": grouped(summary["activities"])}
    if summary["provinces"]:
        activities = ngettext(
            "%(activities)s in %(provinces)s province or city",
            "%(activities)s in %(provinces)s provinces and cities",
            summary["provinces"],
        ) % {"activities": activities, "provinces": grouped(summary["provinces"])}
    if summary["participants"].known:
        people = _("%(participants)s participants reached") % {
            "participants": str(summary["participants"])
        }
    else:
        people = _("participants reached unknown")
    figures = _("%(activities)s; %(participants)s") % {
        "activities": activities,
        "participants": people,
    }
    # Either end may be missing: a start date past the last matching activity leaves no end.
    first, last = summary["first"], summary["last"]
    if first and last:
        figures = _("From %(first)s to %(last)s: %(figures)s") % {
            "first": first.strftime(pattern),
            "last": last.strftime(pattern),
            "figures": figures,
        }
    elif first:
        figures = _("From %(first)s: %(figures)s") % {
            "first": first.strftime(pattern),
            "figures": figures,
        }
    elif last:
        figures = _("Until %(last)s: %(figures)s") % {
            "last": last.strftime(pattern),
            "figures": figures,
        }
    return mark_safe(f'<p class="summary-line">{escape(figures)}.</p>')  # noqa: S308 escaped
