"""Inline SVG bar charts and their tables, drawn on the server: no script, no network, a
link on every bar and row. Built as strings: the dashboard draws hundreds of rows, which
Django's templates and format_html would take longer to draw than the figures take to read."""

from html import escape

from django.urls import reverse
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

ROW = 36
WIDTH = 640
BAR_MAX = 520


def grouped(number):
    """1234567 → "1.234.567" in Vietnamese, "1,234,567" in English."""
    return f"{number:,}".replace(",", get_format("THOUSAND_SEPARATOR"))


def bar_chart(rows, title, key="activities"):
    """Horizontal bars, each a link to the activity list filtered to that row."""
    if not rows:
        return ""
    base = reverse("event-list")
    separator = get_format("THOUSAND_SEPARATOR")
    bars = []
    for index, row in enumerate(rows):
        label, value = escape(str(row["label"])), f"{row[key]:,}".replace(",", separator)
        short = escape(_shorten(str(row["label"])))
        link = f"{escape(base)}?{escape(row.get('query', ''))}"
        width = max(2, round(BAR_MAX * row["share"] / 100))
        top = index * ROW
        bars.append(
            f'<a href="{link}"><title>{label}: {value}</title>'
            f'<text x="0" y="{top + 12}" class="chart-label">{short}</text>'
            f'<rect class="bar" x="0" y="{top + 17}" width="{width}" height="14" rx="2"></rect>'
            f'<text x="{width + 6}" y="{top + 29}" class="chart-value">{value}</text></a>'
        )
    title = escape(str(title))
    return mark_safe(  # noqa: S308 every value escaped above
        f'<svg class="chart" viewBox="0 0 {WIDTH} {ROW * len(rows) + 4}" width="100%" '
        f'role="img" aria-label="{title}"><title>{title}</title>' + "\n".join(bars) + "</svg>"
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
    unknown = f'<td class="num muted">{escape(_("unknown"))}</td>'
    body = "".join(
        f'<tr><td><a href="{base}?{escape(row.get("query", ""))}">'
        f"{escape(str(row['label']))}</a></td>"
        + f'<td class="num">{row["activities"]:,}</td>'.replace(",", separator)
        # A sum of 0 sessions or participants means no report gave the figure.
        + "".join(
            f'<td class="num">{row[key]:,}</td>'.replace(",", separator) if row[key] else unknown
            for key in ("sessions", "participants")
        )
        + "</tr>"
        for row in rows
    )
    return mark_safe(  # noqa: S308 every value escaped above
        f'<div class="table-scroll"><table><thead><tr><th scope="col">{escape(str(name_label))}'
        f"</th>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _shorten(label, limit=80):
    return label if len(label) <= limit else label[: limit - 1] + "…"
