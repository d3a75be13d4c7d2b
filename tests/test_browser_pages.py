"""The public pages at 1366 px and on a 390 px phone, over a few thousand demo activities:
what fits on a screen before the visitor opens anything, what reads on a phone.

Screenshots of these pages are the README's (tests/helpers.py: docs/ with SCREENSHOTS=1)."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from .helpers import screenshot

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(seeded):
    call_command("generate_demo_data", events=3000, seed=5, stdout=io.StringIO())


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def height(page):
    return page.evaluate("document.documentElement.scrollHeight")


def assert_no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page is {width}px wide"


def smallest_font(page, selector):
    return page.evaluate(
        """selector => Math.min(...[...document.querySelectorAll(selector)]
            .filter(e => e.offsetParent !== null)
            .map(e => parseFloat(getComputedStyle(e).fontSize)))""",
        selector,
    )


def test_dashboard_fits_three_screens_and_reads_on_a_phone(live_server, page, phone, demo):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/dashboard/")
    expect(page.locator(".summary-line")).to_have_text(
        re.compile(
            r"^Từ \d\d/\d{4} đến \d\d/\d{4}: [\d.]+ hoạt động tại 34 tỉnh, thành phố; "
            r".*lượt người tham dự"
        )
    )
    # Ten years of activity: one bar a year, not one a month.
    expect(page.get_by_role("heading", name="Theo năm")).to_be_visible()
    assert page.locator('ol.chart[aria-label="Hoạt động theo thời gian"] li').count() <= 12
    # Nationwide activities are not a province.
    provinces = page.locator('ol.chart[aria-label="Hoạt động theo tỉnh, thành phố"]')
    expect(provinces.locator(".bar-label", has_text="Toàn quốc")).to_have_count(0)
    expect(page.locator(".nationwide")).to_contain_text("Không gắn với tỉnh nào")
    # The tables are folded under their charts.
    expect(page.locator("details.table-fold table").first).to_be_hidden()
    assert height(page) <= 3 * DESKTOP["height"], f"dashboard is {height(page)}px tall"
    screenshot(page, "dashboard.png")

    page.locator("details.table-fold > summary").first.click()
    expect(page.locator("details.table-fold table").first).to_be_visible()

    phone.goto(live_server.url + "/dashboard/")
    assert smallest_font(phone, ".chart .bar-label, .chart .bar-value") >= 12
    expect(phone.locator("details.filter-fold > summary")).to_have_text("Bộ lọc")
    expect(phone.locator("#id_province")).to_be_hidden()
    assert_no_sideways_scroll(phone)
    screenshot(phone, "dashboard-phone.png")

    # A bar opens the list of as many activities as it says.
    bar = phone.locator('ol.chart[aria-label="Hoạt động theo tỉnh, thành phố"] a').first
    figure = bar.locator(".bar-value").inner_text()
    bar.click()
    expect(phone.locator(".result-count")).to_have_text(f"Tìm thấy {figure} hoạt động")


def test_branch_tree_folds_by_level_and_finds_a_name_without_diacritics(
    live_server, page, phone, demo
):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/branches/")
    # The top of the hierarchy is open, the levels below it folded.
    expect(page.locator(".tree > li > details[open]")).to_have_count(2)
    expect(page.locator(".tree > li > details > ul > li > details[open]")).to_have_count(0)
    assert height(page) <= 2 * DESKTOP["height"], f"the tree is {height(page)}px tall"
    screenshot(page, "branches.png")

    page.locator("#branch-search").fill("cong an tinh bac ninh")
    page.get_by_role("button", name="Tìm kiếm", exact=True).click()
    expect(page).to_have_url(re.compile(r"/branches/\?q=cong\+an\+tinh\+bac\+ninh$"))
    found = page.locator(".tree mark")
    expect(found.first).to_have_text(re.compile("Công đoàn Công an tỉnh Bắc Ninh"))
    expect(found.first).to_be_visible()  # the levels above it are opened

    phone.goto(live_server.url + "/branches/")
    assert height(phone) <= 4 * PHONE["height"], f"the tree is {height(phone)}px tall"
    assert_no_sideways_scroll(phone)
    screenshot(phone, "branches-phone.png")


def test_filtered_list_names_its_filters_and_folds_them_on_a_phone(live_server, page, phone, demo):
    address = "/activities/?province=24&type=tuyen-truyen&date_after=01/01/2024&q="
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + address)
    # The empty search is dropped from the address.
    expect(page).to_have_url(re.compile(r"province=24"))
    assert "q=" not in page.url and "type=tuyen-truyen" in page.url
    heading = "Hoạt động tại Bắc Ninh, loại Tuyên truyền, phổ biến pháp luật, từ 01/01/2024"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("#id_province")).to_be_visible()  # wide screen: the form is open
    screenshot(page, "activities-filtered.png")

    phone.goto(live_server.url + address)
    summary = phone.locator("details.filter-fold > summary")
    expect(summary).to_have_text("Bộ lọc (3)")
    expect(phone.locator("#id_province")).to_be_hidden()
    chips = phone.locator(".chips a")
    expect(chips).to_have_count(3)
    # The results start on the first screen.
    first = phone.locator("table tbody tr").first
    assert first.bounding_box()["y"] < PHONE["height"]
    expect(first.locator("td[data-label]").first).to_be_visible()  # the organising branch
    assert_no_sideways_scroll(phone)
    screenshot(phone, "activities-filtered-phone.png")

    chips.filter(has_text="Loại hoạt động").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Hoạt động tại Bắc Ninh, từ 01/01/2024"
    )
    summary.click()
    expect(phone.locator("#id_province")).to_be_visible()

    # A range given backwards says so and offers to swap it.
    phone.goto(live_server.url + "/activities/?date_after=01/12/2025&date_before=01/01/2025")
    alert = phone.get_by_role("alert")
    expect(alert).to_contain_text("Ngày bắt đầu (01/12/2025) sau ngày kết thúc (01/01/2025)")
    alert.get_by_role("link", name="Đổi chỗ hai ngày").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Hoạt động từ 01/01/2025 đến 01/12/2025"
    )


def test_printable_report_is_an_a4_document(live_server, page, phone, demo):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/reports/")
    # The page opens on the last completed quarter, its figures already there.
    expect(page.locator("#id_period")).to_have_value("quarter")
    expect(page.locator(".summary-line")).to_be_visible()
    page.get_by_role("link", name="Bản in (khổ A4)").click()
    expect(page.locator(".quoc-hieu")).to_have_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    expect(page.locator(".doc-title")).to_have_text("BÁO CÁO")
    expect(page.locator(".doc-foot .recipients")).to_contain_text("Nơi nhận:")
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.startswith('"Times New Roman"')
    screenshot(page, "report-print.png")
    # Printed: A4, the toolbar gone, a few pages at most.
    page.emulate_media(media="print")
    expect(page.locator(".toolbar")).to_be_hidden()
    pdf = page.pdf(prefer_css_page_size=True)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 1 <= pages <= 4, f"the report prints on {pages} pages"
    # A4 is 595 × 842 points (Chromium writes 594.96 × 841.92).
    assert re.search(rb"/MediaBox \[0 0 59[45][.\d]* 84[12][.\d]*\]", pdf)

    phone.goto(page.url)
    assert_no_sideways_scroll(phone)
    screenshot(phone, "report-print-phone.png")
