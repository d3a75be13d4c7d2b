"""What an import reports: errors that name a row, a column and the value, and the counts."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .. import dates
from .reading import ImportRefused, column_letter, read_table

#: A reference cell starting with this marks a row that is never imported (the sample row).
NOTE_MARK = "#"


@dataclass
class RowError:
    row: int
    column: str
    message: str
    value: str = ""
    index: int | None = None  # the column's position in the user's sheet, when it has one

    def text(self):
        """The error as one sentence, for the error column and the cell comments."""
        if self.column:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class ImportResult:
    table: object
    errors: list = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    pending: int = 0  # changes of published activities left for a reviewer
    notes: int = 0  # rows marked with NOTE_MARK, such as the template's sample
    positions: dict = field(default_factory=dict)  # column key → index in the user's sheet

    @property
    def total(self):
        return self.created + self.updated + self.unchanged + self.pending


def shown(value, limit=80):
    """A cell's value as the error list quotes it: short, one line."""
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return dates.shown(value)
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def allowed_list(codes, limit=12):
    """ "a, b, c" or "a, b, … (and 40 more)" for an error message."""
    codes = list(codes)
    if len(codes) <= limit:
        return ", ".join(codes)
    return _("%(codes)s … (and %(count)s more)") % {
        "codes": ", ".join(codes[:limit]),
        "count": len(codes) - limit,
    }


class Columns:
    """The columns an import knows, found in the user's header row by label or key."""

    def __init__(self, spec, aliases=None):
        self.spec = spec  # [(key, label, required)]
        self.labels = {key: str(label) for key, label, _required in spec}
        self.aliases = aliases or {}

    def locate(self, table, result):
        wanted = {}
        for key, label, _required in self.spec:
            wanted[str(label).casefold()] = key
            wanted[key] = key
        for alias, key in self.aliases.items():
            wanted[str(alias).casefold()] = key
        positions = {}
        for index, header in enumerate(table.headers):
            # The templates mark required columns with " *".
            key = wanted.get(header.removesuffix("*").strip().casefold())
            if key and key not in positions:
                positions[key] = index
        for key, label, required in self.spec:
            if required and key not in positions:
                result.errors.append(
                    RowError(table.header_row, str(label), _("This column is missing."))
                )
        return positions


class RowChecker:
    """Collects at most one error per cell: the first thing wrong with it is what is said."""

    def __init__(self, number, columns, positions, result, values):
        self.number = number
        self.columns = columns
        self.positions = positions
        self.result = result
        self.values = values
        self.failed = set()

    def error(self, key, message):
        if key in self.failed:
            return
        self.failed.add(key)
        index = self.positions.get(key)
        self.result.errors.append(
            RowError(
                self.number,
                self.columns.labels.get(key, ""),
                message,
                shown(self.values.get(key)),
                index,
            )
        )

    def row_error(self, message):
        self.result.errors.append(RowError(self.number, "", message))

    def form_errors(self, form):
        for key, messages in form.errors.items():
            for message in messages:
                if key in self.columns.labels:
                    self.error(key, message)
                else:
                    self.row_error(message)

    @property
    def ok(self):
        return not self.failed


def cell_problems(table, columns, positions, result):
    """The reader's findings (NUL bytes, huge cells), as errors of their row and column."""
    by_index = {index: key for key, index in positions.items()}
    failed = {}
    for problem in table.problems:
        key = by_index.get(problem.index)
        label = (
            columns.labels[key]
            if key
            else (table.headers[problem.index] if problem.index < len(table.headers) else "")
            or column_letter(problem.index)
        )
        result.errors.append(RowError(problem.row, label, problem.message, "", problem.index))
        if key:
            failed.setdefault(problem.row, set()).add(key)
    return failed


def checked(rows, column_set, positions, result, failed):
    """Each row to import with its RowChecker, the cells the reader already reported marked."""
    for number, values in rows:
        check = RowChecker(number, column_set, positions, result, values)
        check.failed.update(failed.get(number, ()))
        yield check, values


def raw_cell(row, index):
    """The cell at `index` of a sheet row, or "" when the row has none there."""
    if index is None or index >= len(row) or row[index] is None:
        return ""
    return row[index]


def sheet_rows(upload, column_set, columns, note_key, cell):
    """The steps every import starts with: read the upload, find the columns, check the cells.

    Returns (result, positions, failed, rows): rows are (row number, {key: value}) for every
    row to import (rows whose `note_key` cell starts with # are counted as notes, not rows);
    `failed` maps a row number to the keys whose cells were already reported (blanked in the
    rows: never looked up or stored). When the
    columns themselves are wrong, result holds the errors and rows is empty. Raises
    ImportRefused when the sheet has no row to import.
    """
    table = read_table(upload)
    result = ImportResult(table=table)
    positions = column_set.locate(table, result)
    result.positions = positions
    if result.errors:
        return result, positions, {}, []
    failed = cell_problems(table, column_set, positions, result)
    rows = []
    for number, row in table.rows:
        values = {key: cell(row, positions.get(key)) for key, _label, _required in columns}
        if str(values[note_key]).startswith(NOTE_MARK):
            result.notes += 1
            continue
        for key in failed.get(number, ()):
            values[key] = ""
        rows.append((number, values))
    if not rows:
        raise ImportRefused(
            _("The file has no rows to import below its header (rows marked with # are skipped).")
        )
    return result, positions, failed, rows
