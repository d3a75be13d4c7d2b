"""Reference data a page draws or filters by (choice lists, provinces and their parts, the
branch tree, the agreements and what their pages show), read from the database once per
content version and language in each process.

Every write to a record the public pages show raises the content version
(coordination/changes.py), so what is kept under the version it was read at is exact until
the next such write, and the first request after it reads it again. A public page reads the
version at most once (coordination/pagecache.py pins it for the request).

What is kept is shared by every request of the process: pages read it, never change it.
"""

import contextlib
import contextvars
import threading
from collections import defaultdict
from operator import attrgetter

from django.db.models import Value
from django.utils.translation import get_language

from . import province_refs
from .changes import current_version
from .models import ActivityType, Agreement, FocusArea, OutreachEvent, Province, UnionBranch

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


def branches_by_id():
    """Every branch by id, with its parent and province joined."""
    return _references()[1]


def types_by_id():
    """Every activity type by id."""
    return _references()[2]


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
    provinces = {p.pk: p for p in Province.objects.select_related("successor")}
    branches = {b.pk: b for b in UnionBranch.objects.all()}
    for branch in branches.values():
        _PARENT.set_cached_value(branch, branches.get(branch.parent_id))
        _BRANCH_PROVINCE.set_cached_value(branch, provinces.get(branch.province_id))
    return provinces, branches, {t.pk: t for t in ActivityType.objects.all()}


_PARENT, _BRANCH_PROVINCE = (UnionBranch._meta.get_field(name) for name in ("parent", "province"))


def by_code(model, code):
    """The branch, focus area or activity type with this code, or None."""
    records = {
        UnionBranch: lambda: _references()[1],
        ActivityType: lambda: _references()[2],
        FocusArea: focus_areas_by_id,
    }[model]
    name = f"{model._meta.model_name}-by-code"
    return kept(name, lambda: {r.code: r for r in records().values()}).get(code)


def sub_branches(branch):
    """The branch's direct sub-branches, by name."""
    return _branch_lists()[0].get(branch.pk, ())


def province_branches(province):
    """The branches recorded in this province, by level, then name."""
    return _branch_lists()[1].get(province.pk, ())


def _branch_lists():
    def read():
        children, by_province = defaultdict(list), defaultdict(list)
        branches = _references()[1].values()
        for branch in sorted(branches, key=attrgetter("sort_key")):
            children[branch.parent_id].append(branch)
        for branch in sorted(branches, key=attrgetter("level", "sort_key")):
            by_province[branch.province_id].append(branch)
        return dict(children), dict(by_province)

    return kept("branch-lists", read)


def current_province(code):
    """The current province with this code, or None."""
    found = province(code)
    return found if found is not None and found.is_current and found.code == code else None


def former_parts(province):
    """The former provinces merged into this current one, in name order."""
    provinces = provinces_by_id()
    parts = [provinces[pk] for pk in province_part_ids(province) if pk != province.pk]
    return sorted(parts, key=attrgetter("sort_key"))


def agreements():
    """Every agreement in its list order, by id, with what its page shows: source,
    signatories, awards, legal bases, what it replaces and what replaced it."""
    return kept("agreements", _read_agreements)


def _read_agreements():
    rows = Agreement.objects.select_related("source").prefetch_related(
        "signatories", "awards", "legal_bases", "supersedes", "superseded_by"
    )
    return {agreement.pk: agreement for agreement in rows}


def followed_by_coordination():
    """Agreement.objects.followed_by_coordination(), kept."""
    followed = (a for a in agreements().values() if a.follow_order is not None)
    return sorted(followed, key=attrgetter("follow_order"))


def active_focus_areas():
    """The focus areas offered for new activities, by number."""
    return [area for area in focus_areas_by_id().values() if area.is_active]


def focus_areas_by_id():
    """Every focus area, in use or retired, by id in list order."""
    return kept("focus-areas-by-id", lambda: {area.pk: area for area in FocusArea.objects.all()})


def with_page_references(event):
    """The activity of its own page, with its references (as `with_references`) and its
    agreement from memory; (focus areas, partner branches) in their list orders, their links
    read as ids and the records taken from memory."""
    [event] = with_references([event])
    _AGREEMENT.set_cached_value(event, agreements().get(event.agreement_id))
    areas, branches = focus_areas_by_id(), _references()[1]
    # Both kinds of link in one statement: ("focus", id) and ("partner", id) rows.
    links = {"outreachevent_id": event.pk}
    focus = _FOCUS_LINKS.filter(**links).values_list(Value("focus"), "focusarea_id")
    partner = _PARTNER_LINKS.filter(**links).values_list(Value("partner"), "unionbranch_id")
    area_ids, partner_ids = set(), []
    for kind, pk in focus.union(partner, all=True):
        if kind == "focus":
            area_ids.add(pk)
        else:
            partner_ids.append(pk)
    return (
        [area for pk, area in areas.items() if pk in area_ids],
        # A branch made after the version was read (by a write since) waits for the next.
        sorted(
            (branches[pk] for pk in partner_ids if pk in branches),
            key=attrgetter("level", "sort_key"),
        ),
    )


_AGREEMENT = OutreachEvent._meta.get_field("agreement")
_FOCUS_LINKS = OutreachEvent.focus_areas.through.objects
_PARTNER_LINKS = OutreachEvent.partners.through.objects


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
