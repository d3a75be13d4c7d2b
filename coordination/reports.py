"""Numbers for the home page, dashboard and reports: functions of an already scoped QuerySet.

Each breakdown returns plain rows: a label, the filter parameters that select the row in the
activity list, and the activities, sessions and participants it counts.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, TruncMonth, TruncQuarter
from django.utils.translation import gettext as _

from .models import ActivityType, FocusArea, OutreachEvent, Province, UnionBranch

_SUMS = {
    "activities": Count("id"),
    "sessions": Sum("sessions"),
    "participants": Sum("participants"),
}


def totals(events):
    """Activities, sessions, participants, current provinces and branches involved."""
    result = events.order_by().aggregate(
        **_SUMS,
        provinces=Count(
            Coalesce("province__successor_id", "province__current_code"), distinct=True
        ),
        branches=Count("organiser", distinct=True),
    )
    result["sessions"] = result["sessions"] or 0
    result["participants"] = result["participants"] or 0
    return result


def _row(label, params, values):
    return {
        "label": label,
        "params": params,
        "activities": values["activities"],
        "sessions": values["sessions"] or 0,
        "participants": values["participants"] or 0,
    }


def by_province(events, recorded=False):
    """By current province (former parts counted in their successor), or as recorded."""
    if recorded:
        grouped = events.order_by().values("province_id").annotate(**_SUMS)
        provinces = Province.objects.select_related("successor").in_bulk()
        rows = []
        for values in grouped:
            province = provinces.get(values["province_id"])
            if province is None:
                rows.append(_row(_("Nationwide"), {"province": "nationwide"}, values))
            else:
                code = province.code if province.is_current else f"former:{province.code}"
                rows.append(_row(province.label_with_successor(), {"province": code}, values))
    else:
        grouped = (
            events.order_by()
            .values(code=Coalesce("province__successor_id", "province__current_code"))
            .annotate(**_SUMS)
        )
        names = dict(Province.objects.current().values_list("code", "name"))
        rows = [
            _row(names[v["code"]], {"province": v["code"]}, v)
            if v["code"]
            else _row(_("Nationwide"), {"province": "nationwide"}, v)
            for v in grouped
        ]
    return _sorted(rows)


def by_focus_area(events):
    """An activity with several focus areas counts once under each of them."""
    through = OutreachEvent.focus_areas.through
    grouped = (
        through.objects.filter(outreachevent__in=events.order_by().values("pk"))
        .values("focusarea_id")
        .annotate(
            activities=Count("outreachevent_id"),
            sessions=Sum("outreachevent__sessions"),
            participants=Sum("outreachevent__participants"),
        )
    )
    areas = FocusArea.objects.in_bulk()
    rows = [
        _row(str(areas[v["focusarea_id"]]), {"focus_area": areas[v["focusarea_id"]].code}, v)
        for v in grouped
    ]
    return sorted(rows, key=lambda row: row["label"])


def by_type(events):
    grouped = events.order_by().values("activity_type_id").annotate(**_SUMS)
    types = ActivityType.objects.in_bulk()
    rows = [
        _row(types[v["activity_type_id"]].name, {"type": types[v["activity_type_id"]].code}, v)
        for v in grouped
    ]
    return _sorted(rows)


def by_period(events, unit="month"):
    """Dated activities by month or quarter, with empty periods shown as zero."""
    trunc = TruncQuarter if unit == "quarter" else TruncMonth
    grouped = (
        events.order_by()
        .filter(start_date__isnull=False)
        .values(period=trunc("start_date"))
        .annotate(**_SUMS)
        .order_by("period")
    )
    found = {_as_date(v["period"]): v for v in grouped}
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
        params = {"date_after": start.isoformat(), "date_before": end.isoformat()}
        rows.append(_row(label, params, values))
        start = _add_months(start, step)
    return rows


def top_branches(events, limit=10):
    grouped = (
        events.order_by()
        .values("organiser_id")
        .annotate(**_SUMS)
        .order_by("-activities", "organiser_id")[:limit]
    )
    grouped = list(grouped)
    branches = UnionBranch.objects.in_bulk([v["organiser_id"] for v in grouped])
    return [
        _row(branches[v["organiser_id"]].name, {"branch": branches[v["organiser_id"]].code}, v)
        for v in grouped
    ]


def with_shares(rows, key="activities"):
    """Add each row's share of the largest value, for drawing bars."""
    largest = max((row[key] for row in rows), default=0) or 1
    for row in rows:
        row["share"] = round(100 * row[key] / largest, 1)
    return rows


def branch_tree(events):
    """Every branch with its own and its subtree's published activity counts, as a tree."""
    branches = list(UnionBranch.objects.select_related("province").order_by("level", "name"))
    own = dict(
        events.order_by()
        .values_list("organiser_id")
        .annotate(n=Count("id"))
        .values_list("organiser_id", "n")
    )
    children = defaultdict(list)
    for branch in branches:
        children[branch.parent_id].append(branch)

    def build(branch):
        nodes = [build(child) for child in children[branch.pk]]
        total = own.get(branch.pk, 0) + sum(node["total"] for node in nodes)
        return {"branch": branch, "own": own.get(branch.pk, 0), "total": total, "children": nodes}

    return [build(root) for root in children[None]]


def _sorted(rows):
    return sorted(rows, key=lambda row: (-row["activities"], row["label"]))


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
