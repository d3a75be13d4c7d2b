"""Limits on the expensive anonymous requests (exports, periodic reports, the API's CSV), per
client and in all.

A 20-year report workbook or a million-row CSV keeps a worker busy for seconds; ten at once
took every worker and made a list request wait 23 s. So each client address may run one such
request at a time, and the whole site EXPENSIVE_REQUESTS_MAX at once (default 2, so that
with 5 workers at least 3 are always free for pages). Anything beyond gets 429 with
Retry-After and a message in the visitor's language (in JSON from the API: `busy`).

Every response that reads the whole filtered table goes through `expensive`, whatever its
address: the same rows are as costly from /api/v1/activities/?format=csv as from
/activities/export.csv.

The slots are in-process locks and, on PostgreSQL, advisory locks too, so they hold across
every worker process and go away by themselves with a connection that dies.
"""

import hashlib
import threading
from functools import wraps

from django.conf import settings
from django.db import DatabaseError, connection
from django.shortcuts import render

from .security import client_ip

RETRY_AFTER = 10
_NAMESPACE_CLIENT, _NAMESPACE_SITE = 1_301_301, 1_301_302
_local_lock = threading.Lock()
_local_held = set()


def client_address(request):
    """The visitor's address, read as login throttling reads it (CLIENT_IP_HEADER)."""
    return client_ip(request) or ""


def expensive(when=lambda request: True, busy=None):
    """Run the view only within the limits above (when `when(request)` says it is costly).

    With no slot free, `busy(request)` answers (the site's page by default); it may raise
    instead, as the API does, so that the API's own error handling writes the answer.
    """
    busy = busy or _busy

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not when(request):
                return view(request, *args, **kwargs)
            slots = _acquire(client_address(request))
            if slots is None:
                return busy(request)
            try:
                response = view(request, *args, **kwargs)
            except BaseException:
                _release(slots)
                raise
            if response.streaming:
                response.streaming_content = _Releasing(response.streaming_content, slots)
            else:
                _release(slots)
            return response

        return wrapped

    return decorate


class _Releasing:
    """The response's content; gives the slots back once sent, or when the server closes the
    response early (a client that went away), even before the first byte."""

    def __init__(self, content, slots):
        self._content, self._slots = iter(content), slots

    def __iter__(self):
        return self

    def __next__(self):
        try:
            return next(self._content)
        except StopIteration:
            self.close()
            raise

    def close(self):
        slots, self._slots = self._slots, []
        _release(slots)


def _client_key(address):
    return int.from_bytes(hashlib.sha256(address.encode()).digest()[:4], "big", signed=True)


def _acquire(address):
    """The slots taken for this request, or None when a limit is reached."""
    client = (_NAMESPACE_CLIENT, _client_key(address))
    if not _try(client):
        return None
    try:
        for slot in range(settings.EXPENSIVE_REQUESTS_MAX):
            if _try((_NAMESPACE_SITE, slot)):
                return [client, (_NAMESPACE_SITE, slot)]
    except BaseException:
        _release([client])
        raise
    _release([client])
    return None


def _try(pair):
    # In this process first (PostgreSQL lets one session take the same lock twice), then
    # across processes.
    with _local_lock:
        if pair in _local_held:
            return False
        _local_held.add(pair)
    if connection.vendor != "postgresql":
        return True
    taken = False
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", pair)
            taken = cursor.fetchone()[0]
    finally:
        # Not taken, or the database could not be asked: the slot stays free in this process.
        if not taken:
            with _local_lock:
                _local_held.discard(pair)
    return taken


def _release(slots):
    for pair in slots:
        with _local_lock:
            _local_held.discard(pair)
        if connection.vendor != "postgresql":
            continue
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", pair)
        except DatabaseError:
            pass  # the connection is gone, and its locks with it


def _busy(request):
    response = render(request, "coordination/busy.html", {"retry_after": RETRY_AFTER}, status=429)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response
