"""Public pages and downloads: the report summarises its activities and links to the list,
the open-data guide and the links to it, the exports' description column, title line, print
set-up and file names, the dashboard's form and the branch page's dashboard link."""

import csv
import datetime
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from coordination import changes
from coordination.models import OutreachEvent, UnionBranch

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(seeded):
    call_command("generate_demo_data", events=2000, seed=7, stdout=io.StringIO())


def _html(response):
    assert response.status_code == 200
    return response.content.decode()


def _table_rows(html):
    """Rows of the activities table (the ones linking to an activity)."""
    return re.findall(r'<tr>\s*<td[^>]*>[^<]*</td>\s*<td[^>]*><a href="/activities/\d+/', html)


def _list_count(client, query):
    html = _html(client.get("/activities/", query))
    found = re.search(r'role="status">[^<\d]*([\d.,]+) ', html)
    return int(re.sub(r"[.,]", "", found.group(1)))


# 1. The report ------------------------------------------------------------------------------


def test_the_report_shows_the_latest_few_and_links_to_the_full_list(client, demo):
    published = OutreachEvent.objects.published()
    year = max(day.year for day in published.dates("start_date", "year"))
    in_year = published.filter(start_date__year=year).count()
    assert in_year > 50  # enough for the old page to list them all
    html = _html(client.get("/reports/", {"period": "year", "year": year}))
    assert len(_table_rows(html)) == 10
    link = re.search(r'<a class="button" href="(/activities/\?[^"]+)">([^<]+)</a>', html)
    assert link, "no link to the full list"
    query = parse_qs(urlsplit(link.group(1).replace("&amp;", "&")).query)
    assert query == {"date_after": [f"01/01/{year}"], "date_before": [f"31/12/{year}"]}
    assert f"{in_year:,}".replace(",", ".") in link.group(2)
    assert _list_count(client, {k: v[0] for k, v in query.items()}) == in_year


def test_the_reports_list_link_keeps_its_province(client, demo):
    published = OutreachEvent.objects.published().filter(province__code="01")
    year = max(day.year for day in published.dates("start_date", "year"))
    html = _html(client.get("/reports/", {"period": "year", "year": year, "province": "01"}))
    link = re.search(r'<a class="button" href="(/activities/\?[^"]+)">', html).group(1)
    query = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
    assert query["province"] == ["01"]
    assert query["date_after"] == [f"01/01/{year}"]


# 2. Open data -------------------------------------------------------------------------------


def test_every_page_and_the_list_link_to_the_open_data_guide(client, make_event):
    make_event()
    home = _html(client.get("/"))
    footer = home[home.index("site-footer") :]
    assert 'href="/open-data/"' in footer and "Dữ liệu mở" in footer
    listed = _html(client.get("/activities/"))
    downloads = listed[listed.index('class="no-print downloads"') :]
    assert 'href="/open-data/"' in downloads[: downloads.index("</p>")]


def test_the_open_data_guide_in_vietnamese_then_english(client, seeded):
    html = _html(client.get("/open-data/"))
    assert "<h1>Dữ liệu mở</h1>" in html
    assert 'href="/api/v1/docs/"' in html and 'href="/api/v1/schema/"' in html
    assert "curl -s 'http://testserver/api/v1/activities/?province=24&amp;page_size=10'" in html
    assert "120 yêu cầu mỗi phút từ mỗi địa chỉ" in html
    assert "Điều kiện sử dụng" in html
    # Nothing inline: the strict CSP would block it.
    assert "<script>" not in html and "<style" not in html and " style=" not in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = _html(client.get("/open-data/"))
    assert "<h1>Open data</h1>" in english and "Terms of use" in english
    assert "120 requests a minute from each address" in english


def test_the_swagger_page_leads_back_to_the_site(client, seeded):
    html = _html(client.get("/api/v1/docs/"))
    assert 'href="/open-data/"' in html and 'href="/"' in html


# 3. Exports ---------------------------------------------------------------------------------


@pytest.fixture
def long_named(make_event, province):
    with changes.recorded():
        branch = UnionBranch.objects.create(
            code="cdcs-dai",
            name="Công đoàn cơ sở Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
            kind="police",
            level=3,
            parent=UnionBranch.objects.get(code="cd-cand"),
        )
    make_event(
        title="Tuyên truyền tại Bắc Ninh",
        description="Phổ biến Luật Công đoàn năm 2024 cho công nhân khu công nghiệp.",
        province=province("24"),
        organiser=branch,
        start_date=datetime.date(2025, 3, 4),
    )
    make_event(
        title="Ở nơi khác", description="=HYPERLINK(1)", start_date=datetime.date(2025, 5, 1)
    )
    return branch


def test_the_csv_has_a_guarded_description_column(client, long_named):
    response = client.get(reverse("event-export-csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(text))
    by_title = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_title["Tuyên truyền tại Bắc Ninh"]["Mô tả"] == (
        "Phổ biến Luật Công đoàn năm 2024 cho công nhân khu công nghiệp."
    )
    assert by_title["Ở nơi khác"]["Mô tả"] == "'=HYPERLINK(1)"


def test_the_xlsx_says_what_it_holds_and_prints_landscape_one_page_wide(client, long_named):
    params = {"province": "24", "date_after": "01/01/2025", "date_before": "31/12/2025"}
    shown = _html(client.get("/activities/", params))
    heading = re.search(r"<h1>([^<]+)</h1>", shown).group(1)
    assert heading.startswith("Hoạt động tại Bắc Ninh")
    assert heading.endswith("từ 01/01/2025 đến 31/12/2025")
    response = client.get(reverse("event-export-xlsx"), params)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert sheet["A1"].value == heading
    header = [cell.value for cell in sheet[2]]
    assert header[:3] == ["ID", "Tiêu đề", "Mô tả"]
    assert sheet["C3"].value.startswith("Phổ biến Luật Công đoàn")
    assert sheet.freeze_panes == "A3"
    assert sheet.page_setup.orientation == "landscape"
    # One page wide (1 is the format's default, which XlsxWriter leaves unwritten), as many
    # pages tall as it takes.
    assert (sheet.page_setup.fitToWidth or 1) == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows.replace("$", "") == "2:2"


def test_a_file_name_cuts_a_long_name_after_a_whole_word(client, long_named):
    response = client.get(reverse("event-export-csv"), {"branch": "cdcs-dai"})
    response.close()  # gives back the export's slot, as a browser's finished download does
    name = re.search(r'filename="([^"]+)"', response["Content-Disposition"]).group(1)
    branch_part = name.split("_")[1]
    words = "cong-doan-co-so-phong-canh-sat-quan-ly-hanh-chinh-ve-trat-tu-xa-hoi".split("-")
    assert branch_part.split("-") == words[: len(branch_part.split("-"))]
    assert 20 <= len(branch_part) <= 40


def test_an_empty_list_offers_no_download(client, long_named):
    html = _html(client.get("/activities/", {"q": "khong co hoat dong nao nhu the"}))
    assert "export.xlsx" not in html and "export.csv" not in html
    assert "export.xlsx" in _html(client.get("/activities/"))


# 4. Dashboard form and branch page ----------------------------------------------------------


def test_the_dashboard_form_has_no_sort_but_the_list_keeps_it(client, make_event):
    make_event()
    assert 'name="sort"' not in _html(client.get("/dashboard/"))
    assert 'name="sort"' in _html(client.get("/activities/"))


def test_the_branch_page_links_to_its_dashboard(client, make_event, branches):
    make_event(organiser=branches["sub"])
    html = _html(client.get("/branches/cdca-bn/"))
    link = re.search(r'<a href="(/dashboard/\?branch=cdca-bn)">([^<]+)</a>', html)
    assert link and link.group(2) == "Xem đơn vị này trên bảng số liệu"
    dashboard = _html(client.get(link.group(1)))
    assert "Công đoàn Công an tỉnh Bắc Ninh" in dashboard
