"""Exports: the files parse, hold the list's rows, and never run a formula."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coordination.exports import FORMULA_PREFIXES, safe_cell


def _csv(client, **params):
    response = client.get(reverse("event-export-csv"), params)
    assert response["Content-Type"].startswith("text/csv")
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())  # BOM: Excel reads the Vietnamese correctly
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def _xlsx(client, **params):
    response = client.get(reverse("event-export-xlsx"), params)
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return workbook.active


@pytest.fixture
def exported(make_event, province):
    make_event(
        title="Ở Bắc Giang",
        province=province("24", "former"),
        sessions=3,
        participants=120,
        start_date=datetime.date(2024, 5, 6),
    )
    make_event(title="Bản nháp", province=province("24"), status="draft")


def test_csv_has_vietnamese_headers_and_the_filtered_rows(client, exported):
    rows = _csv(client, province="24")
    header = rows[0]
    assert header[1] == "Tiêu đề" and "Tỉnh hiện nay" in header
    titles = [row[1] for row in rows[1:]]
    assert titles[0] == "Ở Bắc Giang" and "Bản nháp" not in titles
    first = dict(zip(header, rows[1], strict=True))
    assert first["Ngày bắt đầu"] == "06/05/2024"
    assert first["Tỉnh như đã ghi nhận"] == "Bắc Giang" and first["Tỉnh hiện nay"] == "Bắc Ninh"


def test_export_rows_equal_the_list(client, exported):
    for params in ({}, {"province": "24"}, {"q": "bac giang"}):
        listed = client.get(reverse("event-list"), params).context["page"].paginator.count
        assert len(_csv(client, **params)) - 1 == listed
        assert _xlsx(client, **params).max_row - 1 == listed


def test_xlsx_is_typed_with_a_frozen_header(client, exported):
    sheet = _xlsx(client, q="bac giang")
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell for cell in sheet[2]], strict=True))
    assert sheet.freeze_panes == "A2"
    assert row["Ngày bắt đầu"].value == datetime.datetime(2024, 5, 6)
    assert row["Ngày bắt đầu"].number_format.lower() == "dd/mm/yyyy"
    assert row["Số buổi"].value == 3 and row["Lượt người tham dự"].value == 120
    assert sheet.column_dimensions["B"].width >= 40


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_formula_like_text_is_neutralised_in_csv_and_plain_text_in_xlsx(client, make_event, prefix):
    title = prefix + 'HYPERLINK("http://x")'
    make_event(title=title, place=prefix + "cmd")
    csv_titles = [row[1] for row in _csv(client)[1:]]
    assert "'" + title in csv_titles
    # An XLSX text cell is a string, never a formula: it holds the text as written, with no
    # visible quote. The file stores a carriage return escaped as _x000D_ (openpyxl reads it
    # back so).
    cells = {cell.value: cell for cell in _xlsx(client)["B"]}
    cell = cells[title.replace("\r", "_x000D_")]
    assert cell.data_type == "s"
    assert safe_cell(title) == "'" + title and safe_cell(42) == 42 and safe_cell("a=b") == "a=b"


def test_admin_export_is_scoped_and_includes_drafts(client, staff, make_event, branches):
    mine = make_event(title="Nháp của tôi", organiser=branches["own"], status="draft")
    other = make_event(title="Của tỉnh khác", organiser=branches["other"], status="draft")
    client.force_login(staff["entry"])
    response = client.post(
        reverse("admin:coordination_outreachevent_changelist"),
        {
            "action": "export_csv",
            "_selected_action": [mine.pk, other.pk],
        },
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row[2] for row in rows[1:]] == ["Nháp của tôi"]
    assert rows[1][-1] == "Bản nháp"
