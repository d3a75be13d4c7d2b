from django import template

from .. import charts

register = template.Library()


@register.simple_tag
def bar_chart(rows, title, key="activities"):
    return charts.bar_chart(rows, title, key)


@register.simple_tag
def breakdown_table(rows, name_label):
    return charts.breakdown_table(rows, name_label)
