"""A cache of public pages for visitors who are not signed in, exact after every change.

Keys hold ContentVersion.number, which every save, delete or change of links in this app
raises in the writer's own transaction: the next request after a commit, in any process,
builds a new page. Pages are kept PUBLIC_PAGE_CACHE_SECONDS at most (0 turns the cache off),
in each process's memory or, with REDIS_URL, in Redis shared by all (config/settings.py).
"""

import hashlib
import logging
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

logger = logging.getLogger(__name__)
# Cookies that make a page differ from what any other visitor would get.
_PERSONAL_COOKIES = ("messages",)
# What public pages show: every model of this app but the bookkeeping ones (filled by connect).
_PUBLIC_MODELS = set()


def current_version():
    from .models import ContentVersion

    number = ContentVersion.objects.filter(pk=1).values_list("number", flat=True).first()
    return number or 0


def bump():
    from .models import ContentVersion

    if not ContentVersion.objects.filter(pk=1).update(number=F("number") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def _changed(sender, **kwargs):
    if sender._meta.app_label != "coordination" or sender._meta.model_name not in _PUBLIC_MODELS:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        bump()
    elif not any(callback is _bumped for _ids, callback, _robust in connection.run_on_commit):
        # Once per transaction is enough (an import saves thousands of rows). The marker
        # goes with a rolled-back savepoint, as does the bump made inside it.
        bump()
        transaction.on_commit(_bumped)


def _bumped():
    """Marks a transaction whose changes already raised the version."""


def connect():
    skipped = {"contentversion", "activitytally", "staffassignment"}
    _PUBLIC_MODELS.update(
        model._meta.model_name
        for model in apps.get_app_config("coordination").get_models(include_auto_created=True)
        if model._meta.model_name not in skipped
        and not model._meta.model_name.startswith("historical")
    )
    uid = "coordination.pagecache"
    post_save.connect(_changed, dispatch_uid=uid)
    post_delete.connect(_changed, dispatch_uid=uid)
    m2m_changed.connect(_changed, dispatch_uid=uid)


def public_page(view):
    """Serve the view from the cache to visitors who are not signed in."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        personal = settings.SESSION_COOKIE_NAME in request.COOKIES or any(
            name in request.COOKIES for name in _PERSONAL_COOKIES
        )
        if not seconds or request.method != "GET" or personal:
            return view(request, *args, **kwargs)
        address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        key = f"page:{current_version()}:{get_language()}:{address}"
        response = _shared_cache("get", key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                _shared_cache("set", key, response, seconds)
        return response

    return wrapped


def _shared_cache(method, *args):
    """cache.get / cache.set; a cache server that is down costs speed, never the page."""
    try:
        return getattr(cache, method)(*args)
    except Exception:  # noqa: BLE001 the backend's own errors (redis.ConnectionError, …)
        logger.warning("Page cache unavailable; building the page.", exc_info=True)
        return None
