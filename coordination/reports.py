"""Numbers for the home page, dashboard and reports: functions of an already scoped QuerySet.

Each breakdown returns plain rows: a label, the filter parameters that select the row in the
activity list, and the activities, sessions and participants it counts.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _

from .models import ActivityType, FocusArea, OutreachEvent, Province, UnionBranch
from .querysets import id_list
from .text import sort_key

_SUMS = {
    "activities": Count("id"),
    "sessions": Sum("sessions"),
    "participants": Sum("participants"),
}


class EventSource:
    """Adds up the activities of a QuerySet; tallies.Tallies answers the same questions from
    the tallies. Keys: a province id (None: nationwide), a branch id, a type id, a focus
    area id, or a month's first day.

    One pass over the rows serves every breakdown: a GROUP BY per breakdown would read the
    same hundred thousand rows five times over.
    """

    def __init__(self, events):
        self.events = events.order_by()
        self._grouped = None

    def grouped(self, dimension):
        if self._grouped is None:
            self._grouped = self._add_up()
        return self._grouped[dimension]

    def _add_up(self):
        sums = {dim: defaultdict(_zeros) for dim in ("province", "branch", "type", "month")}
        figures = {}
        rows = self.events.values_list(
            "pk",
            "province_id",
            "organiser_id",
            "activity_type_id",
            "start_date",
            "sessions",
            "participants",
        )
        for pk, province, organiser, kind, day, sessions, participants in rows.iterator(
            chunk_size=5000
        ):
            sessions, participants = sessions or 0, participants or 0
            figures[pk] = (sessions, participants)
            keys = [("province", province), ("branch", organiser), ("type", kind)]
            if day:
                keys.append(("month", day.replace(day=1)))
            for dim, key in keys:
                cell = sums[dim][key]
                cell["activities"] += 1
                cell["sessions"] += sessions
                cell["participants"] += participants
        sums["focus"] = defaultdict(_zeros)
        through = OutreachEvent.focus_areas.through.objects
        ids = list(figures)
        for start in range(0, len(ids), 2000):
            links = through.filter(outreachevent_id__in=id_list(ids[start : start + 2000]))
            for event_id, area_id in links.values_list("outreachevent_id", "focusarea_id"):
                cell = sums["focus"][area_id]
                cell["activities"] += 1
                cell["sessions"] += figures[event_id][0]
                cell["participants"] += figures[event_id][1]
        return {dim: dict(cells) for dim, cells in sums.items()}


def _zeros():
    return {"activities": 0, "sessions": 0, "participants": 0}


def source(events):
    """A QuerySet of activities becomes an EventSource; Tallies pass through."""
    return EventSource(events) if isinstance(events, QuerySet) else events


def totals(events):
    """Activities, sessions, participants, current provinces and branches involved."""
    events = source(events)
    by_type = events.grouped("type").values()  # every activity has exactly one type
    provinces = _current_codes()
    return {
        "activities": sum(row["activities"] for row in by_type),
        "sessions": sum(row["sessions"] or 0 for row in by_type),
        "participants": sum(row["participants"] or 0 for row in by_type),
        "provinces": len({provinces[pk] for pk in events.grouped("province") if pk}),
        "branches": len(events.grouped("branch")),
    }


def _current_codes():
    """Province id → the code of the current unit it is (or became part of)."""
    return {
        pk: successor or code
        for pk, successor, code in Province.objects.values_list(
            "pk", "successor_id", "current_code"
        )
    }


def _row(label, params, values):
    return {
        "label": label,
        "params": params,
        "activities": values["activities"],
        "sessions": values["sessions"] or 0,
        "participants": values["participants"] or 0,
    }


def _merge(grouped, key):
    merged = defaultdict(lambda: {"activities": 0, "sessions": 0, "participants": 0})
    for pk, values in grouped.items():
        target = merged[key(pk)]
        for name in target:
            target[name] += values[name] or 0
    return merged


def by_province(events, recorded=False):
    """By current province (former parts counted in their successor), or as recorded."""
    grouped = source(events).grouped("province")
    grouped = {pk or None: values for pk, values in grouped.items()}  # tallies say 0
    nationwide = _("Nationwide"), {"province": "nationwide"}
    rows = []
    if recorded:
        provinces = Province.objects.select_related("successor").in_bulk()
        for pk, values in grouped.items():
            province = provinces.get(pk)
            if province is None:
                rows.append(_row(*nationwide, values))
            else:
                code = province.code if province.is_current else f"former:{province.code}"
                rows.append(_row(province.label_with_successor(), {"province": code}, values))
    else:
        codes = _current_codes()
        names = dict(Province.objects.current().values_list("code", "name"))
        for code, values in _merge(grouped, lambda pk: codes.get(pk)).items():
            if code:
                rows.append(_row(names[code], {"province": code}, values))
            else:
                rows.append(_row(*nationwide, values))
    return _sorted(rows)


def by_focus_area(events):
    """An activity with several focus areas counts once under each of them."""
    grouped = source(events).grouped("focus")
    areas = FocusArea.objects.in_bulk(list(grouped))
    rows = [_row(str(areas[pk]), {"focus_area": areas[pk].code}, v) for pk, v in grouped.items()]
    order = {area.code: (area.number, area.code) for area in areas.values()}
    return sorted(rows, key=lambda row: order[row["params"]["focus_area"]])


def by_type(events):
    grouped = source(events).grouped("type")
    types = ActivityType.objects.in_bulk(list(grouped))
    rows = [_row(str(types[pk]), {"type": types[pk].code}, v) for pk, v in grouped.items()]
    return _sorted(rows)


def by_period(events, unit="month"):
    """Dated activities by month or quarter, with empty periods shown as zero."""
    months = source(events).grouped("month")
    if unit == "quarter":
        found = _merge(months, lambda day: day.replace(month=(day.month - 1) // 3 * 3 + 1))
    else:
        found = months
    if not found:
        return []
    rows = []
    start, last = min(found), max(found)
    step = 3 if unit == "quarter" else 1
    while start <= last and len(rows) < 400:
        end = _add_months(start, step) - datetime.timedelta(days=1)
        values = found.get(start, {"activities": 0, "sessions": 0, "participants": 0})
        label = (
            _("Q%(quarter)d/%(year)d") % {"quarter": (start.month - 1) // 3 + 1, "year": start.year}
            if unit == "quarter"
            else start.strftime("%m/%Y")
        )
        params = {"date_after": start.strftime("%d/%m/%Y"), "date_before": end.strftime("%d/%m/%Y")}
        rows.append(_row(label, params, values))
        start = _add_months(start, step)
    return rows


def top_branches(events, limit=10):
    grouped = source(events).grouped("branch")
    top = sorted(grouped.items(), key=lambda item: (-item[1]["activities"], item[0]))[:limit]
    branches = UnionBranch.objects.in_bulk([pk for pk, _values in top])
    return [_row(branches[pk].name, {"branch": branches[pk].code}, v) for pk, v in top]


def with_shares(rows, key="activities"):
    """Add each row's share of the largest value, for drawing bars."""
    largest = max((row[key] for row in rows), default=0) or 1
    for row in rows:
        row["share"] = round(100 * row[key] / largest, 1)
    return rows


def branch_tree(events):
    """Every branch with its own and its subtree's published activity counts, as a tree."""
    branches = list(UnionBranch.objects.select_related("province").order_by("level", "sort_key"))
    own = {pk: values["activities"] for pk, values in source(events).grouped("branch").items()}
    children = defaultdict(list)
    for branch in branches:
        children[branch.parent_id].append(branch)

    def build(branch):
        nodes = [build(child) for child in children[branch.pk]]
        total = own.get(branch.pk, 0) + sum(node["total"] for node in nodes)
        return {"branch": branch, "own": own.get(branch.pk, 0), "total": total, "children": nodes}

    return [build(root) for root in children[None]]


def _sorted(rows):
    return sorted(rows, key=lambda row: (-row["activities"], sort_key(str(row["label"]))))


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def _add_months(day, months):
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=1)


def compare(now, before):
    """Rows of (figure, this period, previous period, change) for the report's summary."""
    labels = {
        "activities": _("Activities"),
        "sessions": _("Sessions"),
        "participants": _("Participants reached"),
        "provinces": _("Provinces covered"),
        "branches": _("Branches involved"),
    }
    rows = []
    for key, label in labels.items():
        change = now[key] - before[key]
        percent = round(100 * change / before[key], 1) if before[key] else None
        rows.append(
            {
                "key": key,
                "label": label,
                "now": now[key],
                "before": before[key],
                "change": change,
                "percent": percent,
            }
        )
    return rows


def qualified_totals(events, published):
    """totals() with how far each sum can be trusted, for the pages that state them."""
    return qualify(totals(events), published)


def qualify(figures, published):
    """Add to totals how far each sum can be trusted: "more than" when one of the figures
    is, "at least" when some activities give no figure, unknown (not 0) when none gives one.
    """
    figures = dict(figures)
    for name in ("sessions", "participants"):
        figures[f"{name}_qualifier"] = _qualifier(published, name, figures[name])
    return figures


def _qualifier(published, field, total):
    if not total:
        return "unknown"
    given = published.filter(**{f"{field}__isnull": False})
    if given.filter(figures_qualifier=OutreachEvent.Qualifier.MORE_THAN).exists():
        return "more_than"
    if published.filter(**{f"{field}__isnull": True}).exists():
        return "at_least"
    if given.filter(figures_qualifier=OutreachEvent.Qualifier.NEARLY).exists():
        return "nearly"
    return "exact"
