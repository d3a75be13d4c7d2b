"""Staff accounts: their history, and what each person chooses for themself."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history import register

# The password hash is left out: old hashes kept forever would be old passwords to crack.
# A password change still leaves a row (with its reason), so it is seen and dated.
register(
    get_user_model(),
    app="coordination",
    m2m_fields=["groups"],
    excluded_fields=["password"],
)


class StaffProfileQuerySet(models.QuerySet):
    def digest_user_ids(self, user_ids):
        """Of these accounts, the ones that chose the daily digest."""
        return set(
            self.filter(user_id__in=user_ids, mail=StaffProfile.Mail.DIGEST).values_list(
                "user_id", flat=True
            )
        )


class StaffProfile(models.Model):
    """A staff member's own choices. Without a row, the defaults apply (a mail at each step)."""

    class Mail(models.TextChoices):
        IMMEDIATE = "immediate", _("an e-mail at each step")
        DIGEST = "digest", _("one summary a day")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("user"),
    )
    mail = models.CharField(
        _("review e-mails"),
        max_length=9,
        choices=Mail.choices,
        default=Mail.IMMEDIATE,
        help_text=_(
            "What waits for you (activities to review, activities returned to you or "
            "published): an e-mail at each step, or one summary each morning."
        ),
    )

    objects = StaffProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return str(self.user)
