"""Numbers for the home page, dashboard and reports, shaped from the figures of a selection
(coordination/figures.py: from the tallies or from the rows, one interface).

Each breakdown returns plain rows: a label, the filter parameters that select the row in the
activity list, the activities it counts (a number) and its sessions and participants (each a
Figure, coordination/qualified.py: "hơn 2.000", "chưa rõ", never 0 for unknown).
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from . import dates, province_refs, refdata
from .models import UnionBranch
from .models.tallies import FIGURES
from .months import add_months, last_day, months_spanned, period_start
from .qualified import EXACT, Figure
from .search import text_matches, words_of
from .text import sort_key


def totals(events):
    """Activities, sessions and participants (each a Figure), current provinces and branches
    involved."""
    added = _zeros()
    for row in events.grouped("type").values():  # every activity has exactly one type
        for name in FIGURES:
            added[name] += row[name]
    provinces = _current_codes()
    return {
        "activities": added["activities"],
        "sessions": Figure.of(added, "sessions"),
        "participants": Figure.of(added, "participants"),
        "provinces": len({provinces[pk] for pk in events.grouped("province") if pk}),
        "branches": len(events.grouped("branch")),
    }


def summary(figures, events, first=None, last=None):
    """The dashboard's opening line: the span, then the totals."""
    months = sorted(events.grouped("month"))
    return {
        **figures,
        "first": first or (months[0] if months else None),
        "last": last or (last_day(months[-1]) if months else None),
        "by_month": not (first or last),
    }


def _current_codes():
    """Province id → the code of the current unit it is (or became part of)."""
    return {pk: p.successor_id or p.current_code for pk, p in refdata.provinces_by_id().items()}


def _row(label, params, values):
    return {
        "label": label,
        "params": params,
        "activities": values["activities"],
        "sessions": Figure.of(values, "sessions"),
        "participants": Figure.of(values, "participants"),
    }


def _zeros():
    return dict.fromkeys(FIGURES, 0)


def _merge(grouped, key):
    merged = defaultdict(_zeros)
    for pk, values in grouped.items():
        target = merged[key(pk)]
        for name in target:
            target[name] += values[name] or 0
    return merged


def by_province(events, recorded=False):
    """By current province (former parts counted in their successor), or as recorded.

    Activities with no province are not a province: they are counted by nationwide().
    """
    grouped = {pk: values for pk, values in events.grouped("province").items() if pk}
    rows = []
    if recorded:
        provinces = refdata.provinces_by_id()
        for pk, values in grouped.items():
            province = provinces[pk]
            # The current unit's own records, without its former parts (they have rows here).
            code = province_refs.public(province, as_recorded=True)
            rows.append(_row(province.label_with_successor(), {"province": code}, values))
    else:
        codes = _current_codes()
        names = {p.code: p.name for p in refdata.provinces_by_id().values() if p.is_current}
        for code, values in _merge(grouped, lambda pk: codes[pk]).items():
            rows.append(_row(names[code], {"province": code}, values))
    return _sorted(rows)


def nationwide(events):
    """The activities recorded with no province (nationwide), as one row, or None."""
    grouped = events.grouped("province")
    values = grouped.get(None)
    label = _("No province (nationwide or place not given)")
    return _row(label, {"province": "nationwide"}, values) if values else None


def by_focus_area(events):
    """An activity with several focus areas counts once under each of them."""
    grouped = events.grouped("focus")
    areas = refdata.focus_areas_by_id()  # kept in list order
    return [
        _row(str(area), {"focus_area": area.code}, grouped[pk])
        for pk, area in areas.items()
        if pk in grouped
    ]


def by_type(events):
    grouped = events.grouped("type")
    types = refdata.types_by_id()
    rows = [
        _row(str(types[pk]), {"type": types[pk].code}, v)
        for pk, v in grouped.items()
        if pk in types  # a type made since the version was read waits for the next
    ]
    return _sorted(rows)


UNITS = {"month": 1, "quarter": 3, "year": 12}


def period_unit(events, first=None, last=None):
    """Years past five years of activity, quarters past two, else months: a chart of a dozen
    to a few dozen bars whatever the span. `first`/`last` narrow it to a chosen range."""
    months = [day for day in events.grouped("month") if _within(day, first, last)]
    if not months:
        return "month"
    span = months_spanned(min(months), max(months)) - 1
    return "year" if span >= 60 else "quarter" if span >= 24 else "month"


def _within(day, first, last):
    return (not first or add_months(day, 1) > first) and (not last or day <= last)


def by_period(events, unit="month", first=None, last=None):
    """Dated activities by month, quarter or year, with empty periods shown as zero.

    `first` and `last` (the list's date filter) clip each period's dates, so that the row's
    link opens the list of the activities the row counts.
    """
    step = UNITS[unit]
    months = events.grouped("month")
    found = _merge(months, lambda day: period_start(day, step))
    if not found:
        return []
    rows = []
    start, last_start = min(found), max(found)
    while start <= last_start and len(rows) < 400:
        end = last_day(start, step)
        values = found.get(start, _zeros())
        params = {
            "date_after": dates.shown(max(start, first) if first else start),
            "date_before": dates.shown(min(end, last) if last else end),
        }
        rows.append(_row(_period_label(start, unit), params, values))
        start = add_months(start, step)
    return rows


def _period_label(start, unit):
    if unit == "year":
        return str(start.year)
    if unit == "quarter":
        return _("Q%(quarter)d/%(year)d") % {
            "quarter": (start.month - 1) // 3 + 1,
            "year": start.year,
        }
    return start.strftime(dates.MONTH)


def top_branches(events, limit=10, within=None):
    """The branches below the central level with the most activities, each counting its
    sub-branches too, as the list filtered by a branch does. `within` (the id of a branch
    chosen in the filter) keeps to that branch and those below it."""
    lines = refdata.kept("branch-lines", _lines_up)
    totals = defaultdict(_zeros)
    for pk, values in events.grouped("branch").items():
        for ancestor in lines.get(pk, ()):
            total = totals[ancestor]
            for name in FIGURES:
                total[name] += values[name]
            if ancestor == within:
                break
    if within is not None:
        keep = refdata.subtree_ids(within)
        totals = {pk: values for pk, values in totals.items() if pk in keep}
    branches = refdata.branches_by_id()
    ranked = [
        item
        for item in totals.items()
        if branches[item[0]].level > UnionBranch.Level.CENTRAL or item[0] == within
    ]
    top = sorted(ranked, key=lambda item: (-item[1]["activities"], item[0]))[:limit]
    return [_row(branches[pk].name, {"branch": branches[pk].code}, v) for pk, v in top]


def _lines_up():
    """Branch id → the ids from it up to its root (a loop in the data stops the line)."""
    branches = refdata.branches_by_id()
    lines = {}
    for pk in branches:
        line, ancestor = [], pk
        while ancestor in branches and ancestor not in line:
            line.append(ancestor)
            ancestor = branches[ancestor].parent_id
        lines[pk] = tuple(line)
    return lines


def with_shares(rows, key="activities"):
    """Add each row's share of the largest value, for drawing bars."""
    largest = max((row[key] for row in rows), default=0) or 1
    for row in rows:
        row["share"] = round(100 * row[key] / largest, 1)
    return rows


def branch_tree(events):
    """Every branch with its own and its subtree's published activity counts, as a tree."""
    branches = list(UnionBranch.objects.select_related("province").order_by("level", "sort_key"))
    own = {pk: values["activities"] for pk, values in events.grouped("branch").items()}
    children = defaultdict(list)
    for branch in branches:
        children[branch.parent_id].append(branch)

    def build(branch):
        nodes = [build(child) for child in children[branch.pk]]
        total = own.get(branch.pk, 0) + sum(node["total"] for node in nodes)
        return {
            "branch": branch,
            "own": own.get(branch.pk, 0),
            "total": total,
            "children": nodes,
            "below": len(nodes),
        }

    return [build(root) for root in children[None]]


def matching_branches(tree, search):
    """The branches whose name matches the search as every search of the site does
    (search.py: diacritics optional, each word from a word's start), with the branches above
    them opened to show them; the rest left out."""
    words = words_of(search)

    def keep(node):
        children = [kept for kept in map(keep, node["children"]) if kept]
        matched = text_matches(words, [node["branch"].name, node["branch"].short_name])
        if not (matched or children):
            return None
        return {**node, "children": children, "open": bool(children), "matched": matched}

    return [kept for kept in map(keep, tree) if kept]


def _sorted(rows):
    return sorted(rows, key=lambda row: (-row["activities"], sort_key(str(row["label"]))))


def compare(now, before):
    """Rows of (figure, this period, previous period, change) for the report's summary, each
    period's value a Figure. The change is the difference of the two sums when both are
    exact, else None: "hơn 1.000" then "hơn 900" says nothing exact about the change."""
    labels = {
        "activities": _("Activities"),
        "sessions": _("Sessions"),
        "participants": _("Participants reached"),
        "provinces": _("Provinces covered"),
        "branches": _("Branches involved"),
    }
    rows = []
    for key, label in labels.items():
        this, previous = _figure(now[key]), _figure(before[key])
        change = percent = None
        if this.known and previous.known and this.qualifier == previous.qualifier == EXACT:
            change = this.value - previous.value
            percent = round(100 * change / previous.value, 1) if previous.value else None
        rows.append(
            {
                "key": key,
                "label": label,
                "now": this,
                "before": previous,
                "change": change,
                "percent": percent,
            }
        )
    return rows


def _figure(value):
    return value if isinstance(value, Figure) else Figure(value)
