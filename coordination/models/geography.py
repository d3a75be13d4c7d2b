from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..querysets import ProvinceQuerySet

#: The day Resolution 202/2025/QH15 merged the 63 provinces into 34.
MERGER_DATE = "2025-07-01"


class Province(models.Model):
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

    objects = ProvinceQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["era", "name"]
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
        if self.era == self.Era.FORMER:
            return _("%(name)s (former)") % {"name": self.name}
        return self.name

    def save(self, *args, **kwargs):
        # current_code only mirrors code+era; keeping it derived here keeps admin forms simple.
        self.current_code = self.code if self.era == self.Era.CURRENT else None
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        current = self if self.is_current else self.successor
        return reverse("province-detail", args=[current.code])

    @property
    def is_current(self):
        return self.era == self.Era.CURRENT

    def clean(self):
        self.current_code = self.code if self.era == self.Era.CURRENT else None

    def label_with_successor(self):
        """ "Bắc Giang (nay thuộc Bắc Ninh)" for a former unit, "Bắc Ninh (cũ)" if unrenamed."""
        if self.era == self.Era.FORMER and self.successor_id and self._renamed():
            return _("%(name)s (now part of %(successor)s)") % {
                "name": self.name,
                "successor": self.successor.name,
            }
        return str(self)

    def choice_label(self):
        """ "Bắc Giang (cũ, nay thuộc Bắc Ninh)" in the filter form."""
        if self.era == self.Era.FORMER and self.successor_id and self._renamed():
            return _("%(name)s (former, now part of %(successor)s)") % {
                "name": self.name,
                "successor": self.successor.name,
            }
        return str(self)

    def _renamed(self):
        """A former unit whose successor kept its name needs no "now part of" note."""
        return self.successor.name != self.name
