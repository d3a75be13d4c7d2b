"""Reading an uploaded CSV or XLSX into numbered data rows, within fixed bounds.

Rows are counted as data rows (blank ones skipped), never as physical rows, and the
dimension a sheet declares is never trusted: a 5 KB file can claim A1:XFD1048576. The XLSX
sheet is streamed cell by cell with openpyxl's own sheet parser (the one its read-only mode
uses), so only cells that exist are seen; the work is bounded by the unpacked size, the number
of cells and the number of data rows, and a file past any bound is refused with a message.
The parts openpyxl reads whole when it opens a workbook (styles, shared strings, the workbook,
relationships…) are counted first, element by element with a streaming parser that stops at
the bound, so a small file holding a million styles is refused before openpyxl builds them.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from . import parts

MAX_BYTES = 5 * 1024 * 1024
#: Data rows (the header and blank rows not counted).
MAX_ROWS = 10_000
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
#: Columns read from a sheet; a value further right is refused rather than ignored.
MAX_COLUMNS = 60
#: Cells (blank ones with a style included) parsed before the sheet is refused.
MAX_CELLS = 1_000_000
MAX_CELL_CHARS = 10_000
EXCEL_MAX_ROW = 1_048_576
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# A cell longer than the csv module's default limit must reach our own check, which names
# its row and column, instead of the module's English error. The bound of the whole file
# (MAX_BYTES) still holds.
csv.field_size_limit(MAX_BYTES + 1)


class ImportRefused(Exception):
    """The file as a whole cannot be read; the message says why."""


@dataclass
class CellProblem:
    row: int
    index: int
    message: str


@dataclass
class Table:
    """The header and the data rows of one sheet, each with its row number in the file."""

    sheet_name: str
    header_row: int
    headers: list
    rows: list  # [(row_number, [values])]
    problems: list = field(default_factory=list)  # [CellProblem]
    is_xlsx: bool = False


def column_letter(index):
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_upload(upload):
    """Refuse a file by its size and kind before anything reads it; return "xlsx" or "csv".

    Django's upload settings do not cap a file's size, so it is checked here, by the upload
    form and again by read_table (which also counts the bytes it reads).
    """
    if upload.size > MAX_BYTES:
        raise ImportRefused(_too_large())
    name = (upload.name or "").lower()
    kind = next((kind for kind in ("xlsx", "csv") if name.endswith("." + kind)), None)
    if kind is None:
        raise ImportRefused(_("Upload a .csv or .xlsx file."))
    if not upload.size:
        raise ImportRefused(_("The file is empty."))
    return kind


def _too_large():
    return _("The file is larger than 5 MB. Split it into smaller files.")


def read_table(upload):
    """Return the upload's Table, or raise ImportRefused with a message for the user."""
    kind = check_upload(upload)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportRefused(_too_large())
    if kind == "xlsx":
        sheet_name, physical = _xlsx_rows(data)
    else:
        name = (upload.name or "").lower()
        sheet_name, physical = name.rsplit("/", 1)[-1][:-4][:31] or "Sheet1", _csv_rows(data)
    is_xlsx = kind == "xlsx"
    table = Table(sheet_name, 0, [], [], is_xlsx=is_xlsx)
    for number, values in physical:
        if not any(_filled(value) for value in values):
            continue
        if not table.header_row:
            table.header_row = number
            table.headers = [_text(value) for value in values]
            continue
        if len(table.rows) == MAX_ROWS:
            raise ImportRefused(
                _(
                    "The file has more than %(limit)s data rows (blank rows not counted): "
                    "split it into smaller files."
                )
                % {"limit": number_format(MAX_ROWS, force_grouping=True)}
            )
        table.rows.append((number, [_check(table, number, i, v) for i, v in enumerate(values)]))
    if not table.header_row:
        raise ImportRefused(_("The file is empty."))
    return table


def _filled(value):
    return value is not None and (not isinstance(value, str) or value.strip() != "")


def _text(value):
    return "" if value is None else str(value).strip()


def _check(table, number, index, value):
    """A text cell with a NUL byte or past the length limit is reported (and never stored)."""
    if not isinstance(value, str):
        return value
    if "\x00" in value:
        table.problems.append(
            CellProblem(number, index, _("The cell holds a NUL character (code 0): remove it."))
        )
        return value.replace("\x00", "")
    if len(value) > MAX_CELL_CHARS:
        table.problems.append(
            CellProblem(
                number,
                index,
                _("The cell holds %(count)s characters; at most %(limit)s are allowed.")
                % {
                    "count": number_format(len(value), force_grouping=True),
                    "limit": number_format(MAX_CELL_CHARS, force_grouping=True),
                },
            )
        )
    value = value.strip()
    # Our CSV exports (and XLSX ones before) put a quote before text a spreadsheet would run
    # as a formula; take it off so that "export, correct, re-import" keeps the text as is.
    # Excel's own quote prefix is a style, not part of the text, so nothing typed is lost.
    if value[:1] == "'" and value[1:2] in FORMULA_STARTS:
        return value[1:]
    return value


def _csv_rows(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            _("The CSV file is not UTF-8 encoded. In Excel, save it as “CSV UTF-8”.")
        ) from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    number = 0
    try:
        for number, values in enumerate(reader, start=1):
            if len(values) > MAX_COLUMNS and any(_filled(v) for v in values[MAX_COLUMNS:]):
                raise ImportRefused(_beyond_columns(number, MAX_COLUMNS))
            yield number, values[:MAX_COLUMNS]
    except csv.Error as exc:
        raise ImportRefused(
            _("Row %(row)s of the CSV file cannot be read (an unclosed quote?).")
            % {"row": number + 1}
        ) from exc


def _beyond_columns(number, index):
    return _(
        "Cell %(cell)s holds a value beyond the first %(limit)s columns, which are the only "
        "ones read: remove it or move it into a column of the template."
    ) % {"cell": f"{column_letter(index)}{number}", "limit": MAX_COLUMNS}


def _xlsx_rows(data):
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
            raise ImportRefused(_("The spreadsheet unpacks to more than 50 MB; it is refused."))
        if refusal := parts.refusal(archive):
            raise ImportRefused(refusal)
        # read_only: the workbook's parts are read on demand and formulas come back as their
        # text, never evaluated.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
    except ImportRefused:
        raise
    except Exception as exc:  # openpyxl raises many types for broken files
        raise ImportRefused(_("The file is not a readable Excel (.xlsx) workbook.")) from exc
    return sheet.title, _stream_sheet(workbook, sheet)


def _stream_sheet(workbook, sheet):
    from openpyxl.worksheet._reader import WorkSheetParser

    cells = rows = 0
    try:
        with sheet._get_source() as source:
            parser = WorkSheetParser(
                source,
                sheet._shared_strings,
                data_only=False,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            for number, parsed in parser.parse():
                rows += 1
                cells += len(parsed)
                if cells > MAX_CELLS or rows > EXCEL_MAX_ROW or number > EXCEL_MAX_ROW:
                    raise ImportRefused(
                        _(
                            "The sheet holds more than %(limit)s cells (blank formatted cells "
                            "included): copy only the rows you need into the template."
                        )
                        % {"limit": number_format(MAX_CELLS, force_grouping=True)}
                    )
                values = [None] * MAX_COLUMNS
                for cell in parsed:
                    index = cell["column"] - 1
                    if index >= MAX_COLUMNS:
                        if _filled(cell["value"]):
                            raise ImportRefused(_beyond_columns(number, index))
                        continue
                    values[index] = _plain(cell["value"])
                yield number, values
    except ImportRefused:
        raise
    except Exception as exc:
        raise ImportRefused(_("The file is not a readable Excel (.xlsx) workbook.")) from exc
    finally:
        workbook.close()


def _plain(value):
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time() else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
