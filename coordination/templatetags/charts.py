from django import template

from .. import charts

register = template.Library()


@register.simple_tag
def bar_chart(rows, title, key="activities", short_labels=False):
    return charts.bar_chart(rows, title, key, short_labels)


@register.simple_tag
def breakdown_table(rows, name_label):
    return charts.breakdown_table(rows, name_label)


@register.simple_tag
def summary_line(summary):
    return charts.summary_line(summary)
