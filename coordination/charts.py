"""Bar charts and their tables, drawn on the server: no script, no network, a link on
every bar and row. Built as strings: the dashboard draws hundreds of rows, which
Django's templates and format_html would take longer to draw than the figures take to read."""

from html import escape

from django.urls import reverse
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _


def grouped(number):
    """1234567 → "1.234.567" in Vietnamese, "1,234,567" in English."""
    return f"{number:,}".replace(",", get_format("THOUSAND_SEPARATOR"))


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
    """The chart's figures as a table, each name a link to the filtered list."""
    if not rows:
        return mark_safe(f'<p class="info">{escape(_("Nothing to show for these filters."))}</p>')
    base = escape(reverse("event-list"))
    separator = get_format("THOUSAND_SEPARATOR")
    head = "".join(
        f'<th scope="col" class="num">{escape(str(text))}</th>'
        for text in (_("Activities"), _("Sessions"), _("Participants"))
    )
    body = "".join(
        f'<tr><td><a href="{base}?{escape(row.get("query", ""))}">'
        f"{escape(str(row['label']))}</a></td>"
        + "".join(
            f'<td class="num">{row[key]:,}</td>'.replace(",", separator)
            for key in ("activities", "sessions", "participants")
        )
        + "</tr>"
        for row in rows
    )
    return mark_safe(  # noqa: S308 every value escaped above
        f'<div class="table-scroll"><table><thead><tr><th scope="col">{escape(str(name_label))}'
        f"</th>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def summary_line(summary):
    """ "From 01/2016 to 10/2026: N activities, M participants reached in P provinces and
    cities", keeping the reports' "more than" / "nearly" in the total they add up to."""
    pattern = "%m/%Y" if summary["by_month"] else "%d/%m/%Y"
    participants = grouped(summary["participants"])
    if summary["more_than"] and not summary["nearly"]:
        participants = _("more than %(number)s") % {"number": participants}
    elif summary["nearly"] and not summary["more_than"]:
        participants = _("nearly %(number)s") % {"number": participants}
    figures = _(
        "%(activities)s activities, %(participants)s participants reached "
        "in %(provinces)s provinces and cities"
    ) % {
        "activities": grouped(summary["activities"]),
        "participants": participants,
        "provinces": grouped(summary["provinces"]),
    }
    if summary["first"]:
        figures = _("From %(first)s to %(last)s: %(figures)s") % {
            "first": summary["first"].strftime(pattern),
            "last": summary["last"].strftime(pattern),
            "figures": figures,
        }
    notes = []
    if summary["more_than"] and summary["nearly"]:
        notes.append(_("the participants add up figures given as “more than” and as “nearly”"))
    if summary["some_not_given"]:
        notes.append(_("activities that give no number of participants are not in that total"))
    html = f'<p class="summary-line">{escape(figures)}.'
    if notes:
        html += f' <span class="note">({escape("; ".join(str(n) for n in notes))})</span>'
    return mark_safe(html + "</p>")  # noqa: S308 every value escaped above
