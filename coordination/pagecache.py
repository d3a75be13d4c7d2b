"""A cache of public pages for visitors who are not signed in, exact after every change.

Keys hold the content version, which every writer raises once in its own transaction
(coordination/changes.py): the next request after a commit, in any process, builds a new
page. Pages are kept PUBLIC_PAGE_CACHE_SECONDS at most (0 turns the cache off), in each
process's memory or, with REDIS_URL, in Redis shared by all (config/settings.py).

Bounded: a page is keyed by the query parameters its view reads (`params`), in a fixed
order, so `?x=1`, `?x=2`, … are one page; the others are dropped before the view runs, so
they cannot change it either. The "pages" cache holds at most PAGE_CACHE_MAX_BYTES per process
(coordination/cache.py).
"""

import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import QueryDict
from django.utils.translation import get_language

from . import refdata

logger = logging.getLogger(__name__)
# Cookies that make a page differ from what any other visitor would get.
_PERSONAL_COOKIES = ("messages",)


def public_page(view=None, *, params=()):
    """Serve the view from the cache to visitors who are not signed in.

    `params` names the query parameters the view reads; any other is ignored.
    """
    if view is None:
        return lambda view: _cached(view, frozenset(params))
    return _cached(view, frozenset(params))


def _known_only(request, params):
    known = QueryDict(mutable=True)
    for name in sorted(params & set(request.GET)):
        known.setlist(name, request.GET.getlist(name))
    known._mutable = False
    request.GET = known
    # Pages print their own address (the language switch's "next"): the cleaned one.
    request.META["QUERY_STRING"] = known.urlencode()
    return request.META["QUERY_STRING"]


def _cached(view, params):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        query = _known_only(request, params)
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not seconds or request.method != "GET" or _personal(request):
            return view(request, *args, **kwargs)
        address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        key = f"page:{refdata.current()}:{get_language()}:{digest}"
        response = _shared_cache("get", key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                _shared_cache("set", key, response, seconds)
        return response

    return wrapped


def _personal(request):
    """Signed in, or messages waiting: the page is this visitor's own.

    A session cookie alone proves nothing (anyone can send a made-up one, and every page
    would then be built afresh): the session must hold something, which only a session the
    site itself opened does (staff signed in; messages kept in the session)."""
    if any(name in request.COOKIES for name in _PERSONAL_COOKIES):
        return True
    session = getattr(request, "session", None)
    if session is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return bool(session.keys())


def _pages_cache():
    return caches["pages"]


def _shared_cache(method, *args):
    """cache.get / cache.set; a cache server that is down costs speed, never the page."""
    try:
        return getattr(_pages_cache(), method)(*args)
    except Exception:  # noqa: BLE001 the backend's own errors (redis.ConnectionError, …)
        logger.warning("Page cache unavailable; building the page.", exc_info=True)
        return None
