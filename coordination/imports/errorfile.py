"""The user's file handed back: same sheet name, rows and values, each bad cell marked.

Rows stay at their row numbers, so "row 7" in the error list is row 7 of the returned file.
"""

import csv
import datetime
import io

from django.utils.translation import gettext as _

from .. import dates
from ..exports import safe_cell


def annotated_file(result, as_xlsx, sheets=None):
    """The uploaded sheet with its errors: cell comments and highlights, and an error column.

    `sheets(book)` adds the template's code sheets and drop-downs to an XLSX (book: a
    templates.TemplateBook around the returned sheet), so the clerk fixes the rows in the
    same kind of file they filled in.
    """
    table = result.table
    by_row, by_cell = {}, {}
    for error in result.errors:
        by_row.setdefault(error.row, []).append(error.text())
        if error.index is not None:
            by_cell.setdefault((error.row, error.index), []).append(error.message)
    width = max([_width(table.headers)] + [_width(values) for _n, values in table.rows])
    lines = [(table.header_row, table.headers), *table.rows]
    if as_xlsx:
        return _xlsx(
            table.sheet_name, lines, width, by_row, by_cell, table.header_row, result, sheets
        )
    return _csv(lines, width, by_row, table.header_row)


def _width(values):
    for index in range(len(values) - 1, -1, -1):
        value = values[index]
        if value is not None and value != "":
            return index + 1
    return 0


def _xlsx(sheet_name, lines, width, by_row, by_cell, header_row, result, sheets):
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet(sheet_name[:31])
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    moment = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    bad = workbook.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
    bad_day = workbook.add_format(
        {"bg_color": "#FFC7CE", "font_color": "#9C0006", "num_format": "dd/mm/yyyy"}
    )
    wrap = workbook.add_format({"text_wrap": True, "valign": "top", "font_color": "#9C0006"})
    sheet.set_column(0, max(width - 1, 0), 20)
    sheet.set_column(width, width, 60)
    for number, values in lines:
        row = number - 1
        is_header = number == header_row
        for index in range(width):
            value = values[index] if index < len(values) else None
            messages = by_cell.get((number, index))
            if is_header:
                style = bold
            elif isinstance(value, datetime.date):
                style = bad_day if messages else day
            else:
                style = bad if messages else None
            _write(sheet, row, index, value, style, moment)
            if messages:
                sheet.write_comment(row, index, "\n".join(messages), {"x_scale": 2, "y_scale": 2})
        if is_header:
            sheet.write_string(row, width, _("Errors"), bold)
        elif number in by_row:
            sheet.write_string(row, width, "\n".join(by_row[number]), wrap)
    sheet.freeze_panes(header_row, 0)
    if sheets is not None:
        from .templates import TemplateBook

        sheets(TemplateBook.around(workbook, sheet, result.positions, header_row))
    workbook.close()
    return buffer.getvalue()


def _write(sheet, row, column, value, style, moment):
    """Typed cells: text as strings (never formulas), numbers, dates as dd/mm/yyyy."""
    if value is None or value == "":
        if style is not None:
            sheet.write_blank(row, column, None, style)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value, style)
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value, style)
    elif isinstance(value, datetime.datetime):
        sheet.write_datetime(row, column, value, moment)
    elif isinstance(value, datetime.date):
        sheet.write_datetime(row, column, value, style)
    else:
        sheet.write_string(row, column, str(value), style)


def _csv(lines, width, by_row, header_row):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    expected = 1
    for number, values in lines:
        for _blank in range(expected, number):
            writer.writerow([])
        expected = number + 1
        cells = [_csv_cell(values[i] if i < len(values) else None) for i in range(width)]
        if number == header_row:
            cells.append(_("Errors"))
        else:
            cells.append(" | ".join(by_row.get(number, [])))
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime(f"{dates.DAY} %H:%M")
    if isinstance(value, datetime.date):
        return dates.shown(value)
    return safe_cell(str(value))
