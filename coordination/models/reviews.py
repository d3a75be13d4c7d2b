from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingChange(models.Model):
    """An edit of a published activity by someone who may not publish, waiting for a reviewer.

    The activity itself keeps its published values (public pages, tallies and exports read
    only those) until a reviewer approves; ``values`` holds only the fields the proposal
    changes, foreign keys and many-to-many fields by primary key, dates in ISO form, and
    ``base`` the published values of those fields it was made from (what changed since is
    shown to the reviewer). ``revision`` goes up each time the proposal is made again, so
    ``token`` names the very version a person saw (an approval carries it).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for review")
        RETURNED = "returned", _("returned")

    event = models.OneToOneField(
        "OutreachEvent",
        on_delete=models.CASCADE,
        related_name="pending_change",
        verbose_name=_("activity"),
    )
    values = models.JSONField(_("proposed values"))
    base = models.JSONField(_("published values it was made from"), default=dict, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    comment = models.TextField(_("reviewer's comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("returned by"),
    )
    reviewed_at = models.DateTimeField(_("returned at"), null=True, blank=True)

    class Meta:
        verbose_name = _("pending change")
        verbose_name_plural = _("pending changes")
        indexes = [models.Index(fields=["status"], name="pending_change_status")]

    def __str__(self):
        return str(self.event)

    @property
    def token(self):
        """This proposal as it is now: another proposal, or this one made again, has another."""
        return f"{self.pk}.{self.revision}"
