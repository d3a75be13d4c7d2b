"""Wording that must read the same everywhere: the focus-area statement and qualified sums."""

from django import template
from django.utils.html import format_html

from ..charts import qualified_total
from ..models.agreements import FOCUS_AREA_NOTE

register = template.Library()


@register.simple_tag
def focus_area_note():
    return format_html('<p class="note focus-note">{}</p>', FOCUS_AREA_NOTE)


register.simple_tag(qualified_total)
