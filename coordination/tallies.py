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
from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from .models import ActivityCube, ActivityTally, OutreachEvent
from .models.tallies import FIGURES

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
MORE_THAN, NEARLY = OutreachEvent.Qualifier.MORE_THAN.value, OutreachEvent.Qualifier.NEARLY.value


def month_key(day):
    return day.year * 100 + day.month if day else NO_MONTH


def contribution(event_ids):
    """What the activities add to the tallies and the cube now, {cell: [figures…]} in the
    order of FIGURES: ("tally", dim_a, key_a, dim_b, key_b) and ("cube", month, province,
    branch, type, focus)."""
    event_ids = list(event_ids)
    events = []
    for start in range(0, len(event_ids), 2000):
        events += OutreachEvent.objects.filter(
            pk__in=event_ids[start : start + 2000], status="published"
        ).values("pk", "sessions", "participants", "figures_qualifier", *FIELDS.values())
    cells = defaultdict(zeros)
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
        figures = event_figures(event)
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
            add(cells[key], figures)
    return cells


def zeros():
    return [0] * len(FIGURES)


def event_figures(event):
    """One activity's part of the FIGURES of its cells (a dict of its fields)."""
    qualifier = event["figures_qualifier"]
    given = {name: event[name] is not None for name in ("sessions", "participants")}
    return (
        1,
        event["sessions"] or 0,
        event["participants"] or 0,
        *(
            count
            for name in ("sessions", "participants")
            for count in (
                int(given[name]),
                int(given[name] and qualifier == MORE_THAN),
                int(given[name] and qualifier == NEARLY),
            )
        ),
    )


def add(total, figures):
    """Add one contribution's figures into a running total (a list)."""
    for i, figure in enumerate(figures):
        total[i] += figure


def apply(before, after):
    """Add after − before to the tallies and the cube, in one statement each."""
    changes = {"tally": [], "cube": []}
    nothing = zeros()
    for cell in set(before) | set(after):
        old, new = before.get(cell, nothing), after.get(cell, nothing)
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
    columns = ", ".join((*cell, *FIGURES))
    increments = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in FIGURES)
    # Upsert with increments keeps concurrent writers exact; the ORM has no such statement.
    places = ", ".join(["%s"] * (len(cell) + len(FIGURES)))
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({places}) "
        f"ON CONFLICT ({', '.join(cell)}) DO UPDATE SET {increments}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, sorted(changes))


def rebuild():
    """Recount the cube from the activities, then the tallies from the cube (bulk loads)."""
    with transaction.atomic():
        # Writers lock tallies before cube cells (apply): so does this, or they deadlock.
        ActivityTally.objects.all().delete()
        rebuild_cube(registry, indexes_after=True)
        rebuild_tallies(registry)


def rebuild_tallies(apps):
    """Recount the tallies from the cube, in the database (`apps`: the registry, or a
    migration's historical models; the cube must be exact: rebuild_cube first).

    Each tally adds up the cube's cells by its two dimensions: under focus 0 for month,
    province, branch and type, under each area for a focus area and one of them. Two focus
    areas of one activity are not in the cube (a cell has one area): those come from the
    activities' links. One INSERT … SELECT per pair, and one for the pairs' other order.
    """
    Event = apps.get_model("coordination", "OutreachEvent")
    Tally = apps.get_model("coordination", "ActivityTally")
    Cube = apps.get_model("coordination", "ActivityCube")
    through = Event.focus_areas.through
    names = _counted(Tally)
    sums = {f"c_{name}": Sum(name) for name in names}

    def pair(cells, dim_a, dim_b):
        return cells.values(
            c_dimension_a=Value(dim_a),
            c_key_a=F(dim_a),
            c_dimension_b=Value(dim_b),
            c_key_b=F(dim_b),
        ).annotate(**sums)

    every, by_area = Cube.objects.filter(focus=ALL_FOCUS), Cube.objects.exclude(focus=ALL_FOCUS)
    selections = [
        pair(every, dim_a, dim_b)
        for i, dim_a in enumerate(CUBE_DIMENSIONS)
        for dim_b in CUBE_DIMENSIONS[i:]
    ]
    selections += [pair(by_area, "focus", dim) for dim in CUBE_DIMENSIONS]
    selections.append(
        through.objects.filter(outreachevent__status="published")
        .values(
            c_dimension_a=Value("focus"),
            c_key_a=F("focusarea_id"),
            c_dimension_b=Value("focus"),
            c_key_b=F("outreachevent__focus_areas"),
        )
        .annotate(**_event_figures("outreachevent__", names))
    )
    # The other order of every pair of two dimensions (focus × focus has both already).
    swapped = Tally.objects.exclude(dimension_a=F("dimension_b")).values(
        c_dimension_a=F("dimension_b"),
        c_key_a=F("key_b"),
        c_dimension_b=F("dimension_a"),
        c_key_b=F("key_a"),
        **{f"c_{name}": F(name) for name in names},
    )
    with transaction.atomic():
        Tally.objects.all().delete()
        for rows in [*selections, swapped]:
            _insert_from(Tally, _TALLY_CELL, rows)


def rebuild_cube(apps, indexes_after=False):
    """Recount the cube from the activities, in the database: two INSERT … SELECT.

    `indexes_after` (PostgreSQL): build the cube's read indexes once, after the rows, instead
    of row by row (a third of the rebuild at a million activities); readers wait until the
    commit. Not in a migration, which creates them itself when it ends."""
    Event = apps.get_model("coordination", "OutreachEvent")
    Cube = apps.get_model("coordination", "ActivityCube")
    through = Event.focus_areas.through

    def place(prefix=""):
        day = prefix + "start_date"
        return {
            "c_month": Coalesce(ExtractYear(day) * 100 + ExtractMonth(day), Value(NO_MONTH)),
            "c_province": Coalesce(prefix + "province_id", Value(0)),
            "c_branch": F(prefix + "organiser_id"),
            "c_type": F(prefix + "activity_type_id"),
        }

    every = Event.objects.filter(status="published").values(**place())
    names = _counted(Cube)
    every = every.annotate(c_focus=Value(ALL_FOCUS), **_event_figures("", names))
    by_area = through.objects.filter(outreachevent__status="published").values(
        **place("outreachevent__"), c_focus=F("focusarea_id")
    )
    by_area = by_area.annotate(**_event_figures("outreachevent__", names))
    postgres = indexes_after and connection.vendor == "postgresql"
    with transaction.atomic():
        Cube.objects.all().delete()
        if postgres:
            _read_indexes(Cube, "remove_index")
        for rows in (every, by_area):
            _insert_from(Cube, _CUBE_CELL, rows)
        if postgres:
            _read_indexes(Cube, "add_index")


def _read_indexes(model, action):
    with connection.schema_editor() as editor:
        editor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for index in model._meta.indexes:
            getattr(editor, action)(model, index)


_TALLY_CELL = ("dimension_a", "key_a", "dimension_b", "key_b")


def _counted(model):
    """The FIGURES a model has: a migration's historical model may have only the first."""
    fields = {field.name for field in model._meta.fields}
    return [name for name in FIGURES if name in fields]


def _event_figures(prefix, names):
    """The figures `names` of the activities a values() query groups, named as _insert_from
    takes (as event_figures counts one)."""
    figures = {"c_activities": Count("pk")}
    for name in ("sessions", "participants"):
        field, qualifier = prefix + name, prefix + "figures_qualifier"
        given = Q(**{f"{field}__isnull": False})
        figures[f"c_{name}"] = Coalesce(Sum(field), Value(0))
        figures[f"c_{name}_given"] = Count(field)
        figures[f"c_{name}_more_than"] = Count("pk", filter=given & Q(**{qualifier: MORE_THAN}))
        figures[f"c_{name}_nearly"] = Count("pk", filter=given & Q(**{qualifier: NEARLY}))
    return {key: value for key, value in figures.items() if key[2:] in names}


def _insert_from(model, cell, rows):
    """INSERT INTO the model's table the rows of a values() query naming each column c_…
    (the ORM has no INSERT … SELECT)."""
    quote = connection.ops.quote_name
    columns = (*cell, *_counted(model))
    sql, params = rows.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "
            f"SELECT {', '.join(quote(f'c_{c}') for c in columns)} FROM ({sql}) AS counted",
            params,
        )
