"""“Did you mean …?” for a code typed into an import: the closest valid codes, compared with
their names without diacritics, so "tuyen truyen" or "ha tinh" find tuyen-truyen or 42.

Callers pass only the codes the clerk may use in that column: a hint never tells of a
record outside their scope.
"""

import difflib

from django.utils.translation import gettext as _

from ..text import fold

LIMIT = 3
CUTOFF = 0.6


def _key(text):
    return fold(str(text)).replace("-", " ").replace("_", " ").strip()


def closest(value, choices):
    """The codes among `choices` ((code, name) pairs) nearest to `value`, best first."""
    typed = _key(value)
    if not typed:
        return []
    keys = {}
    for code, name in choices:
        for key in (_key(code), _key(name)):
            if key:
                keys.setdefault(key, []).append((code, name))
    found = []
    exact = [key for key in keys if key == typed or (len(typed) > 3 and typed in key)]
    near = difflib.get_close_matches(typed, list(keys), n=LIMIT * 2, cutoff=CUTOFF)
    for key in exact + near:
        for pair in keys[key]:
            if pair not in found:
                found.append(pair)
    return found[:LIMIT]


def did_you_mean(value, choices):
    """ " Có phải: tuyen-truyen (Tuyên truyền, …)?" to append to a message, or ""."""
    found = closest(value, choices)
    if not found:
        return ""
    shown = "; ".join(f"{code} ({name})" if name and name != code else code for code, name in found)
    return " " + _("Did you mean: %(codes)s?") % {"codes": shown}


class Hints:
    """The hints of one import: each distinct value looked up once, and at most MAX_LOOKUPS
    of them. Comparing a value with every branch's code and name takes milliseconds, so a
    file of thousands of unknown codes (a red team's 46 KB file held 37,000) would hold a
    worker for minutes; past the budget the message keeps its list of valid codes only."""

    MAX_LOOKUPS = 100

    def __init__(self):
        self.found = {}

    def did_you_mean(self, value, choices):
        key = (_key(value), id(choices))
        if key not in self.found:
            if len(self.found) >= self.MAX_LOOKUPS:
                return ""
            self.found[key] = did_you_mean(value, choices)
        return self.found[key]
