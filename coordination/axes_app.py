"""django-axes under a Vietnamese name: its app has none (the admin index showed "Axes")."""

from axes.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AppConfig):
    verbose_name = _("Sign-in attempts")
