"""Admin search that ignores diacritics and case, on both databases."""

from ..search import text_matches, words_of


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
            pk for pk, *values in queryset.values_list("pk", *fields) if text_matches(words, values)
        ]
        return queryset.filter(pk__in=matching), False
