"""Exact counts of published activities by pairs of dimensions, for dashboards at scale: the
write side (coordination/figures.py reads them).

Aggregating a million activities takes seconds; the dashboard, the home page and the
agreement, branch and province pages instead read ActivityTally, which holds for every
ordered pair of dimensions (month, province as recorded, organising branch, type, focus area)
the activities, sessions and participants of each pair of values. A page with no filter or
one filter (a province, a branch with its sub-branches, a type, a focus area, or whole months)
reads its figures from it; other selections (text search, two filters, dates inside a month)
aggregate the activities themselves.

The tallies change in the same transaction as the activities: the unit of work every writer
uses (coordination/changes.py) applies the difference between what the touched activities
counted for before and after, once per transaction. Bulk loads that bypass save()
(generate_demo_data) rebuild them instead, as does `manage.py rebuild_tallies`.
"""

from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Count, F, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from .models import ActivityTally, OutreachEvent

DIMENSIONS = ("month", "province", "branch", "type", "focus")
# Where each dimension is read on an activity; 0 stands for "none" (undated, nationwide).
FIELDS = {
    "month": "start_date",
    "province": "province_id",
    "branch": "organiser_id",
    "type": "activity_type_id",
}
NO_MONTH = 0
LAST_MONTH = 9999_12


def month_key(day):
    return day.year * 100 + day.month if day else NO_MONTH


def contribution(event_ids):
    """What the activities add to the tallies now: {(dim_a, key_a, dim_b, key_b): [n, s, p]}."""
    event_ids = list(event_ids)
    events = []
    for start in range(0, len(event_ids), 2000):
        events += OutreachEvent.objects.filter(
            pk__in=event_ids[start : start + 2000], status="published"
        ).values("pk", "sessions", "participants", *FIELDS.values())
    cells = defaultdict(lambda: [0, 0, 0])
    if not events:
        return cells
    focus = defaultdict(list)
    through = OutreachEvent.focus_areas.through.objects
    published = [e["pk"] for e in events]
    for start in range(0, len(published), 2000):
        for event_id, area_id in through.filter(
            outreachevent_id__in=published[start : start + 2000]
        ).values_list("outreachevent_id", "focusarea_id"):
            focus[event_id].append(area_id)
    for event in events:
        keys = {
            "month": [month_key(event["start_date"])],
            "province": [event["province_id"] or 0],
            "branch": [event["organiser_id"]],
            "type": [event["activity_type_id"]],
            "focus": focus[event["pk"]],
        }
        figures = (1, event["sessions"] or 0, event["participants"] or 0)
        for dim_a in DIMENSIONS:
            for dim_b in DIMENSIONS:
                for key_a in keys[dim_a]:
                    for key_b in keys[dim_b]:
                        cell = cells[dim_a, key_a, dim_b, key_b]
                        for i, figure in enumerate(figures):
                            cell[i] += figure
    return cells


def apply(before, after):
    """Add after − before to the tallies, in one statement."""
    changes = []
    for cell in set(before) | set(after):
        old, new = before.get(cell, (0, 0, 0)), after.get(cell, (0, 0, 0))
        delta = [n - o for n, o in zip(new, old, strict=True)]
        if any(delta):
            changes.append((*cell, *delta))
    if not changes:
        return
    table = connection.ops.quote_name(ActivityTally._meta.db_table)
    # Upsert with increments keeps concurrent writers exact; the ORM has no such statement.
    sql = (
        f"INSERT INTO {table} "
        "(dimension_a, key_a, dimension_b, key_b, activities, sessions, participants) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (dimension_a, key_a, dimension_b, key_b) DO UPDATE SET "
        f"activities = {table}.activities + excluded.activities, "
        f"sessions = {table}.sessions + excluded.sessions, "
        f"participants = {table}.participants + excluded.participants"
    )
    with connection.cursor() as cursor:
        # Sorted, so that concurrent writers lock shared cells in the same order: no deadlock.
        cursor.executemany(sql, sorted(changes))


def rebuild(using_models=None):
    """Recount everything from the activities (after bulk loads; also a migration's job)."""
    from django.apps import apps as live_apps

    apps = using_models or live_apps
    Event = apps.get_model("coordination", "OutreachEvent")
    Tally = apps.get_model("coordination", "ActivityTally")
    through = Event.focus_areas.through
    figures = {"n": Count("pk"), "s": Sum("sessions"), "p": Sum("participants")}
    through_figures = {
        "n": Count("pk"),
        "s": Sum("outreachevent__sessions"),
        "p": Sum("outreachevent__participants"),
    }

    def key(dimension, prefix=""):
        if dimension == "month":
            day = prefix + "start_date"
            return Coalesce(ExtractYear(day) * 100 + ExtractMonth(day), Value(NO_MONTH))
        return Coalesce(prefix + FIELDS[dimension], Value(0))

    with transaction.atomic():
        Tally.objects.all().delete()
        batch = []
        for i, dim_a in enumerate(DIMENSIONS):
            for dim_b in DIMENSIONS[i:]:
                if "focus" in (dim_a, dim_b):
                    rows = through.objects.filter(outreachevent__status="published")
                    other = dim_b if dim_a == "focus" else dim_a
                    key_b = (
                        F("outreachevent__focus_areas")
                        if other == "focus"
                        else key(other, "outreachevent__")
                    )
                    rows = rows.values(a=F("focusarea_id"), b=key_b).annotate(**through_figures)
                    pairs = ("focus", other)
                else:
                    rows = Event.objects.filter(status="published").values(
                        a=key(dim_a), b=key(dim_b)
                    )
                    rows = rows.annotate(**figures)
                    pairs = (dim_a, dim_b)
                for row in rows.order_by():
                    a, b = int(row["a"]), int(row["b"])
                    values = {"activities": row["n"], "sessions": row["s"] or 0}
                    values["participants"] = row["p"] or 0
                    batch.append(
                        Tally(
                            dimension_a=pairs[0], key_a=a, dimension_b=pairs[1], key_b=b, **values
                        )
                    )
                    if pairs[0] != pairs[1]:  # a pair with itself comes out in both orders
                        batch.append(
                            Tally(
                                dimension_a=pairs[1],
                                key_a=b,
                                dimension_b=pairs[0],
                                key_b=a,
                                **values,
                            )
                        )
                    if len(batch) >= 5000:
                        Tally.objects.bulk_create(batch)
                        batch = []
        Tally.objects.bulk_create(batch)
