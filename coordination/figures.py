"""The figures of a selection of published activities: read from the tallies (no filter or
one) or the cube (more) when they can answer it exactly, added up from the activities
themselves otherwise (a text search, dates inside a month).

The three sources answer the same questions with the same keys:

- `count()`: how many activities;
- `grouped(dimension)`: {key: {"activities", "sessions", "participants"}}, activities > 0,
  where the key is a month's first day for "month" (undated activities are in no month), a
  province id or None (nationwide) for "province", and an id for "branch", "type" and
  "focus" (an activity with several focus areas counts once under each).

`of(filterset)` picks the source for what a list's FilterSet selects; reports.py shapes the
figures into rows; coordination/tallies.py keeps the tallies and the cube exact.
"""

import datetime
from collections import defaultdict

from django.db import connections, router
from django.db.models import Sum
from django.db.models.functions import Coalesce

from . import province_refs, refdata
from .filters import applied, parse_province
from .models import ActivityCube, ActivityTally, OutreachEvent
from .models.tallies import FIGURES
from .months import whole_months
from .tallies import ALL_FOCUS, CUBE_DIMENSIONS, LAST_MONTH, MORE_THAN, NEARLY, NO_MONTH, month_key


class _Figures:
    def count(self):
        """How many activities: every one has exactly one type."""
        return sum(row["activities"] for row in self.grouped("type").values())


class TallyFigures(_Figures):
    """Read from the tallies: `TallyFigures()` is every published activity,
    `TallyFigures("province", [ids])` those recorded in these provinces (0: nationwide),
    `TallyFigures("month", between=(202401, 202403))` those in these months."""

    def __init__(self, dimension=None, keys=(), between=None):
        self.dimension, self.keys, self.between = dimension, list(keys), between
        self._grouped = {}

    def grouped(self, dimension):
        if dimension not in self._grouped:
            self._grouped[dimension] = _public(dimension, self._read(dimension))
        return self._grouped[dimension]

    def _read(self, dimension):
        # One statement per breakdown, written once: a dashboard reads five of them, and the
        # ORM would build the same GROUP BY five times (1 ms each, more than the database
        # takes to answer).
        if self.dimension is None:
            chosen, params = "dimension_a = %s AND key_a = key_b", [dimension]
        elif self.between or self.keys:
            chosen, params = _tally_side("a", self.dimension, self.keys, self.between)
        else:
            return {}
        sql = f"{_TALLY_SUMS} WHERE dimension_b = %s AND {chosen} {_TALLY_GROUPS}"
        with _tally_cursor() as cursor:
            cursor.execute(sql, [dimension, *params])
            return {key: dict(zip(FIGURES, sums, strict=True)) for key, *sums in cursor}


def _tally_side(column, dimension, keys=(), between=None):
    """SQL and parameters choosing the tallies whose `column` side ("a" or "b") is `dimension`
    with one of `keys`, or with a key from `between`'s first to its last."""
    if between:
        return (
            f"dimension_{column} = %s AND key_{column} >= %s AND key_{column} <= %s",
            [dimension, *between],
        )
    places = ", ".join(["%s"] * len(keys))
    return f"dimension_{column} = %s AND key_{column} IN ({places})", [dimension, *keys]


def _tally_cursor():
    return connections[router.db_for_read(ActivityTally)].cursor()


# PostgreSQL sums bigint columns as numeric: cast back, as the figures are whole numbers.
_TALLY_SUMS = "SELECT key_b, {} FROM {}".format(
    ", ".join(f"CAST(SUM({name}) AS BIGINT)" for name in FIGURES),
    ActivityTally._meta.db_table,
)
_TALLY_GROUPS = "GROUP BY key_b HAVING SUM(activities) > 0"


class CubeFigures(_Figures):
    """Read from the cube: `selection` maps each filtered dimension to its keys (a list) or,
    for "month", to (first, last) keys. `rows` (the same selection's activities) answers what
    the cube cannot: the focus areas of activities chosen by one of them."""

    def __init__(self, selection, rows=None):
        self.selection, self.rows = selection, rows
        self._grouped = None

    def grouped(self, dimension):
        if dimension == "focus" and "focus" in self.selection:
            if self.rows is None:
                raise ValueError("the focus areas of a focus area's activities need its rows")
            return RowFigures(self.rows).grouped("focus")
        if self._grouped is None:
            self._grouped = {dim: _public(dim, cells) for dim, cells in self._add_up().items()}
        return self._grouped[dimension]

    def count(self):
        """A list needs its total, not the breakdowns: for two filters one sum over the tallies
        of that pair of dimensions (a province's parts × a branch's subtree: a few hundred
        cells, where the cube has a hundred thousand), else one over the chosen cells."""
        if any(not keys for keys in self.selection.values()):
            return 0
        if len(self.selection) == 2:
            where, params = [], []
            for column, (dimension, keys) in zip("ab", self.selection.items(), strict=True):
                if dimension == "month":
                    side, side_params = _tally_side(column, dimension, between=keys)
                else:
                    side, side_params = _tally_side(column, dimension, keys)
                where.append(side)
                params += side_params
            sql = f"SELECT SUM(activities) FROM {ActivityTally._meta.db_table} WHERE "
            with _tally_cursor() as cursor:
                cursor.execute(sql + " AND ".join(where), params)
                return int(cursor.fetchone()[0] or 0)
        return self._places().aggregate(n=Sum("activities"))["n"] or 0

    def _cells(self):
        """The cells of the chosen province, branch, type and months, under any focus; None
        when a filter names nothing (SQL has no empty IN list)."""
        if any(not keys for keys in self.selection.values()):
            return None
        chosen = ActivityCube.objects.all()
        for dimension, keys in self.selection.items():
            if dimension == "month":
                chosen = chosen.filter(month__gte=keys[0], month__lte=keys[1])
            elif dimension != "focus":
                chosen = chosen.filter(**{f"{dimension}__in": list(keys)})
        return chosen

    def _places(self):
        """The chosen cells under the chosen focus area, or under "every activity once"."""
        chosen = self._cells()
        if chosen is None:
            return None
        return chosen.filter(focus__in=list(self.selection.get("focus", [ALL_FOCUS])))

    def _add_up(self):
        sums = {dim: defaultdict(_zeros) for dim in (*CUBE_DIMENSIONS, "focus")}
        places = self._places()
        if places is None:
            return sums
        connection = connections[places.db]
        cells, params = places.values_list(*CUBE_DIMENSIONS, *FIGURES).query.sql_with_params()
        sql = f"WITH chosen({', '.join((*CUBE_DIMENSIONS, *FIGURES))}) "
        sql += f"AS ({cells}) " + _by_each(connection, ", ".join(f"SUM({n})" for n in FIGURES))
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for grouping, *row in cursor.fetchall():
                index, dim = _SETS[grouping]
                _add(sums[dim][row[index]], row[len(CUBE_DIMENSIONS) :])
        if "focus" not in self.selection:
            areas = self._cells().filter(focus__in=list(refdata.focus_areas_by_id()))
            for row in areas.values("focus").annotate(**_SUMS).order_by():
                _add(sums["focus"][row["focus"]], [row[f"sum_{name}"] for name in FIGURES])
        return sums


class RowFigures(_Figures):
    """Added up by the database from a QuerySet of activities: one statement sums the month,
    province, branch and type (GROUPING SETS on PostgreSQL, so the rows are read once; a
    GROUP BY per dimension elsewhere), one grouped join sums the focus areas."""

    def __init__(self, events):
        self.events = events.order_by()
        self._grouped = None

    def grouped(self, dimension):
        if self._grouped is None:
            self._grouped = {dim: _public(dim, cells) for dim, cells in self._add_up().items()}
        return self._grouped[dimension]

    def _add_up(self):
        """The sums keyed as the tallies key them, so that one function (_public) turns both
        into the keys pages use."""
        sums = {dim: defaultdict(_zeros) for dim in (*_COLUMNS, "focus")}
        connection = connections[self.events.db]
        # The id keeps a DISTINCT QuerySet one row per activity.
        rows = self.events.values_list(
            "pk", *_COLUMNS.values(), "sessions", "participants", "figures_qualifier"
        )
        rows, params = rows.query.get_compiler(using=self.events.db).as_sql()
        columns = ", ".join(_COLUMNS)
        sql = _by_each(connection, _row_sums(""))
        # The focus areas in the same statement, so that the rows are chosen once (PostgreSQL
        # materialises a WITH query read twice).
        through = connection.ops.quote_name(OutreachEvent.focus_areas.through._meta.db_table)
        sql += (
            f" UNION ALL SELECT {_FOCUS}, NULL, NULL, NULL, links.focusarea_id, "
            f"{_row_sums('chosen.')} FROM chosen JOIN {through} links "
            "ON links.outreachevent_id = chosen.id GROUP BY links.focusarea_id"
        )
        named = f"WITH chosen(id, {columns}, sessions, participants, qualifier) AS ({rows}) "
        with connection.cursor() as cursor:
            cursor.execute(named + sql, params)
            for grouping, *row in cursor.fetchall():
                index, dim = _SETS[grouping]
                key = month_key(_day(row[index])) if dim == "month" else row[index]
                _add(sums[dim][key], row[len(_COLUMNS) :])
        return sums


def _row_sums(prefix):
    """SQL adding up FIGURES, in their order, over rows of `chosen` (as tallies.event_figures
    counts one activity)."""
    sums = [f"COUNT(*), SUM({prefix}sessions), SUM({prefix}participants)"]
    for name in ("sessions", "participants"):
        sums.append(f"COUNT({prefix}{name})")
        for qualifier in (MORE_THAN, NEARLY):
            sums.append(
                f"SUM(CASE WHEN {prefix}{name} IS NOT NULL AND {prefix}qualifier = "
                f"'{qualifier}' THEN 1 ELSE 0 END)"
            )
    return ", ".join(sums)


# What each dimension groups by: days, folded into months in Python (cheaper than grouping
# by a computed month), and 0 for "nationwide", as the tallies key it.
_COLUMNS = {
    "month": "start_date",
    "province": Coalesce("province_id", 0),
    "branch": "organiser_id",
    "type": "activity_type_id",
}
# GROUPING(month, province, branch, type) of each set: a bit, first column highest, for each
# column the set does not group by.
_SETS = {15 - (8 >> index): (index, name) for index, name in enumerate(_COLUMNS)}
# Marks the rows of the focus areas, keyed in the type's place.
_FOCUS = 16
_SETS[_FOCUS] = (3, "focus")


def _by_each(connection, figures):
    """SQL summing `figures` over the rows of `chosen` by each of month, province, branch and
    type alone, every row led by GROUPING(month, province, branch, type) as _SETS reads it:
    GROUPING SETS on PostgreSQL (the rows read once), a GROUP BY for each elsewhere."""
    names = tuple(_COLUMNS)
    if connection.vendor == "postgresql":
        sets = ", ".join(f"({name})" for name in names)
        return (
            f"SELECT GROUPING({', '.join(names)}), {', '.join(names)}, {figures} "
            f"FROM chosen GROUP BY GROUPING SETS ({sets})"
        )
    return " UNION ALL ".join(
        f"SELECT {grouping}, {', '.join(n if n == name else 'NULL' for n in names)}, "
        f"{figures} FROM chosen GROUP BY {name}"
        for grouping, (_, name) in _SETS.items()
        if name in names
    )


def _day(value):
    """A date, whether the driver gives one (PostgreSQL) or its ISO text (SQLite)."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


_SUMS = {f"sum_{name}": Sum(name) for name in FIGURES}


def _zeros():
    return dict.fromkeys(FIGURES, 0)


def _add(cell, figures):
    """Add sums read in the order of FIGURES; PostgreSQL sums bigint columns as numeric, and
    a sum over no given figure is NULL: counts stay integers."""
    for name, figure in zip(FIGURES, figures, strict=True):
        cell[name] += int(figure or 0)


def _public(dimension, cells):
    """Tally keys (0 for "none") become the keys pages use."""
    if dimension == "month":
        return {
            datetime.date(key // 100, key % 100, 1): values
            for key, values in cells.items()
            if key != NO_MONTH
        }
    if dimension == "province":
        return {key or None: values for key, values in cells.items()}
    return dict(cells)


def tallied(filters, rows=None):
    """The figures of the list filtered by `filters` (the valid filters given, by name, as
    filters.applied() returns them) read from the tallies (none or one filter) or the cube
    (more), or None when neither can answer it exactly: a text search, dates that cut through
    a month. `rows`, the list's activities, answers what the cube cannot (CubeFigures)."""
    filters = dict(filters)
    dates = {key: filters.pop(key) for key in ("date_after", "date_before") if key in filters}
    if "q" in filters:
        return None
    selection = {}
    if dates:
        first, last = dates.get("date_after"), dates.get("date_before")
        if not whole_months(first, last):
            return None
        selection["month"] = (month_key(first) or 1, month_key(last) or LAST_MONTH)
    for name, value in filters.items():
        selection[_DIMENSION_OF[name]] = _keys(name, value)
    if not selection:
        return TallyFigures()
    if len(selection) > 1:
        return CubeFigures(selection, rows)
    [(dimension, keys)] = selection.items()
    if dimension == "month":
        return TallyFigures("month", between=keys)
    return TallyFigures(dimension, keys)


_DIMENSION_OF = {"province": "province", "branch": "branch", "type": "type", "focus_area": "focus"}


def _keys(name, value):
    """The keys of the tallies and the cube that one filter's value selects."""
    if name == "province":
        if value == province_refs.NATIONWIDE:
            return [0]
        province = parse_province(value)
        if province and province_refs.is_as_recorded(value):
            return [province.pk]
        return list(refdata.province_part_ids(province)) if province else []
    if name == "branch":
        return sorted(refdata.subtree_ids(value.pk))
    return [value.pk]


def of(filterset):
    """The figures of what a list's FilterSet selects: from the tallies when they answer it
    exactly, else from its rows. Invalid fields are ignored, as the list ignores them."""
    figures = tallied(applied(filterset) if filterset.is_bound else {}, filterset.qs)
    return RowFigures(filterset.qs) if figures is None else figures
