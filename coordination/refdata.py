"""Reference data a page draws (choice lists of provinces, branches, focus areas, types),
read from the database once per content version and language in each process.

Every write to a record the public pages show raises the content version
(coordination/changes.py), so a list kept under the version it was read at is exact until
the next such write, and the first request after it reads the list again.
"""

import threading

from django.utils.translation import get_language

from .changes import current_version

_kept = {}
_lock = threading.Lock()


def kept(name, read, version=None):
    """`read()` once per content version (pass it when already known) and language."""
    version = current_version() if version is None else version
    key = (name, get_language())
    held = _kept.get(key)
    if held is not None and held[0] == version:
        return held[1]
    value = read()
    with _lock:
        _kept[key] = (version, value)
    return value


def forget():
    """Drop every kept list (tests roll the content version back with the database)."""
    with _lock:
        _kept.clear()
