"""Reference data a page draws or filters by (choice lists, provinces and their parts, the
branch tree), read from the database once per content version and language in each process.

Every write to a record the public pages show raises the content version
(coordination/changes.py), so what is kept under the version it was read at is exact until
the next such write, and the first request after it reads it again. A public page reads the
version at most once (coordination/pagecache.py pins it for the request).
"""

import contextlib
import contextvars
import threading

from django.utils.translation import get_language

from . import province_refs
from .changes import current_version
from .models import ActivityType, OutreachEvent, Province, UnionBranch

_kept = {}
_lock = threading.Lock()
_pinned = contextvars.ContextVar("refdata_version", default=None)


@contextlib.contextmanager
def pinned():
    """Within the block (a request), the content version is read once, when first needed."""
    token = _pinned.set({})
    try:
        yield
    finally:
        _pinned.reset(token)


def current():
    """The content version: read once within a pinned block, else every time."""
    held = _pinned.get()
    if held is None:
        return current_version()
    if "version" not in held:
        held["version"] = current_version()
    return held["version"]


def kept(name, read, version=None):
    """`read()` once per content version (pass it when already known) and language."""
    version = current() if version is None else version
    key = (name, get_language())
    held = _kept.get(key)
    if held is not None and held[0] == version:
        return held[1]
    value = read()
    with _lock:
        _kept[key] = (version, value)
    return value


def province(reference):
    """The province (its successor joined) a public reference names, or None."""
    return kept("provinces-by-reference", _provinces_by_reference).get(
        province_refs.parse_public(reference)
    )


def _provinces_by_reference():
    return {(p.era, p.code): p for p in provinces_by_id().values()}


def provinces_by_id():
    """Every province, current and former, by id, each with its successor joined."""
    return _references()[0]


def with_references(events):
    """The activities (fetched by `for_list()`, without joins) as a list, each with its
    province (and that province's successor), organising branch and type from memory.

    Joining these three tables into a list page's query cost more than the rest of the
    query; there are only a few hundred of them, read once per content version."""
    events = list(events)
    provinces, branches, types = _references()
    for event in events:
        _PROVINCE.set_cached_value(event, provinces.get(event.province_id))
        _ORGANISER.set_cached_value(event, branches.get(event.organiser_id))
        _TYPE.set_cached_value(event, types.get(event.activity_type_id))
    return events


_PROVINCE, _ORGANISER, _TYPE = (
    OutreachEvent._meta.get_field(name) for name in ("province", "organiser", "activity_type")
)


def _references():
    """(provinces, branches, types), each by id."""
    return kept("references", _read_references)


def _read_references():
    return (
        {p.pk: p for p in Province.objects.select_related("successor")},
        {b.pk: b for b in UnionBranch.objects.all()},
        {t.pk: t for t in ActivityType.objects.all()},
    )


def province_part_ids(province):
    """Province.objects.parts_of(province), as ids."""
    return kept(
        f"province-parts:{province.pk}",
        lambda: tuple(Province.objects.parts_of(province).values_list("pk", flat=True)),
    )


def subtree_ids(branch_id):
    """UnionBranch.objects.subtree_ids([branch_id]), kept."""
    return kept(
        f"branch-subtree:{branch_id}",
        lambda: frozenset(UnionBranch.objects.subtree_ids([branch_id])),
    )


def forget():
    """Drop everything kept (tests roll the content version back with the database)."""
    with _lock:
        _kept.clear()
