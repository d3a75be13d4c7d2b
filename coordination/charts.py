"""Inline SVG bar charts drawn on the server: no script, no network, links on every bar."""

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join

ROW = 36
WIDTH = 640
BAR_MAX = 520


def bar_chart(rows, title, key="activities"):
    """Horizontal bars, each a link to the activity list filtered to that row."""
    if not rows:
        return ""
    base = reverse("event-list")
    height = ROW * len(rows) + 4
    bars = format_html_join(
        "\n",
        '<a href="{}?{}"><title>{}: {}</title>'
        '<text x="0" y="{}" class="chart-label">{}</text>'
        '<rect class="bar" x="0" y="{}" width="{}" height="14" rx="2"></rect>'
        '<text x="{}" y="{}" class="chart-value">{}</text></a>',
        (
            (
                base,
                row.get("query", ""),
                row["label"],
                number_format(row[key], force_grouping=True),
                index * ROW + 12,
                _shorten(row["label"]),
                index * ROW + 17,
                max(2, round(BAR_MAX * row["share"] / 100)),
                max(2, round(BAR_MAX * row["share"] / 100)) + 6,
                index * ROW + 29,
                number_format(row[key], force_grouping=True),
            )
            for index, row in enumerate(rows)
        ),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}">'
        "<title>{}</title>{}</svg>",
        WIDTH,
        height,
        title,
        title,
        bars,
    )


def _shorten(label, limit=80):
    return label if len(label) <= limit else label[: limit - 1] + "…"
