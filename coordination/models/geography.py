import datetime

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import dates
from ..links import detail_url
from ..text import sort_key
from .naming import SortedByName

#: Written before a centrally-run city's name where the bare name would not read as a place
#: ("Hồ Chí Minh" is a person); Hà Nội, Hải Phòng, Đà Nẵng, Huế and Cần Thơ read as places.
CITY_PREFIX = "TP. "

#: The day Resolution 202/2025/QH15 merged the 63 provinces into 34.
MERGER_DATE = "2025-07-01"


class ProvinceQuerySet(models.QuerySet):
    def current(self):
        return self.filter(era="current")

    def former(self):
        return self.filter(era="former")

    def parts_of(self, province):
        """A current province and its former parts; a former one alone."""
        if province.is_current:
            return self.filter(Q(pk=province.pk) | Q(successor_id=province.current_code))
        return self.filter(pk=province.pk)


class Province(SortedByName):
    """A provincial-level unit of one era: the 34 since 1 July 2025 or the 63 before.

    A code alone is ambiguous across the merger (Bắc Ninh 24 was Bắc Giang's code), so a
    province is identified by code plus era. ``current_code`` repeats the code of current
    units only: the successor foreign key targets it, so the database itself refuses a
    former unit whose successor is not a current one.
    """

    class Era(models.TextChoices):
        CURRENT = "current", _("current (since 1 July 2025)")
        FORMER = "former", _("former (before 1 July 2025)")

    class Kind(models.TextChoices):
        PROVINCE = "province", _("province")
        CITY = "city", _("centrally-run city")

    class Change(models.TextChoices):
        MERGED = "merged", _("merged with other units")
        RENAMED = "renamed", _("renamed, same territory")
        UNCHANGED = "unchanged", _("unchanged")

    code = models.CharField(_("official code"), max_length=2)
    era = models.CharField(_("era"), max_length=7, choices=Era.choices)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.PROVINCE)
    current_code = models.CharField(  # noqa: DJ001 NULL for former units keeps it unique
        max_length=2, unique=True, null=True, editable=False
    )
    successor = models.ForeignKey(
        "self",
        to_field="current_code",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="former_parts",
        verbose_name=_("merged into"),
        help_text=_("For a former unit: the current unit it became part of on 1 July 2025."),
    )
    change = models.CharField(
        _("change on 1 July 2025"),
        max_length=9,
        choices=Change.choices,
        blank=True,
        help_text=_("For a former unit: whether it was merged, only renamed, or left unchanged."),
    )

    renamed_on = models.DateField(
        _("renamed on"),
        null=True,
        blank=True,
        help_text=_(
            "For a former unit that took its successor's name before 1 July 2025 (Thừa Thiên "
            "Huế became the city of Huế on 1 January 2025): the day of that change."
        ),
    )

    objects = ProvinceQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["sort_key"])

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["era", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["code", "era"], name="province_code_unique_in_era"),
            models.CheckConstraint(
                condition=(
                    Q(era="current", current_code=F("code"), successor__isnull=True)
                    | Q(era="former", current_code__isnull=True, successor__isnull=False)
                ),
                name="province_successor_matches_era",
                violation_error_message=_(
                    "A former unit must name the current unit it merged into; "
                    "a current unit names none."
                ),
            ),
        ]

    def __str__(self):
        if self.era == self.Era.FORMER and self.change == self.Change.MERGED:
            return _("%(name)s (former)") % {"name": self.name}
        if self.era == self.Era.FORMER and self.change == self.Change.UNCHANGED:
            if self.renamed_on:  # its name ended before the merger: no current unit bears it
                return self.name
            # Same name and territory as the current unit: only the end date tells them apart.
            last_day = datetime.date.fromisoformat(MERGER_DATE) - datetime.timedelta(days=1)
            return _("%(name)s (former, until %(last_day)s)") % {
                "name": self.name,
                "last_day": dates.shown(last_day),
            }
        return self.name

    def save(self, *args, **kwargs):
        # current_code only mirrors code+era; keeping it derived here keeps admin forms simple.
        self.current_code = self.code if self.era == self.Era.CURRENT else None
        # "TP. Hồ Chí Minh" is looked for under H, where it stood before it was named so.
        self.sort_key = sort_key(self.name.removeprefix(CITY_PREFIX))
        models.Model.save(self, *args, **kwargs)

    def get_absolute_url(self):
        current = self if self.is_current else self.successor
        return detail_url("province-detail", current.code)

    @property
    def is_current(self):
        return self.era == self.Era.CURRENT

    def clean(self):
        self.current_code = self.code if self.era == self.Era.CURRENT else None

    def label_with_successor(self):
        """ "Bắc Giang (nay thuộc Bắc Ninh)", "Thừa Thiên Huế (đến 31/12/2024; từ 01/01/2025
        là Huế)", "Hà Nội"."""
        if self.era == self.Era.FORMER and self.renamed_on and self.successor_id:
            # Its name did not last until the merger: say when the successor's name began.
            return _("%(name)s (until %(last_day)s; %(successor)s from %(renamed_on)s)") % {
                "name": self.name,
                "successor": self.successor.name,
                "last_day": dates.shown(self.renamed_on - datetime.timedelta(days=1)),
                "renamed_on": dates.shown(self.renamed_on),
            }
        if self.era == self.Era.FORMER and self.successor_id:
            if self.change == self.Change.RENAMED:
                return _("%(name)s (now %(successor)s)") % {
                    "name": self.name,
                    "successor": self.successor.name,
                }
            if self.change == self.Change.MERGED and self._renamed():
                return _("%(name)s (now part of %(successor)s)") % {
                    "name": self.name,
                    "successor": self.successor.name,
                }
        return str(self)

    def choice_label(self):
        """ "Bắc Giang (cũ, nay thuộc Bắc Ninh)" in the filter form."""
        if self.era == self.Era.FORMER and self.successor_id:
            if self.change == self.Change.MERGED and self._renamed():
                return _("%(name)s (former, now part of %(successor)s)") % {
                    "name": self.name,
                    "successor": self.successor.name,
                }
        return self.label_with_successor()

    def _renamed(self):
        """A merged unit whose successor kept its name needs no "now part of" note."""
        return self.successor.name != self.name
