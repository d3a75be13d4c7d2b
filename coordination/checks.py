"""Deploy checks of this app's own settings (`manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

LOOPBACK = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs, **kwargs):
    """Every link in a review mail starts with SITE_URL: unset, it points at the sender's own
    machine, and the people mailed open nothing."""
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme in ("http", "https") and parts.hostname and parts.hostname not in LOOPBACK:
        return []
    return [
        Error(
            f"SITE_URL is {settings.SITE_URL!r}: links in the review e-mails would not open "
            "for the people who receive them.",
            hint="Set SITE_URL to the public address of the site, e.g. https://hoatdong.example.vn.",
            id="coordination.E001",
        )
    ]
