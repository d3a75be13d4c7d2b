"""The figures of a selection of published activities: read from the tallies when they can
answer it exactly, added up from the activities themselves otherwise.

Both sources answer the same questions with the same keys:

- `count()`: how many activities;
- `grouped(dimension)`: {key: {"activities", "sessions", "participants"}}, activities > 0,
  where the key is a month's first day for "month" (undated activities are in no month), a
  province id or None (nationwide) for "province", and an id for "branch", "type" and
  "focus" (an activity with several focus areas counts once under each).

`of(filterset)` picks the source for what a list's FilterSet selects; reports.py shapes the
figures into rows; coordination/tallies.py keeps the tally table exact.
"""

import datetime
from collections import defaultdict

from django.db import connections
from django.db.models import F, Sum
from django.db.models.functions import Coalesce

from . import province_refs, refdata
from .filters import applied, parse_province
from .models import ActivityTally, OutreachEvent
from .months import whole_months
from .tallies import LAST_MONTH, NO_MONTH, month_key


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
        rows = ActivityTally.objects.filter(dimension_b=dimension)
        if self.dimension is None:
            rows = rows.filter(dimension_a=dimension, key_a=F("key_b"))
        elif self.between:
            rows = rows.filter(
                dimension_a=self.dimension, key_a__gte=self.between[0], key_a__lte=self.between[1]
            )
        else:
            rows = rows.filter(dimension_a=self.dimension, key_a__in=self.keys)
        rows = (
            rows.values("key_b")
            .annotate(
                activities=Sum("activities"),
                sessions=Sum("sessions"),
                participants=Sum("participants"),
            )
            .filter(activities__gt=0)
            .order_by()
        )
        return {row.pop("key_b"): row for row in rows}


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
        rows = self.events.values_list("pk", *_COLUMNS.values(), "sessions", "participants")
        rows, params = rows.query.get_compiler(using=self.events.db).as_sql()
        columns = ", ".join(_COLUMNS)
        figures = "COUNT(*), SUM(sessions), SUM(participants)"
        if connection.vendor == "postgresql":
            sets = ", ".join(f"({name})" for name in _COLUMNS)
            sql = (
                f"SELECT GROUPING({columns}), {columns}, {figures} "
                f"FROM chosen GROUP BY GROUPING SETS ({sets})"
            )
        else:
            sql = " UNION ALL ".join(
                f"SELECT {grouping}, {', '.join(n if n == name else 'NULL' for n in _COLUMNS)}, "
                f"{figures} FROM chosen GROUP BY {name}"
                for grouping, (_, name) in _SETS.items()
                if name in _COLUMNS
            )
        # The focus areas in the same statement, so that the rows are chosen once (PostgreSQL
        # materialises a WITH query read twice).
        through = connection.ops.quote_name(OutreachEvent.focus_areas.through._meta.db_table)
        sql += (
            f" UNION ALL SELECT {_FOCUS}, NULL, NULL, NULL, links.focusarea_id, COUNT(*), "
            f"SUM(chosen.sessions), SUM(chosen.participants) FROM chosen JOIN {through} links "
            "ON links.outreachevent_id = chosen.id GROUP BY links.focusarea_id"
        )
        named = f"WITH chosen(id, {columns}, sessions, participants) AS ({rows}) "
        with connection.cursor() as cursor:
            cursor.execute(named + sql, params)
            for grouping, *keys, activities, sessions, participants in cursor.fetchall():
                index, dim = _SETS[grouping]
                key = month_key(_day(keys[index])) if dim == "month" else keys[index]
                _add(sums[dim][key], activities, sessions or 0, participants or 0)
        return sums


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


def _day(value):
    """A date, whether the driver gives one (PostgreSQL) or its ISO text (SQLite)."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def _zeros():
    return {"activities": 0, "sessions": 0, "participants": 0}


def _add(cell, activities, sessions, participants):
    cell["activities"] += activities
    cell["sessions"] += sessions
    cell["participants"] += participants


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


def tallied(filters):
    """The tally-backed figures of the list filtered by `filters` (the valid filters given,
    by name, as filters.applied() returns them), or None when the tallies cannot answer it
    exactly: a text search, two filters or more, dates that cut through a month."""
    filters = dict(filters)
    dates = {key: filters.pop(key) for key in ("date_after", "date_before") if key in filters}
    if len(filters) + bool(dates) > 1 or "q" in filters:
        return None
    if dates:
        first, last = dates.get("date_after"), dates.get("date_before")
        if not whole_months(first, last):
            return None
        return TallyFigures("month", between=(month_key(first) or 1, month_key(last) or LAST_MONTH))
    if not filters:
        return TallyFigures()
    [(name, value)] = filters.items()
    if name == "province":
        if value == province_refs.NATIONWIDE:
            return TallyFigures("province", [0])
        province = parse_province(value)
        if province and province_refs.is_as_recorded(value):
            return TallyFigures("province", [province.pk])
        return TallyFigures("province", refdata.province_part_ids(province) if province else ())
    if name == "branch":
        return TallyFigures("branch", refdata.subtree_ids(value))
    return TallyFigures("focus" if name == "focus_area" else "type", [value.pk])


def of(filterset):
    """The figures of what a list's FilterSet selects: from the tallies when they answer it
    exactly, else from its rows. Invalid fields are ignored, as the list ignores them."""
    figures = tallied(applied(filterset) if filterset.is_bound else {})
    return RowFigures(filterset.qs) if figures is None else figures
