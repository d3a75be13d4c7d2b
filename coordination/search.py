"""Search that ignores diacritics and case: a query's words, each of which must match (AND).

Every word must start a word of the text: " yen" finds "Yên Phong", not "tuyên". Activities
(a million rows) keep that folded text in their `search_text` column, one space before each
word, and are matched in SQL; reference tables (hundreds of rows) are folded in Python.
"""

import re

from django.db.models import F, Q, Value
from django.db.models.functions import Length, StrIndex
from django.db.models.lookups import GreaterThan, LessThanOrEqual

from .text import fold

MAX_WORDS = 10
#: A search text this long or shorter is also kept in an index beside its province (migration
#: 0018). A B-tree entry holds at most 2,704 bytes; 600 characters are at most 2,400 in UTF-8.
SHORT_TEXT = 600
SHORT = Q(LessThanOrEqual(Length("search_text"), SHORT_TEXT))
LONG = Q(GreaterThan(Length("search_text"), SHORT_TEXT))
_PUNCTUATION = re.compile(r"[^\w]+")


def words_of(query):
    """The query's folded words, at most MAX_WORDS of them."""
    return fold(query).split()[:MAX_WORDS]


def activities_matching(queryset, query):
    """The activities whose search text has every word of the query."""
    for i, word in enumerate(words_of(query)):
        if len(word) < 3:
            # Too short for a trigram of its own: the space before it gives the index two.
            queryset = queryset.filter(search_text__contains=" " + word)
            continue
        # The same as LIKE '% word%', and cheaper on PostgreSQL's trigram index: the word's
        # own trigrams select (LIKE '%word%'), the word's start is checked on the rows they
        # find. The leading space would add "  c" and " ca", trigrams of most rows, whose
        # posting lists cost more to read than the rest (a search within a province: 160 →
        # 110 ms; a rare phrase: 20 → 9). The start is STRPOS(…) <> 0, which the planner
        # estimates near 1; a second LIKE it cannot estimate would make every search look
        # rare to it and lose the plain scan that serves common words best.
        start = f"word_{i}_start"
        queryset = (
            queryset.alias(**{start: StrIndex(F("search_text"), Value(" " + word))})
            .filter(search_text__contains=word)
            .exclude(**{start: 0})
        )
    return queryset


def matching_ids(queryset, limit, within_province=False):
    """Up to `limit` ids of the activities a search matches, in no particular order.

    Within a province they are read in two parts: the short texts (nearly all) from the index
    of each province's short texts, which holds them beside their ids, then the long ones.
    Read from the table, in its physical order, most rows would be other provinces', and each
    one's text is matched before its province is looked at ("an ninh" in Hồ Chí Minh at a
    million: 18 ms, against 7 from the index). Elsewhere the trigram index serves a search in
    one statement; two would read it twice.
    """
    if not within_province:
        return list(queryset.values_list("pk", flat=True)[:limit])
    ids = list(queryset.filter(SHORT).values_list("pk", flat=True)[:limit])
    if len(ids) < limit:
        ids += queryset.filter(LONG).values_list("pk", flat=True)[: limit - len(ids)]
    return ids


def text_matches(words, values):
    """Whether the values, folded and joined, hold every word (from a word's start)."""
    folded = fold(" ".join(str(value) for value in values if value is not None))
    # Codes match whole ("cdca-bn") or by their parts ("bn").
    text = f" {folded} {_PUNCTUATION.sub(' ', folded)}"
    return all(" " + word in text for word in words)
