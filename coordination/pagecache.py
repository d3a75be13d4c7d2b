"""A cache of public pages for visitors who are not signed in, exact after every change.

Keys hold the content version, which every writer raises once in its own transaction
(coordination/changes.py): the next request after a commit, in any process, builds a new
page. Pages are kept PUBLIC_PAGE_CACHE_SECONDS at most (0 turns the cache off).
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from .changes import current_version

# Cookies that make a page differ from what any other visitor would get.
_PERSONAL_COOKIES = ("messages",)


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
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                cache.set(key, response, seconds)
        return response

    return wrapped
