"""Imports count data rows, not physical rows, and stay within bounds of memory and work."""

import csv
import io
import re
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from coordination import imports
from coordination.imports import reading
from coordination.models import OutreachEvent

from .helpers import csv_file, import_row, upload, xlsx

URL = "admin:coordination_outreachevent_import"


def _sheet_at(rows_at, dimension=None):
    """An XLSX whose rows sit at the given physical row numbers: {row_number: values}."""
    workbook = Workbook()
    sheet = workbook.active
    for number, values in rows_at.items():
        for column, value in enumerate(values, start=1):
            sheet.cell(row=number, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    if dimension is None:
        return buffer.getvalue()
    return _rewrite_sheet(
        buffer.getvalue(),
        lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="%s"' % dimension, xml),
    )


def _rewrite_sheet(data, change):
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = change(content)
            target.writestr(info.filename, content)
    return out.getvalue()


def _imported():
    return OutreachEvent.objects.filter(external_ref__startswith="BN-").count()


def test_blank_rows_do_not_count_and_no_row_is_lost(entry_client, monkeypatch):
    # 6 activities each followed by a blank row, with a limit of 10 data rows: the old
    # reader stopped after limit + 2 physical rows and imported 5.
    monkeypatch.setattr(reading, "MAX_ROWS", 10)
    rows_at = {1: imports.headers()}
    for n in range(6):
        rows_at[2 + 2 * n] = import_row(f"BN-{n}")
    upload(entry_client, SimpleUploadedFile("a.xlsx", _sheet_at(rows_at)))
    assert _imported() == 6


def test_a_row_far_below_the_others_is_imported(entry_client):
    rows_at = {
        1: imports.headers(),
        2: import_row("BN-1"),
        3: import_row("BN-2"),
        4: import_row("BN-3"),
    }
    rows_at[20_000] = import_row("BN-4")
    upload(entry_client, SimpleUploadedFile("a.xlsx", _sheet_at(rows_at)))
    assert _imported() == 4


def test_more_data_rows_than_the_limit_are_refused_whatever_the_blank_rows(
    entry_client, monkeypatch
):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    rows_at = {1: imports.headers()}
    for n in range(4):
        rows_at[2 + 3 * n] = import_row(f"BN-{n}")
    response = upload(entry_client, SimpleUploadedFile("a.xlsx", _sheet_at(rows_at)))
    assert "3" in str(response.context["form"].errors)
    assert "dòng" in str(response.context["form"].errors)
    assert _imported() == 0


def test_declared_dimension_is_not_trusted(entry_client):
    # 5 KB that declares A1:XFD1048576, with the data row at the sheet's last row: the
    # old reader padded every row to 16,384 cells and took 1.4 GB.
    data = _sheet_at(
        {1: imports.headers(), 1_048_576: import_row("BN-LAST")}, dimension=b"A1:XFD1048576"
    )
    assert len(data) < 10_000
    tracemalloc.start()
    try:
        table = reading.read_table(SimpleUploadedFile("a.xlsx", data))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [number for number, _values in table.rows] == [1_048_576]
    assert peak < 30 * 1024 * 1024
    upload(entry_client, SimpleUploadedFile("a.xlsx", data))
    assert OutreachEvent.objects.filter(external_ref="BN-LAST").exists()


def test_a_value_beyond_the_columns_read_is_refused_with_its_cell(entry_client):
    def far_cell(xml):
        return xml.replace(
            b"</sheetData>",
            b'<row r="7"><c r="XFD7" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
        )

    data = _rewrite_sheet(_sheet_at({1: imports.headers(), 2: import_row("BN-1")}), far_cell)
    response = upload(entry_client, SimpleUploadedFile("a.xlsx", data))
    errors = str(response.context["form"].errors)
    assert "XFD7" in errors
    assert _imported() == 0


def test_too_many_cells_are_refused(entry_client, monkeypatch):
    monkeypatch.setattr(reading, "MAX_CELLS", 20)
    data = _sheet_at({1: imports.headers(), 2: import_row("BN-1"), 3: import_row("BN-2")})
    response = upload(entry_client, SimpleUploadedFile("a.xlsx", data))
    assert "ô" in str(response.context["form"].errors)
    assert _imported() == 0


@pytest.mark.parametrize("make", [xlsx, csv_file])
def test_a_huge_cell_gets_a_vietnamese_message_with_row_and_column(entry_client, make):
    response = upload(
        entry_client, make(import_row("BN-1"), import_row("BN-2", description="x" * 200_000))
    )
    assert response.status_code == 200
    errors = response.context["result"].errors
    assert [(e.row, e.column) for e in errors] == [(3, "Mô tả")]
    text = errors[0].text()
    assert "Dòng 3" in text and "Mô tả" in text and "10.000" in text
    assert not re.search(r"\b(Ensure|characters|field|limit)\b", text)
    assert _imported() == 0


def test_a_nul_byte_in_a_csv_cell_is_refused_not_a_server_error(entry_client):
    response = upload(entry_client, csv_file(import_row("BN-1\x00"), import_row("BN-2")))
    assert response.status_code == 200
    errors = response.context["result"].errors
    assert [(e.row, e.column) for e in errors] == [(2, "Mã tham chiếu (cố định, không trùng)")]
    assert "Dòng 2" in errors[0].text()
    assert _imported() == 0


def test_csv_with_blank_lines_counts_only_data_rows(entry_client):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(imports.headers())
    for n in range(3):
        writer.writerow(import_row(f"BN-{n}"))
        writer.writerow([""] * len(imports.COLUMNS))
    file = SimpleUploadedFile("a.csv", buffer.getvalue().encode("utf-8-sig"))
    response = upload(entry_client, file)
    assert response.status_code == 302
    assert _imported() == 3


def test_the_success_message_counts_every_data_row(entry_client):
    response = entry_client.post(
        reverse(URL), {"file": xlsx(import_row("BN-1"), import_row("BN-2"))}, follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("2" in m and "hoạt động" in m for m in messages)
