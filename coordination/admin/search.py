"""Admin search that ignores diacritics and case, on both databases."""

from django.db.models import Value
from django.db.models.functions import Upper

from ..models import OutreachEvent
from ..search import activities_matching, text_matches, words_of

REFERENCE_LENGTH = OutreachEvent._meta.get_field("external_ref").max_length


def activities_found(queryset, term):
    """The activities whose text has every word of `term`, and the one whose reference is
    `term` in any case ("ht-2026-003" finds HT-2026-003, the key spreadsheets use)."""
    found = activities_matching(queryset, term)
    reference = term.strip()
    if not reference or len(reference) > REFERENCE_LENGTH:
        return found
    # Both sides upper-cased by the database, so both agree on every letter; an index on
    # UPPER(external_ref) (migration 0027) makes it one lookup, not a scan.
    ids = list(
        queryset.alias(reference=Upper("external_ref"))
        .filter(reference=Upper(Value(reference)))
        .values_list("pk", flat=True)[:10]
    )
    return found | queryset.filter(pk__in=ids) if ids else found


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
