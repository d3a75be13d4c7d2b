"""Rows for spreadsheets: one row iterator, a CSV and an XLSX writer, one formula guard.

Every writer (public list, admin, periodic report) goes through `safe_cell`, so text that a
spreadsheet would run as a formula is neutralised the same way everywhere.
"""

import csv
import datetime
import tempfile

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000
#: Excel's sheet limit, less the header row.
XLSX_MAX_ROWS = 1_048_575


def safe_cell(value):
    """Text that a spreadsheet would run as a formula gets a leading quote (OWASP advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def columns(with_status=False):
    """(header, width) pairs; headers are Vietnamese whatever the interface language."""
    with translation.override("vi"):
        cols = [
            (_("ID"), 8),
            (_("Title"), 50),
            (_("Activity type"), 28),
            (_("Start date"), 12),
            (_("End date"), 12),
            (_("Date precision"), 12),
            (_("Province as recorded"), 24),
            (_("Current province"), 18),
            (_("Place"), 30),
            (_("Organising branch"), 34),
            (_("Organising branch code"), 16),
            (_("Partners"), 34),
            (_("Focus areas"), 50),
            (_("Sessions"), 10),
            (_("Participants"), 12),
            (_("Figures are"), 12),
            (_("Source"), 40),
            (_("Address"), 40),
        ]
        if with_status:
            cols.insert(1, (_("Status"), 14))
        return cols


def rows(events, base_url="", with_status=False):
    """One list of typed values per event, fetched in chunks (no million-row lists)."""
    events = events.select_related(
        "province__successor", "organiser", "activity_type", "source"
    ).prefetch_related("focus_areas", "partners")
    with translation.override("vi"):
        for event in events.iterator(chunk_size=CHUNK):
            province = event.province
            current = (
                (province if province.is_current else province.successor) if province else None
            )
            row = [
                event.pk,
                event.title,
                event.activity_type.name,
                event.start_date,
                event.end_date,
                capfirst(event.get_date_precision_display()),
                province.name if province else _("Nationwide"),
                current.name if current else _("Nationwide"),
                event.place,
                event.organiser.name,
                event.organiser.code,
                "; ".join(
                    filter(None, [*(p.name for p in event.partners.all()), event.partner_note])
                ),
                "; ".join(str(area) for area in event.focus_areas.all()),
                event.sessions,
                event.participants,
                capfirst(event.get_figures_qualifier_display()),
                event.source.title if event.source else "",
                base_url + event.get_absolute_url() if event.is_published else "",
            ]
            if with_status:
                row.insert(1, capfirst(event.get_status_display()))
            yield row


class _Echo:
    def write(self, value):
        return value


def csv_lines(events, base_url="", with_status=False):
    """CSV text, line by line: UTF-8 with BOM so Excel shows Vietnamese, dates dd/mm/yyyy."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([h for h, _w in columns(with_status)])
    for row in rows(events, base_url, with_status):
        yield writer.writerow([_csv_value(value) for value in row])


def _csv_value(value):
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if value is None:
        return ""
    return safe_cell(value)


def xlsx_file(events, base_url="", with_status=False, title="Hoat dong"):
    """An XLSX workbook on disk (write-only mode keeps memory flat); returns the open file."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    write_sheet(sheet, columns(with_status), rows(events, base_url, with_status), XLSX_MAX_ROWS)
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle


def write_sheet(sheet, cols, data, limit=XLSX_MAX_ROWS):
    """Header row, frozen panes, widths, then typed cells with dd/mm/yyyy dates."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for index, (_header, width) in enumerate(cols, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text, _width in cols:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for count, row in enumerate(data):
        if count >= limit:
            sheet.append([_("More rows than a sheet can hold: narrow the filter or use CSV.")])
            break
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=safe_cell(value))
            if isinstance(value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
            cells.append(cell)
        sheet.append(cells)
