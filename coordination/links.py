"""The public pages' addresses, reversed once per process and name instead of once per link.

A page lists up to a few hundred links (sub-branches, a province's branches, rows, the branch
tree); Django's `reverse()` costs about 30 µs each. The address of every detail page is a
fixed pattern around one argument, so it is reversed once with a mark and the mark replaced
by the argument, quoted as `reverse()` quotes it.
"""

from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

_MARK = "987654321987"  # fits the int, slug and str converters alike
_SAFE = RFC3986_SUBDELIMS + "/~:@"
_patterns = {}


def detail_url(name, arg):
    """reverse(name, args=[arg]) for a URL with one argument."""
    key = (name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    pattern = _patterns.get(key)
    if pattern is None:
        before, _mark, after = reverse(name, args=[_MARK]).rpartition(_MARK)
        pattern = _patterns[key] = (before, after)
    return pattern[0] + quote(str(arg), safe=_SAFE) + pattern[1]
