"""Exact counts of published activities, for dashboards at scale: the write side
(coordination/figures.py reads them).

Aggregating a million activities takes seconds; pages instead read two tables kept exact:

- ActivityTally holds for every ordered pair of dimensions (month, province as recorded,
  organising branch, type, focus area) the activities, sessions and participants of each
  pair of values: a page with no filter or one (a province, a branch with its sub-branches,
  a type, a focus area, or whole months) reads each breakdown from a few hundred rows;
- ActivityCube holds them by month, province, branch and type at once (and again under each
  focus area): two filters or more, whole months included, read their cells.

Text searches and dates inside a month aggregate the activities themselves.

Both change in the same transaction as the activities: the unit of work every writer uses
(coordination/changes.py) applies the difference between what the touched activities
counted for before and after, once per transaction. Bulk loads that bypass save()
(generate_demo_data) rebuild them instead, as does `manage.py rebuild_tallies`.
"""

from collections import defaultdict

from django.apps import apps as registry
from django.db import connection, transaction
from django.db.models import Count, F, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from .models import ActivityCube, ActivityTally, OutreachEvent

DIMENSIONS = ("month", "province", "branch", "type", "focus")
# The cube's place of an activity, and the focus under which every activity counts once.
CUBE_DIMENSIONS = ("month", "province", "branch", "type")
ALL_FOCUS = 0
_CUBE_CELL = (*CUBE_DIMENSIONS, "focus")
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
    """What the activities add to the tallies and the cube now, {cell: [n, s, p]}:
    ("tally", dim_a, key_a, dim_b, key_b) and ("cube", month, province, branch, type, focus)."""
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
        touched = [
            ("tally", dim_a, key_a, dim_b, key_b)
            for dim_a in DIMENSIONS
            for dim_b in DIMENSIONS
            for key_a in keys[dim_a]
            for key_b in keys[dim_b]
        ]
        place = tuple(keys[dim][0] for dim in CUBE_DIMENSIONS)
        touched += [("cube", *place, focus) for focus in (ALL_FOCUS, *keys["focus"])]
        for key in touched:
            cell = cells[key]
            for i, figure in enumerate(figures):
                cell[i] += figure
    return cells


def apply(before, after):
    """Add after − before to the tallies and the cube, in one statement each."""
    changes = {"tally": [], "cube": []}
    for cell in set(before) | set(after):
        old, new = before.get(cell, (0, 0, 0)), after.get(cell, (0, 0, 0))
        delta = [n - o for n, o in zip(new, old, strict=True)]
        if any(delta):
            changes[cell[0]].append((*cell[1:], *delta))
    # Tallies, then the cube, each sorted: concurrent writers lock shared cells in the same
    # order, so they queue instead of deadlocking.
    _upsert(ActivityTally, ("dimension_a", "key_a", "dimension_b", "key_b"), changes["tally"])
    _upsert(ActivityCube, _CUBE_CELL, changes["cube"])


def _upsert(model, cell, changes):
    if not changes:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    cell = [quote(column) for column in cell]
    columns = ", ".join((*cell, "activities", "sessions", "participants"))
    # Upsert with increments keeps concurrent writers exact; the ORM has no such statement.
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * (len(cell) + 3))}) "
        f"ON CONFLICT ({', '.join(cell)}) DO UPDATE SET "
        f"activities = {table}.activities + excluded.activities, "
        f"sessions = {table}.sessions + excluded.sessions, "
        f"participants = {table}.participants + excluded.participants"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, sorted(changes))


def rebuild():
    """Recount the tallies and the cube from the activities (after bulk loads)."""
    rebuild_tallies(registry)
    rebuild_cube(registry)


def rebuild_tallies(apps):
    """Recount the tallies (`apps`: the registry, or a migration's historical models)."""
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


def rebuild_cube(apps):
    """Recount the cube from the activities, in the database: two INSERT … SELECT."""
    Event = apps.get_model("coordination", "OutreachEvent")
    Cube = apps.get_model("coordination", "ActivityCube")
    through = Event.focus_areas.through
    quote = connection.ops.quote_name

    def place(prefix=""):
        day = prefix + "start_date"
        return {
            "c_month": Coalesce(ExtractYear(day) * 100 + ExtractMonth(day), Value(NO_MONTH)),
            "c_province": Coalesce(prefix + "province_id", Value(0)),
            "c_branch": F(prefix + "organiser_id"),
            "c_type": F(prefix + "activity_type_id"),
        }

    every = Event.objects.filter(status="published").values(**place())
    every = every.annotate(
        c_focus=Value(ALL_FOCUS),
        c_n=Count("pk"),
        c_s=Coalesce(Sum("sessions"), Value(0)),
        c_p=Coalesce(Sum("participants"), Value(0)),
    )
    by_area = through.objects.filter(outreachevent__status="published").values(
        **place("outreachevent__"), c_focus=F("focusarea_id")
    )
    by_area = by_area.annotate(
        c_n=Count("pk"),
        c_s=Coalesce(Sum("outreachevent__sessions"), Value(0)),
        c_p=Coalesce(Sum("outreachevent__participants"), Value(0)),
    )
    table = quote(Cube._meta.db_table)
    columns = ", ".join(quote(c) for c in (*_CUBE_CELL, "activities", "sessions", "participants"))
    chosen = ", ".join(
        quote(f"c_{c}") for c in ("month", "province", "branch", "type", "focus", "n", "s", "p")
    )
    with transaction.atomic(), connection.cursor() as cursor:
        Cube.objects.all().delete()
        for rows in (every, by_area):
            sql, params = rows.order_by().query.sql_with_params()
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {chosen} FROM ({sql}) AS counted", params
            )
