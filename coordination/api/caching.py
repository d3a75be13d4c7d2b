"""ETag from the content version, so a polling client's repeated request costs one query."""

import hashlib

from django.http import HttpResponseNotModified
from django.utils.http import parse_etags
from django.utils.translation import get_language
from rest_framework.exceptions import APIException

# The one place the API reads the version (every writer raises it in its own transaction,
# coordination/changes.py).
from ..changes import current_version

# Raise when a deploy changes what the same data looks like in the API, so that clients
# holding an old ETag get the new form.
API_REVISION = "1"


class _NotModified(APIException):
    status_code = 304


def etag_for(request):
    """Weak: the same version, address, format and language give the same body."""
    varies = "|".join(
        (
            API_REVISION,
            request.get_full_path(),
            getattr(request, "accepted_media_type", "") or "",
            get_language() or "",
        )
    )
    digest = hashlib.sha256(varies.encode()).hexdigest()[:20]
    return f'W/"{current_version()}-{digest}"'


def _matches(header, etag):
    if not header:
        return False
    tags = parse_etags(header)
    bare = etag.removeprefix("W/")
    return "*" in tags or any(tag.removeprefix("W/") == bare for tag in tags)


class VersionedMixin:
    """Answers If-None-Match with 304 after throttling and negotiation, before the view."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return
        self.etag = etag_for(request)
        if _matches(request.headers.get("If-None-Match", ""), self.etag):
            raise _NotModified

    def handle_exception(self, exc):
        if isinstance(exc, _NotModified):
            return _cache_headers(HttpResponseNotModified(), self.etag)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200 and getattr(self, "etag", None):
            _cache_headers(response, self.etag)
        return response


def _cache_headers(response, etag):
    response["ETag"] = etag
    # Any cache may keep it, but must ask again each time: the answer is exact after a change.
    response["Cache-Control"] = "public, no-cache"
    return response
