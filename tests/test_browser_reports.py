"""Dashboard and exports in real Chromium: click a bar, land on the list; open the XLSX."""

import datetime
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.browser


def test_dashboard_bar_opens_the_filtered_list_and_xlsx_downloads(
    live_server, page, make_event, province, branches
):
    for day, code in enumerate(["24", "24", "75", "79", "01"], start=1):
        make_event(
            title=f"Tuyên truyền số {day}",
            province=province(code),
            organiser=branches["own"] if code == "24" else branches["other"],
            start_date=datetime.date(2025, day, 10),
            sessions=day,
            participants=100 * day,
        )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/dashboard/")
    assert page.locator("h1").inner_text() == "Bảng số liệu"
    chart = page.locator("ol.chart").first
    assert chart.get_attribute("aria-label") == "Hoạt động theo tỉnh, thành phố"

    chart.locator('a[href*="province=24"] rect').first.click()
    page.wait_for_url("**/activities/?province=24*")
    rows = page.locator("table tbody tr")
    # Bắc Ninh: our two activities (no seeded activity names a province).
    assert rows.count() == 2

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel (.xlsx)").click()
    data = Path(download_info.value.path()).read_bytes()
    sheet = load_workbook(io.BytesIO(data)).active
    values = list(sheet.values)
    assert values[0][0] == "Hoạt động tại Bắc Ninh"  # the list's heading, then its header
    assert values[1][1] == "Tiêu đề"
    titles = [row[1] for row in values[2:]]
    assert titles == ["Tuyên truyền số 2", "Tuyên truyền số 1"]


def test_printed_report_keeps_place_names_and_the_signature_whole(
    live_server, page, make_event, province, branches
):
    make_event(
        title="Tuyên truyền",
        province=province("24"),
        organiser=branches["own"],
        start_date=datetime.date(2024, 3, 5),
        sessions=2000,
        figures_qualifier="more_than",
    )
    page.set_viewport_size({"width": 700, "height": 900})
    page.emulate_media(media="print")
    page.goto(live_server.url + "/reports/?period=year&year=2024&branch=cdca-bn&format=print")
    # "BẮC NINH" sits on one line of the issuer's heading: one box for the two words.
    boxes = page.evaluate(
        """() => {
        const body = document.querySelector('.doc-head .body');
        const text = body.firstChild, start = text.data.indexOf('BẮC');
        const range = document.createRange();
        range.setStart(text, start);
        range.setEnd(text, start + 'BẮC NINH'.length);
        return range.getClientRects().length;
    }"""
    )
    assert boxes == 1
    styles = page.evaluate(
        """() => {
        const url = getComputedStyle(document.querySelector('p.source .url'));
        const source = getComputedStyle(document.querySelector('p.source'));
        const closing = getComputedStyle(document.querySelector('.closing'));
        const ending = getComputedStyle(document.querySelector('.ending'));
        return [source.textAlign, url.wordBreak, closing.breakInside, ending.breakInside];
    }"""
    )
    assert styles == ["left", "break-all", "avoid", "avoid"]
    assert "hơn 2.000" in page.locator("table.figures").first.inner_text()
