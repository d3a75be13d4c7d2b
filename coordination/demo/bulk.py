"""Loading demo rows fast, and clearing them, outside the models.

PostgreSQL gets binary COPY and, for a big load, drops the secondary indexes and foreign keys
first and rebuilds them after (like pg_restore); SQLite gets batched INSERTs. Both write in
the caller's transaction. Rows written this way skip the models, so the callers ask their
unit of work to recount (``changes.recorded()`` … ``batch.recount()``).
"""

import itertools
import time

from django.db import connection

from coordination import changes
from coordination.models import OutreachEvent, UnionBranch

from . import DemoDataError
from .events import EVENT_COLUMNS

REBUILD_MIN_ROWS = 100_000
EVENT_TABLE = OutreachEvent._meta.db_table
FOCUS_TABLE = OutreachEvent.focus_areas.through._meta.db_table
PARTNER_TABLE = OutreachEvent.partners.through._meta.db_table
BRANCH_TABLE = UnionBranch._meta.db_table
FOCUS_COLUMNS = ["outreachevent_id", "focusarea_id"]
PARTNER_COLUMNS = ["outreachevent_id", "unionbranch_id"]


class Timings(list):
    """(phase, seconds) pairs, in the order the phases ran."""

    def run(self, name, function, *args):
        started = time.perf_counter()
        result = function(*args)
        self.append((name, time.perf_counter() - started))
        return result


def write_events(generator, count, batch_size, indexes, timings, say):
    """Write `count` generated activities and their links; return the counts."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), MAX(id) FROM {EVENT_TABLE}")
        existing, max_id = cursor.fetchone()
    first_id = (max_id or 0) + 1
    rows = generator.rows(first_id, count)
    if connection.vendor == "postgresql":
        rebuild = indexes == "rebuild" or (
            indexes == "auto" and count >= REBUILD_MIN_ROWS and count >= existing
        )
        _copy_all(generator, rows, rebuild, timings, say)
    else:
        _insert_all(generator, rows, batch_size)
    return {"events": count, "first_id": first_id, "last_id": first_id + count - 1}


def _copy_all(generator, rows, rebuild, timings, say):
    tables = [EVENT_TABLE, FOCUS_TABLE, PARTNER_TABLE]
    dropped = _drop_indexes_and_keys(tables) if rebuild else None
    started = time.perf_counter()
    _copy(EVENT_TABLE, EVENT_COLUMNS, rows)
    _copy(FOCUS_TABLE, FOCUS_COLUMNS, generator.focus_rows())
    _copy(PARTNER_TABLE, PARTNER_COLUMNS, generator.partner_rows())
    timings.append(("copy", time.perf_counter() - started))
    if dropped:
        indexes, keys = dropped
        _restore_indexes_and_keys(indexes, keys, timings)
        say(
            f"Loaded without {len(indexes)} secondary indexes and {len(keys)} foreign "
            "keys, then rebuilt and re-validated them (like pg_restore; much faster "
            "than row by row; --indexes keep to avoid it)."
        )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_get_serial_sequence('{EVENT_TABLE}', 'id')")
        sequence = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT setval(%s, GREATEST((SELECT MAX(id) FROM {EVENT_TABLE}), "
            f"(SELECT last_value FROM {sequence})))",
            [sequence],
        )


def _insert_all(generator, rows, batch_size):
    ops = connection.ops
    date_columns = [EVENT_COLUMNS.index(c) for c in ("start_date", "end_date")]
    time_columns = [EVENT_COLUMNS.index(c) for c in ("created_at", "updated_at")]

    def adapted():
        # The values Django itself would store: ISO dates, naive UTC datetimes.
        for row in rows:
            row = list(row)
            for i in date_columns:
                row[i] = ops.adapt_datefield_value(row[i])
            for i in time_columns:
                row[i] = ops.adapt_datetimefield_value(row[i])
            yield row

    _insert(EVENT_TABLE, EVENT_COLUMNS, adapted(), batch_size)
    _insert(FOCUS_TABLE, FOCUS_COLUMNS, generator.focus_rows(), batch_size * 4)
    _insert(PARTNER_TABLE, PARTNER_COLUMNS, generator.partner_rows(), batch_size * 4)


def _drop_indexes_and_keys(tables):
    """Drop the tables' foreign keys and the indexes that back no constraint.

    Return what to recreate. All of it happens in the caller's transaction: if anything
    fails, the rollback brings them back. The tables stay locked until the commit.
    """
    with connection.cursor() as cursor:
        # Foreign-key checks already queued (demo branches) run now, not at the commit.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT k.conrelid::regclass::text, k.conname, pg_get_constraintdef(k.oid) "
            "FROM pg_constraint k WHERE k.contype = 'f' "
            "AND k.conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
            [tables],
        )
        keys = cursor.fetchall()
        for table, name, _definition in keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        cursor.execute(
            "SELECT i.indrelid::regclass::text, c.relname, pg_get_indexdef(i.indexrelid) "
            "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid "
            "AND k.conrelid = i.indrelid) ORDER BY 1, 2",
            [tables],
        )
        indexes = cursor.fetchall()
        for _table, name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    return indexes, keys


def _restore_indexes_and_keys(indexes, keys, timings):
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _table, _name, definition in indexes:
            cursor.execute(definition)
        timings.append(("indexes", time.perf_counter() - started))
        started = time.perf_counter()
        for table, name, definition in keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        timings.append(("foreign keys", time.perf_counter() - started))


def _copy(table, columns, rows):
    """Stream rows with binary COPY (no text parsing on the server)."""
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, atttypid FROM pg_attribute "
            "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
            [table],
        )
        oids = dict(cursor.fetchall())
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)"
        with cursor.copy(statement) as copy:
            copy.set_types([oids[column] for column in columns])
            write = copy.write_row
            for row in rows:
                write(row)


def _insert(table, columns, rows, batch_size):
    marks = ", ".join(["%s"] * len(columns))
    statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    with connection.cursor() as cursor:
        while batch := list(itertools.islice(rows, batch_size)):
            cursor.executemany(statement, batch)


def analyze():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {EVENT_TABLE}, {FOCUS_TABLE}, {PARTNER_TABLE}, {BRANCH_TABLE}")


def clear():
    """Delete every demo row; refuse, changing nothing, when real records point to them."""
    with changes.recorded() as batch, connection.cursor() as cursor:
        problems = _real_records_on_demo_data(cursor)
        if problems:
            raise DemoDataError(
                "Real records point to demo data; change them first, nothing was deleted: "
                + "; ".join(problems)
                + "."
            )
        counts = {}
        for key, sql in _DELETES:
            cursor.execute(sql)
            counts[key] = cursor.rowcount
        batch.recount()
    return counts


_DEMO_EVENTS = f"SELECT id FROM {EVENT_TABLE} WHERE is_demo"
_DEMO_BRANCHES = f"SELECT id FROM {BRANCH_TABLE} WHERE is_demo"
_DELETES = [
    ("focus", f"DELETE FROM {FOCUS_TABLE} WHERE outreachevent_id IN ({_DEMO_EVENTS})"),
    ("partners", f"DELETE FROM {PARTNER_TABLE} WHERE outreachevent_id IN ({_DEMO_EVENTS})"),
    ("events", f"DELETE FROM {EVENT_TABLE} WHERE is_demo"),
    (
        "assignments",
        f"DELETE FROM coordination_staffassignment WHERE branch_id IN ({_DEMO_BRANCHES})",
    ),
    ("branches", f"DELETE FROM {BRANCH_TABLE} WHERE is_demo"),
]
_REAL_ON_DEMO = [
    (
        f"SELECT COUNT(*) FROM {EVENT_TABLE} WHERE NOT is_demo "
        f"AND organiser_id IN ({_DEMO_BRANCHES})",
        "{n} real activities are organised by demo branches",
    ),
    (
        f"SELECT COUNT(*) FROM {PARTNER_TABLE} WHERE unionbranch_id IN ({_DEMO_BRANCHES}) "
        f"AND outreachevent_id NOT IN ({_DEMO_EVENTS})",
        "{n} real activities name demo branches as partners",
    ),
    (
        f"SELECT COUNT(*) FROM {BRANCH_TABLE} WHERE NOT is_demo "
        f"AND parent_id IN ({_DEMO_BRANCHES})",
        "{n} real branches sit under demo branches",
    ),
]


def _real_records_on_demo_data(cursor):
    problems = []
    for sql, message in _REAL_ON_DEMO:
        cursor.execute(sql)
        if n := cursor.fetchone()[0]:
            problems.append(message.format(n=n))
    return problems
