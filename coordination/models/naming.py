"""What named records share: the Vietnamese sort key, the English name on English pages."""

from django.db import models
from django.utils.translation import get_language

from ..text import sort_key


def localized(record, field):
    """The English text of a field on English pages where staff gave one, else Vietnamese."""
    if (get_language() or "vi").startswith("en"):
        english = getattr(record, f"{field}_en", "")
        if english:
            return english
    return getattr(record, field)


class SortedByName(models.Model):
    """Listed by `name` in Vietnamese order: the key is kept on the row, so the database sorts.

    Its history leaves the key out (`HistoricalRecords(excluded_fields=["sort_key"])`).
    """

    sort_key = models.CharField(max_length=400, editable=False, default="", db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.sort_key = sort_key(self.name)
        super().save(*args, **kwargs)


class EnglishNamed:
    """A record with `name` and `name_en`: shown by the one that fits the page's language."""

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return localized(self, "name")
