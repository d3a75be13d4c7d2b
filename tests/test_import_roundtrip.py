"""The spreadsheet round trip: template, error file, and export → correct → re-import."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from coordination import imports
from coordination.models import OutreachEvent

from .helpers import assert_tallies_match_a_recount, import_row, upload, xlsx

CHANGELIST = "admin:coordination_outreachevent_changelist"


def _template(client):
    response = client.get(reverse("admin:coordination_outreachevent_import_template"))
    return load_workbook(io.BytesIO(response.content))


def _save(workbook, name="sua.xlsx"):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_template_has_drop_downs_and_code_sheets_for_the_clerks_branches(entry_client):
    workbook = _template(entry_client)
    assert workbook.sheetnames[0] == "Hoạt động"
    assert {"Loại hoạt động", "Lĩnh vực", "Đơn vị", "Tỉnh, thành phố"} <= set(workbook.sheetnames)
    data = workbook.worksheets[0]
    headers = [cell.value.removesuffix(" *") for cell in data[1]]
    letters = {
        key: data.cell(row=1, column=headers.index(str(label)) + 1).column_letter
        for key, label, _r in imports.COLUMNS
    }
    lists = {}
    for validation in data.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            lists[cell_range.coord.split(":")[0]] = validation.formula1
    assert "Loại hoạt động" in lists[letters["activity_type"] + "2"]
    assert "Lĩnh vực" in lists[letters["focus_areas"] + "2"]
    assert "Đơn vị" in lists[letters["organiser"] + "2"]
    assert "Tỉnh" in lists[letters["province"] + "2"]
    branches = [row[0] for row in workbook["Đơn vị"].iter_rows(min_row=2, values_only=True)]
    assert branches == ["cdca-bn", "cdcs-pc06-bn"]  # the clerk's branch and its sub-branch
    types = dict(workbook["Loại hoạt động"].iter_rows(min_row=2, values_only=True))
    assert types["tuyen-truyen"] == "Tuyên truyền, phổ biến pháp luật"
    provinces = [row[0] for row in workbook["Tỉnh, thành phố"].iter_rows(values_only=True)]
    assert "24" in provinces and "cu:24" in provinces
    sample = [cell.value for cell in data[2]]
    assert sample[headers.index(str(imports.COLUMNS[12][1]))] == "ngày"
    assert "dd/mm/yyyy" in headers[headers.index(str(imports.COLUMNS[10][1]))]


def test_the_template_filled_in_imports_its_rows_and_never_the_sample(entry_client):
    workbook = _template(entry_client)
    sheet = workbook.worksheets[0]
    sheet.append(import_row("BN-T1"))
    response = upload(entry_client, _save(workbook))
    assert response.status_code == 302
    assert list(OutreachEvent.objects.filter(is_demo=False).values_list("external_ref", flat=True))
    assert OutreachEvent.objects.filter(external_ref="BN-T1").exists()
    assert not OutreachEvent.objects.filter(external_ref__startswith="#").exists()
    assert not OutreachEvent.objects.filter(title__startswith="Tuyên truyền phòng, chống").exists()


def test_the_untouched_template_imports_nothing_and_says_why(entry_client):
    before = OutreachEvent.objects.count()
    response = upload(entry_client, _save(_template(entry_client)))
    assert "#" in str(response.context["form"].errors)
    assert OutreachEvent.objects.count() == before


def test_a_wrong_code_gives_one_error_with_the_value_and_what_is_allowed(entry_client):
    response = upload(entry_client, xlsx(import_row("BN-1", activity_type="hoi-thao")))
    errors = response.context["result"].errors
    assert len(errors) == 1
    error = errors[0]
    assert (error.row, error.value) == (2, "hoi-thao")
    assert "tuyen-truyen" in error.message and "hoi-thao" in error.message


def test_the_error_file_keeps_the_sheet_values_and_dates_and_marks_each_bad_cell(entry_client):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Quý 3"
    sheet.append(imports.headers())
    good = import_row("BN-1")
    good[10] = datetime.datetime(2025, 8, 15)
    sheet.append(good)
    sheet.append(import_row("BN-2", organiser="khong-co"))
    response = upload(entry_client, _save(workbook))
    assert response.status_code == 200
    back = entry_client.get(reverse("admin:coordination_outreachevent_import_errors"))
    returned = load_workbook(io.BytesIO(back.content))
    assert returned.sheetnames[0] == "Quý 3"  # then the template's code sheets
    sheet = returned["Quý 3"]
    date_cell = sheet.cell(row=2, column=11)
    assert date_cell.value == datetime.datetime(2025, 8, 15)
    assert date_cell.number_format == "dd/mm/yyyy"
    bad = sheet.cell(row=3, column=7)
    assert bad.value == "khong-co"
    assert bad.comment is not None and "khong-co" in bad.comment.text
    assert bad.fill.fgColor.rgb.endswith("FFC7CE")
    error_column = [cell.value for cell in sheet[3]][-1]
    assert error_column.startswith("Dòng 3, cột")
    assert sheet.cell(row=2, column=7).comment is None


def _export(client, action, **filters):
    url = reverse(CHANGELIST) + ("?" + "&".join(f"{k}={v}" for k, v in filters.items()))
    ids = OutreachEvent.objects.values_list("pk", flat=True)
    response = client.post(
        url, {"action": action, "select_across": "1", "index": "0", "_selected_action": ids}
    )
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.getvalue()


@pytest.fixture
def mine(make_event, branches, province):
    return [
        make_event(
            title="Nói chuyện chuyên đề",
            organiser=branches["own"],
            status="draft",
            external_ref="BN-A",
            province=province("24", "former"),
            start_date=datetime.date(2024, 5, 6),
        ),
        make_event(
            title="=Thăm hỏi công nhân", organiser=branches["sub"], status="draft", participants=40
        ),
        make_event(title="Của Đồng Nai", organiser=branches["other"], status="draft"),
    ]


def test_export_correct_and_reimport_updates_the_same_records_xlsx(entry_client, mine):
    before = OutreachEvent.objects.count()
    workbook = load_workbook(io.BytesIO(_export(entry_client, "export_xlsx", status="draft")))
    sheet = workbook.active
    rows = list(sheet.iter_rows(min_row=2))
    assert sorted(row[0].value for row in rows) == sorted([mine[0].pk, mine[1].pk])
    for row in rows:
        if row[0].value == mine[1].pk:
            assert row[2].value == "=Thăm hỏi công nhân"  # text as written, no quote
            row[14].value = 45
        else:
            assert row[8].value == "cu:24" and row[6].value == "cdca-bn"
            row[2].value = "Nói chuyện chuyên đề (đã sửa)"
    response = entry_client.post(
        reverse("admin:coordination_outreachevent_import"), {"file": _save(workbook)}, follow=True
    )
    assert "0 hoạt động mới, 2 hoạt động được cập nhật" in str(
        [str(m) for m in response.context["messages"]]
    )
    assert OutreachEvent.objects.count() == before
    first, second = (OutreachEvent.objects.get(pk=e.pk) for e in mine[:2])
    assert first.title == "Nói chuyện chuyên đề (đã sửa)" and first.province.era == "former"
    assert first.start_date == datetime.date(2024, 5, 6)
    assert second.title == "=Thăm hỏi công nhân" and second.participants == 45


def test_export_and_reimport_as_is_changes_nothing_csv(entry_client, mine):
    exported = _export(entry_client, "export_csv")
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
    assert rows[0][:3] == imports.headers()[:3]
    assert "'=Thăm hỏi công nhân" in [row[2] for row in rows]  # guarded in CSV
    versions = {e.pk: e.version for e in OutreachEvent.objects.all()}
    response = entry_client.post(
        reverse("admin:coordination_outreachevent_import"),
        {"file": SimpleUploadedFile("xuat.csv", exported)},
        follow=True,
    )
    assert "2 hoạt động không thay đổi" in str([str(m) for m in response.context["messages"]])
    assert {e.pk: e.version for e in OutreachEvent.objects.all()} == versions
    assert OutreachEvent.objects.get(pk=mine[1].pk).title == "=Thăm hỏi công nhân"


def test_an_id_outside_the_clerks_branches_is_refused(entry_client, mine):
    row = import_row("")
    row[0] = str(mine[2].pk)
    response = upload(entry_client, xlsx(row))
    assert [e.row for e in response.context["result"].errors] == [2]
    assert OutreachEvent.objects.get(pk=mine[2].pk).title == "Của Đồng Nai"


def test_reimporting_a_published_activity_keeps_tallies_exact_and_raises_the_version(
    entry_client, staff, make_event, branches
):
    from coordination import changes, services

    event = make_event(
        title="Đã công bố", organiser=branches["own"], external_ref="BN-P", participants=10
    )
    version = changes.current_version()
    response = upload(
        entry_client, xlsx(import_row("BN-P", participants="99", focus_areas="qc04-ma-tuy"))
    )
    assert response.status_code == 302
    # A clerk's re-import of a published activity waits for a reviewer (issue 14).
    event.refresh_from_db()
    assert event.participants == 10
    assert_tallies_match_a_recount()
    services.approve_change(event, staff["reviewer"])
    event.refresh_from_db()
    assert event.participants == 99
    assert_tallies_match_a_recount()
    assert changes.current_version() > version


@pytest.mark.parametrize(
    "column, value, expected",
    [
        ("start_date", "31/02/2024", "dd/mm/yyyy"),
        ("sessions", "-3", "số nguyên từ 0"),
        ("participants", "nhiều", "số nguyên từ 0"),
        ("title", "x" * 301, "300"),
        ("title", "", "phải có giá trị"),
        ("province", "99", "cu:NN"),
        ("date_precision", "tuần", "ngày, tháng, năm"),
    ],
)
def test_each_error_says_what_is_allowed(entry_client, column, value, expected):
    response = upload(entry_client, xlsx(import_row("BN-1", **{column: value})))
    errors = response.context["result"].errors
    labels = {key: str(label) for key, label, _r in imports.COLUMNS}
    assert [(e.row, e.column) for e in errors] == [(2, labels[column])]
    assert expected in errors[0].message
