"""Search that ignores diacritics and case: a query's words, each of which must match (AND).

Every word must start a word of the text: " yen" finds "Yên Phong", not "tuyên". Activities
(a million rows) keep that folded text in their `search_text` column, one space before each
word, and are matched in SQL; reference tables (hundreds of rows) are folded in Python.
"""

import re

from .text import fold

MAX_WORDS = 10
_PUNCTUATION = re.compile(r"[^\w]+")


def words_of(query):
    """The query's folded words, at most MAX_WORDS of them."""
    return fold(query).split()[:MAX_WORDS]


def activities_matching(queryset, query):
    """The activities whose search text has every word of the query."""
    for word in words_of(query):
        queryset = queryset.filter(search_text__contains=" " + word)
    return queryset


def text_matches(words, values):
    """Whether the values, folded and joined, hold every word (from a word's start)."""
    folded = fold(" ".join(str(value) for value in values if value is not None))
    # Codes match whole ("cdca-bn") or by their parts ("bn").
    text = f" {folded} {_PUNCTUATION.sub(' ', folded)}"
    return all(" " + word in text for word in words)
