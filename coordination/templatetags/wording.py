"""Wording that must read the same everywhere: the focus-area statement and qualified sums."""

import re

from django import template
from django.utils.html import format_html

from ..charts import qualified_total
from ..models.agreements import FOCUS_AREA_NOTE

register = template.Library()


@register.simple_tag
def focus_area_note():
    return format_html('<p class="note focus-note">{}</p>', FOCUS_AREA_NOTE)


register.simple_tag(qualified_total)


@register.filter
def unbroken_place(text, branch):
    """The name of the branch's province inside `text` with non-breaking spaces, so that a
    heading never wraps inside it ("BẮC / NINH"), whatever its case."""
    province = getattr(branch, "province", None)
    if not province or not text:
        return text
    place = re.compile(re.escape(province.name), re.IGNORECASE)
    return place.sub(lambda found: found.group(0).replace(" ", "\u00a0"), str(text))
