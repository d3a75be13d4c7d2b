from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from .roles import sync_roles


def _sync_roles(sender, **kwargs):
    # The roles migration creates the groups; a test database flush removes them again, and
    # post_migrate (sent after migrate and after flush) puts them back.
    sync_roles(sender.apps)


class CoordinationConfig(AppConfig):
    name = "coordination"
    verbose_name = _("Security coordination")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)

        post_migrate.connect(_sync_roles, sender=self)
