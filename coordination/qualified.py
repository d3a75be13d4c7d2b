"""A sum of reported figures (sessions or participants) and how far it can be trusted, the one
way every page, print, workbook and API response states it.

The articles give some figures as "hơn 2.000" (more than: the true figure is above it),
"gần 25.000" (nearly: a little below it), and some give none (unknown, which is not 0).
A sum over several activities keeps what holds of it:

- every figure exact: exact;
- exact and "more than" only: "hơn S", the true sum is above S (and so when some activities
  give no figure: the unknown parts only add to it);
- exact and "nearly" only: "gần S", the true sum is a little below S;
- "more than" with "nearly": "khoảng S", about S: one part is above, another below, so no
  bound holds either way (hơn A + gần B is not above A + B);
- some activities give no figure, the rest exact: "ít nhất S", S is a lower bound that holds;
- some give no figure, some given ones "nearly": "ít nhất khoảng S", at least about S: the
  given part is about S, the unknown parts add to it, but S itself is not a sure bound;
- no activity gives the figure: unknown, shown "chưa rõ" and never 0 (None in the API).

A selection with no activity at all sums to an exact 0.
"""

from html import escape

from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

EXACT, MORE_THAN, NEARLY, ABOUT = "exact", "more_than", "nearly", "about"
AT_LEAST, AT_LEAST_ABOUT, UNKNOWN = "at_least", "at_least_about", "unknown"

# The words put before the number, and the way the API names them (in this order).
WORDS = {
    EXACT: "",
    MORE_THAN: gettext_lazy("more than"),
    NEARLY: gettext_lazy("nearly"),
    ABOUT: pgettext_lazy("a sum of figures some above, some below the truth", "about"),
    AT_LEAST: gettext_lazy("at least"),
    AT_LEAST_ABOUT: gettext_lazy("at least about"),
    UNKNOWN: gettext_lazy("unknown"),
}
QUALIFIERS = tuple(WORDS)
API_HELP = (
    "How to read the sum: exact; more_than (a report said “more than”: the true figure is "
    "above); nearly (below, close); about (“more than” and “nearly” mixed: no bound holds); "
    "at_least (some activities give no figure: the sum is a lower bound); at_least_about "
    "(some give none, some said “nearly”); unknown (no activity gives one: the value is null, "
    "not 0)."
)


class Figure:
    """`value` (None when unknown) and `qualifier` (one of QUALIFIERS). str() is the text a
    person reads ("hơn 2.000", "chưa rõ"); in a template it is HTML, unknown muted."""

    __slots__ = ("qualifier", "value")

    def __init__(self, value, qualifier=EXACT):
        self.value, self.qualifier = value, qualifier

    @classmethod
    def of(cls, cell, name):
        """The figure `name` ("sessions" or "participants") of a tally cell or a row of sums
        (coordination/figures.py): its sum, how many activities it counts, how many of them
        gave the figure and how many of those said "more than" or "nearly"."""
        activities, given = cell["activities"], cell[f"{name}_given"]
        if not activities:
            return cls(0)
        if not given:
            return cls(None, UNKNOWN)
        more, nearly = cell[f"{name}_more_than"], cell[f"{name}_nearly"]
        some_unknown = given < activities
        if nearly:
            qualifier = AT_LEAST_ABOUT if some_unknown else ABOUT if more else NEARLY
        elif more:
            qualifier = MORE_THAN
        else:
            qualifier = AT_LEAST if some_unknown else EXACT
        return cls(cell[name] or 0, qualifier)

    @property
    def known(self):
        return self.value is not None

    @property
    def words(self):
        """The qualifier alone, as a person reads it ("" when exact)."""
        return str(WORDS[self.qualifier])

    @property
    def precision(self):
        """The qualifier for a column of its own in a workbook: "exactly" when exact."""
        return _("exactly") if self.qualifier == EXACT else self.words

    def __str__(self):
        if self.value is None:
            return self.words
        number = grouped(self.value)
        return f"{self.words} {number}" if self.words else number

    def __html__(self):
        if self.value is None:
            return f'<span class="muted">{escape(self.words)}</span>'
        return escape(str(self))

    def __eq__(self, other):
        if not isinstance(other, Figure):
            return NotImplemented
        return (self.value, self.qualifier) == (other.value, other.qualifier)

    def __hash__(self):
        return hash((self.value, self.qualifier))

    def __repr__(self):
        return f"Figure({self.value!r}, {self.qualifier!r})"


def grouped(number):
    """1234567 → "1.234.567" in Vietnamese, "1,234,567" in English."""
    return f"{number:,}".replace(",", get_format("THOUSAND_SEPARATOR"))
