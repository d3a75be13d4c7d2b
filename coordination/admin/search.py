"""Admin search that ignores diacritics and case, on both databases."""

import re

from ..text import fold

MAX_WORDS = 10
_PUNCTUATION = re.compile(r"[^\w]+")


def words_of(search_term):
    return fold(search_term).split()[:MAX_WORDS]


class FoldedSearchMixin:
    """`bac ninh` finds "Bắc Ninh", `cong doan` finds "Công đoàn", in change lists and pickers.

    Reference tables hold hundreds of rows (thousands at most), so their folded text is
    compared in Python over `search_fields`: no folded column that every writer, bulk loads and
    imports included, would have to keep up to date. Activities, a million rows, keep their
    folded `search_text` column (OutreachEventAdmin).
    """

    def get_search_results(self, request, queryset, search_term):
        words = words_of(search_term)
        if not words or not self.search_fields:
            return queryset, False
        fields = [name.lstrip("^=@") for name in self.search_fields]
        matching = [
            pk for pk, *values in queryset.values_list("pk", *fields) if _matches(words, values)
        ]
        return queryset.filter(pk__in=matching), False


def _matches(words, values):
    folded = fold(" ".join(str(value) for value in values if value is not None))
    # Each word must start a word of the text (" yen" finds "Yên Phong", not "tuyên"); codes
    # match whole ("cdca-bn") or by their parts ("bn").
    text = f" {folded} {_PUNCTUATION.sub(' ', folded)}"
    return all(" " + word in text for word in words)
