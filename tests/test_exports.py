"""Exports: the files parse, hold the list's rows, and never run a formula."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coordination import changes
from coordination.exports import safe_cell

#: What a spreadsheet runs as a formula at the start of a cell (OWASP, "CSV Injection"): the
#: four formula signs, and a tab or carriage return before one. Written out here, not read
#: from the code under test.
DANGEROUS_PREFIXES = ["=", "+", "-", "@", "\t", "\r"]


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
        assert _xlsx(client, **params).max_row - 2 == listed  # a title line, the header


def test_xlsx_is_typed_with_a_frozen_header(client, exported):
    sheet = _xlsx(client, q="bac giang")
    header = [cell.value for cell in sheet[2]]  # under the title line
    row = dict(zip(header, [cell for cell in sheet[3]], strict=True))
    assert sheet.freeze_panes == "A3"
    assert row["Ngày bắt đầu"].value == datetime.datetime(2024, 5, 6)
    assert row["Ngày bắt đầu"].number_format.lower() == "dd/mm/yyyy"
    assert row["Số buổi"].value == 3 and row["Lượt người tham dự"].value == 120
    assert sheet.column_dimensions["B"].width >= 40


@pytest.mark.parametrize("prefix", DANGEROUS_PREFIXES)
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


def test_xlsx_header_filters_and_a_sheet_of_focus_areas(client, make_event):
    from coordination.models import FocusArea

    crime = FocusArea.objects.get(code="qc04-toi-pham")
    legal = FocusArea.objects.get(code="qc04-tuyen-truyen")
    two = make_event(title="Hai lĩnh vực", focus_areas=[crime, legal])
    response = client.get(reverse("event-export-xlsx"), {"q": "hai linh vuc"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    activities, pairs = workbook.worksheets
    assert (
        activities.auto_filter.ref
        == f"A2:{activities.cell(2, activities.max_column).column_letter}3"
    )
    assert pairs.title == "Hoạt động – lĩnh vực" and pairs.freeze_panes == "A2"
    assert pairs.auto_filter.ref.startswith("A1:")
    rows = list(pairs.values)
    assert rows[0] == ("ID", "Mã lĩnh vực", "Lĩnh vực")
    assert sorted(rows[1:]) == sorted(
        [(two.pk, "qc04-toi-pham", str(crime)), (two.pk, "qc04-tuyen-truyen", str(legal))]
    )


@pytest.mark.parametrize(
    "params, name",
    [
        ({"province": "24", "date_after": "01/07/2025", "date_before": "30/09/2025"},
         "hoat-dong_bac-ninh_2025-q3.xlsx"),
        ({"type": "tuyen-truyen", "date_after": "2024-05-01", "date_before": "2024-05-31"},
         "hoat-dong_tuyen-truyen-pho-bien-phap-luat_2024-05.xlsx"),
        ({"province": "former:24", "date_after": "01/01/2024", "date_before": "31/12/2024"},
         "hoat-dong_bac-giang-cu-nay-thuoc-bac-ninh_2024.xlsx"),
        ({"date_after": "15/01/2024"}, "hoat-dong_tu-2024-01-15.xlsx"),
    ],
)  # fmt: skip
def test_file_names_say_the_filter_and_the_period(client, exported, params, name):
    response = client.get(reverse("event-export-xlsx"), params)
    b"".join(response.streaming_content)  # read to the end: gives back the download's slot
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    csv_name = name.replace(".xlsx", ".csv")
    response = client.get(reverse("event-export-csv"), params)
    b"".join(response.streaming_content)
    assert response["Content-Disposition"] == f'attachment; filename="{csv_name}"'


def test_file_name_without_dates_carries_the_download_day(client, exported):
    from django.utils import timezone

    response = client.get(reverse("event-export-csv"), {"province": "24"})
    b"".join(response.streaming_content)
    today = timezone.localdate().isoformat()
    assert (
        response["Content-Disposition"] == f'attachment; filename="hoat-dong_bac-ninh_{today}.csv"'
    )


def test_csv_separator_is_a_comma_or_a_semicolon_on_request(client, exported):
    comma = b"".join(client.get(reverse("event-export-csv")).streaming_content).decode("utf-8-sig")
    assert comma.splitlines()[0].startswith("ID,Tiêu đề,")
    response = client.get(reverse("event-export-csv"), {"sep": "semicolon"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:2] == ["ID", "Tiêu đề"] and "Ở Bắc Giang" in [row[1] for row in rows[1:]]
    listed = b"".join(
        client.get(reverse("event-export-csv"), {"sep": "nonsense"}).streaming_content
    )
    assert listed.decode("utf-8-sig") == comma  # anything else: the default


def test_an_activitys_areas_and_partners_share_one_cell_in_the_lists_order(
    client, make_event, branches
):
    from coordination.models import FocusArea, UnionBranch

    # Saved last, listed first: the order they were saved in is not the list's order.
    with changes.recorded():
        first_area = FocusArea.objects.create(code="qc04-dau-tien", number=0, name="Đứng đầu")
        first_branch = UnionBranch.objects.create(
            code="cdca-ag", name="Công đoàn Công an tỉnh An Giang", kind="police", level=2
        )
    areas = [first_area, *FocusArea.objects.exclude(pk=first_area.pk)[:2]]
    ranked = [first_branch, branches["own"]]
    event = make_event(title="Ba lĩnh vực", focus_areas=areas[1:], partner_note="Đoàn Thanh niên")
    with changes.recorded([event]) as batch:
        event.focus_areas.add(first_area)
        for branch in reversed(ranked):
            event.partners.add(branch)
        batch.touch(event)
    make_event(title="Không đối tác", partners=[])
    expected_areas = "; ".join(str(area) for area in areas)
    expected_partners = "; ".join(branch.name for branch in ranked) + "; Đoàn Thanh niên"

    header, *rows = _csv(client)
    by_title = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
    areas_header = next(name for name in header if name.startswith("Lĩnh vực"))
    assert by_title["Ba lĩnh vực"][areas_header] == expected_areas
    assert by_title["Ba lĩnh vực"]["Đơn vị phối hợp"] == expected_partners
    assert by_title["Không đối tác"]["Đơn vị phối hợp"] == ""

    sheet = _xlsx(client, q="ba linh vuc")
    cells = {title.value: cell.value for title, cell in zip(sheet[2], sheet[3], strict=True)}
    assert cells[areas_header] == expected_areas
    assert cells["Đơn vị phối hợp"] == expected_partners


def _staff_export(client, staff, action, pks):
    client.force_login(staff["central"])
    response = client.post(
        reverse("admin:coordination_outreachevent_changelist"),
        {"action": action, "_selected_action": pks},
    )
    client.logout()
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("prefix", DANGEROUS_PREFIXES)
def test_every_dangerous_first_character_is_never_a_live_formula(client, make_event, staff, prefix):
    """Each of the six, in every file anyone can download: the public CSV and XLSX and the
    staff's. A CSV cell starts with a quote; an XLSX cell is text, never a formula."""
    title = prefix + 'HYPERLINK("http://evil.example","bấm vào")'
    event = make_event(title=title)
    make_event(title="Bình thường = an toàn")

    public_titles = [row[1] for row in _csv(client)[1:]]
    assert "'" + title in public_titles and title not in public_titles
    assert "Bình thường = an toàn" in public_titles  # only the first character counts
    semicolon = client.get(reverse("event-export-csv"), {"sep": "semicolon"})
    text = b"".join(semicolon.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert "'" + title in [row[1] for row in rows[1:]]

    stored = title.replace("\r", "_x000D_")  # how XLSX stores a carriage return
    cells = {cell.value: cell for cell in _xlsx(client)["B"]}
    assert cells[stored].data_type == "s"

    staff_csv = _staff_export(client, staff, "export_csv", [event.pk])
    staff_rows = list(csv.reader(io.StringIO(staff_csv.decode("utf-8-sig"))))
    assert "'" + title in staff_rows[1]
    staff_xlsx = load_workbook(
        io.BytesIO(_staff_export(client, staff, "export_xlsx", [event.pk]))
    ).active
    texts = [cell for row in staff_xlsx.iter_rows(min_row=2) for cell in row]
    assert any(cell.value == stored and cell.data_type == "s" for cell in texts)
    assert not any(cell.data_type == "f" for cell in texts)


@pytest.mark.parametrize("name", ["event-export-csv", "event-export-xlsx"])
@pytest.mark.parametrize(
    "params, named",
    [
        ({"province": "typo"}, "province"),
        ({"branch": "typo"}, "branch"),
        ({"type": "typo"}, "type"),
        ({"focus_area": "typo"}, "focus_area"),
        ({"date_after": "31/02/2024"}, "date_after"),
        ({"date_before": "9999-12-31"}, "date_before"),
        ({"date_after": "01/06/2024", "date_before": "01/01/2024"}, "date_after"),
        ({"q": "x" * 201}, "q"),
        ({"sort": "nonsense"}, "sort"),
        ({"province": "24", "branch": "999999999"}, "branch"),
    ],
)
def test_an_export_with_a_bad_filter_is_refused_not_widened(client, exported, name, params, named):
    response = client.get(reverse(name), params)
    assert response.status_code == 400
    assert not response.streaming and "Content-Disposition" not in response
    page = response.content.decode()
    assert "Tệp không được tạo" in page and f"<code>{named}</code>" in page
    client.cookies["django_language"] = "en"  # the visitor chose English
    english = client.get(reverse(name), params)
    assert english.status_code == 400 and "The file was not made" in english.content.decode()


def test_an_export_with_good_filters_still_downloads(client, exported):
    params = {"province": "24", "date_after": "01/01/2024", "date_before": "31/12/2024"}
    assert len(_csv(client, **params)) == 2


def test_the_file_states_no_precision_no_place_and_no_organiser_the_source_does_not(
    client, make_event
):
    """A record without figures has nothing "exact" about them; a blank province is "not
    given" unless the record says nationwide; Đề án 06 is credited as its source credits it."""
    make_event(title="Cả nước", province=None, nationwide=True, sessions=4)
    header, *rows = _csv(client)
    by_title = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
    figures = "Mức chính xác của số liệu"  # the column "Figures are"
    kcn = by_title["Hơn 2.000 buổi tuyên truyền pháp luật cho công nhân lao động tại các KCN, KCX"]
    assert kcn[figures] == "Hơn" and kcn["Tỉnh như đã ghi nhận"] == "không nêu địa bàn"
    de_an = by_title["Hỗ trợ cấp căn cước công dân cho công nhân lao động tại các KCN (Đề án 06)"]
    assert (de_an["Số buổi"], de_an["Lượt người tham dự"]) == ("chưa rõ", "chưa rõ")
    assert de_an[figures] == ""  # not "Chính xác"
    assert de_an["Tỉnh hiện nay"] == "không nêu địa bàn"
    assert de_an["Đơn vị tổ chức"] == "CĐ CA nhiều đơn vị, địa phương"
    nationwide = by_title["Cả nước"]
    assert nationwide["Tỉnh như đã ghi nhận"] == "Toàn quốc" and nationwide[figures]


def test_the_api_gives_no_qualifier_for_figures_no_source_gave(client, make_event):
    from coordination.models import OutreachEvent

    de_an = OutreachEvent.objects.get(external_ref="seed-de-an-06")
    data = client.get(reverse("api:activity-detail", args=[de_an.pk])).json()
    assert (data["sessions"], data["participants"], data["figures_qualifier"]) == (None, None, None)
    counted = make_event(sessions=3)
    data = client.get(reverse("api:activity-detail", args=[counted.pk])).json()
    assert data["figures_qualifier"] == "exact"
