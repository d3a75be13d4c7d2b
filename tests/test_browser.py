"""Real Chromium against a live server: what a visitor or a staff member would notice.

Screenshots are the README's: written into docs/ with SCREENSHOTS=1 (tests/helpers.py).
"""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from coordination.models import ActivityType, FocusArea, OutreachEvent, UnionBranch

from .helpers import PHONE, log_in, pick_autocomplete, screenshot

pytestmark = pytest.mark.browser


def query_of(page):
    """The current address's query string as a dict of single values."""
    return {key: values[0] for key, values in parse_qs(urlsplit(page.url).query).items()}


def rows(page):
    return page.locator("table tbody tr")


def test_home_and_admin_login_open_in_a_real_browser(live_server, page, seeded):
    page.goto(live_server.url + "/")
    assert "Quy chế phối hợp" in page.locator("h1 + p").inner_text()
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_role("link", name="Đăng nhập cho cán bộ").click()
    page.wait_for_url("**/admin/login/**")
    assert page.locator("input[name=username]").is_visible()
    assert "Đăng nhập" in page.content()


# --- Public site ------------------------------------------------------------------------


@pytest.fixture
def bac_ninh_events(make_event, province, branches):
    """Published activities in Bắc Ninh (current), in its former part Bắc Giang and elsewhere."""
    legal = FocusArea.objects.get(code="qc04-tuyen-truyen")
    movement = FocusArea.objects.get(code="qc04-phong-trao")
    return {
        "bac_giang": make_event(
            title="Tuyên truyền phòng, chống ma túy tại KCN Quang Châu",
            province=province("24", "former"),
            organiser=branches["own"],
            start_date=datetime.date(2024, 5, 10),
            end_date=datetime.date(2024, 5, 12),
            sessions=12,
            participants=1500,
            focus_areas=[legal],
        ),
        "bac_ninh": make_event(
            title="Hội nghị tuyên truyền pháp luật tại KCN Yên Phong",
            province=province("24"),
            organiser=branches["sub"],
            start_date=datetime.date(2025, 9, 5),
            sessions=3,
            participants=420,
            figures_qualifier="more_than",
            focus_areas=[legal],
        ),
        "bac_ninh_other_area": make_event(
            title="Ra mắt mô hình “Camera an ninh” tại khu nhà trọ",
            province=province("24"),
            organiser=branches["own"],
            start_date=datetime.date(2025, 8, 1),
            focus_areas=[movement],
        ),
        "dong_nai": make_event(
            title="Tuyên truyền pháp luật cho công nhân KCN Biên Hòa",
            province=province("75"),
            organiser=branches["other"],
            start_date=datetime.date(2025, 10, 20),
            participants=800,
            focus_areas=[legal],
        ),
        "draft": make_event(
            title="Bản nháp chưa duyệt ở Bắc Ninh",
            province=province("24"),
            organiser=branches["own"],
            status="draft",
            focus_areas=[legal],
        ),
    }


def test_visitor_filters_activities_by_province_and_focus_area(live_server, page, bac_ninh_events):
    legal = FocusArea.objects.get(code="qc04-tuyen-truyen")
    published = OutreachEvent.objects.published()
    count = page.locator(".result-count")

    page.goto(live_server.url + "/activities/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoạt động")
    expect(page).to_have_title(re.compile(r"^Hoạt động – "))
    expect(count).to_have_text(f"Tìm thấy {published.count()} hoạt động")
    expect(rows(page)).to_have_count(published.count())
    expect(page.get_by_text("Bản nháp chưa duyệt")).to_have_count(0)

    # Current Bắc Ninh with the legal-awareness focus area: its own activity and the one
    # recorded under former Bắc Giang, not the other focus area, not Đồng Nai, not the draft.
    page.select_option("#id_province", label="Bắc Ninh")
    page.select_option("#id_focus_area", label=str(legal))
    submit = page.get_by_role("button", name="Lọc", exact=True)
    expect(submit).to_be_visible()
    submit.click()
    # Empty fields are dropped from the address.
    expect(page).to_have_url(re.compile(r"province=24"))
    assert query_of(page) == {"province": "24", "focus_area": "qc04-tuyen-truyen", "sort": "-date"}
    assert query_of(page)["province"] == "24"
    assert query_of(page)["focus_area"] == "qc04-tuyen-truyen"
    # The heading and the title say what is shown; each filter is a removable chip.
    heading = f"Hoạt động tại Bắc Ninh, lĩnh vực {legal}"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page).to_have_title(re.compile("^" + re.escape(heading)))
    expect(page.locator(".chips li")).to_have_count(2)
    expect(count).to_have_text("Tìm thấy 2 hoạt động")
    expect(rows(page)).to_have_count(2)
    # Newest first; "more than" and the Vietnamese thousands separator in the figures.
    expect(rows(page).nth(0)).to_contain_text("Hội nghị tuyên truyền pháp luật tại KCN Yên Phong")
    expect(rows(page).nth(0)).to_contain_text("hơn 420")
    expect(rows(page).nth(1)).to_contain_text("Bắc Giang (nay thuộc Bắc Ninh)")
    expect(rows(page).nth(1)).to_contain_text("10/05/2024–12/05/2024")
    expect(rows(page).nth(1)).to_contain_text("1.500")
    # The form shows the filters it applied.
    expect(page.locator("#id_province")).to_have_value("24")
    expect(page.locator("#id_focus_area")).to_have_value("qc04-tuyen-truyen")
    screenshot(page, "activities-list.png")

    # The province alone: the other focus area comes back, with the seeded Tết visits to the
    # former Bắc Ninh and Bắc Giang.
    page.locator(".chips a", has_text="Lĩnh vực").click()
    expect(page).not_to_have_url(re.compile(r"focus_area"))
    assert query_of(page) == {"province": "24", "sort": "-date"}
    in_bac_ninh = published.filter(province__code="24").count()
    in_former_bac_ninh = published.filter(province__code="27", province__era="former").count()
    expected = in_bac_ninh + in_former_bac_ninh
    expect(count).to_have_text(f"Tìm thấy {expected} hoạt động")
    expect(rows(page)).to_have_count(expected)
    expect(
        page.get_by_role("link", name="Ra mắt mô hình “Camera an ninh” tại khu nhà trọ")
    ).to_be_visible()

    # The former unit alone, labelled with where it went.
    page.select_option("#id_province", label="Bắc Giang (cũ, nay thuộc Bắc Ninh)")
    page.select_option("#id_focus_area", label=str(legal))
    submit.click()
    expect(page).to_have_url(re.compile(r"province=former%3A24&"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Bắc Giang (cũ, nay thuộc Bắc Ninh)"
    )
    assert query_of(page)["province"] == "former:24"
    expect(count).to_have_text("Tìm thấy 1 hoạt động")
    expect(rows(page)).to_have_count(1)

    event = bac_ninh_events["bac_giang"]
    page.get_by_role("link", name=event.title).click()
    expect(page).to_have_url(f"{live_server.url}/activities/{event.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("Bắc Giang (nay thuộc Bắc Ninh)")
    expect(facts).to_contain_text("10/05/2024–12/05/2024")
    expect(facts).to_contain_text("Công đoàn Công an tỉnh Bắc Ninh")
    expect(facts).to_contain_text("1.500")
    expect(page.get_by_role("link", name="Bắc Giang (nay thuộc Bắc Ninh)")).to_have_attribute(
        "href", "/provinces/24/"
    )
    screenshot(page, "activity-detail.png")

    page.get_by_role("link", name="← Tất cả hoạt động").click()
    expect(page).to_have_url(f"{live_server.url}/activities/")


def test_language_switch_keeps_the_page_and_its_filters(live_server, page, bac_ninh_events):
    event = bac_ninh_events["bac_giang"]
    in_bac_giang = OutreachEvent.objects.published().filter(province=event.province).count()
    page.goto(f"{live_server.url}/activities/?province=former%3A24")
    expect(page.locator(".result-count")).to_have_text(f"Tìm thấy {in_bac_giang} hoạt động")

    page.select_option("#language", "en")
    page.locator("form.lang").get_by_role("button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert query_of(page)["province"] == "former:24"
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Activities in Bắc Giang (former, now part of Bắc Ninh)"
    )
    expect(page.get_by_role("button", name="Apply filters")).to_be_visible()
    expect(page.locator("label[for=id_province]")).to_have_text("Province")
    found = "1 activity found" if in_bac_giang == 1 else f"{in_bac_giang} activities found"
    expect(page.locator(".result-count")).to_have_text(found)
    expect(page.locator("#id_province option:checked")).to_have_text(
        "Bắc Giang (former, now part of Bắc Ninh)"
    )

    # The choice sticks: the next page opens in English too.
    page.get_by_role("link", name=event.title).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("dl.facts")).to_contain_text("Bắc Giang (now part of Bắc Ninh)")
    expect(page.locator("dl.facts dt").first).to_have_text("When")

    page.select_option("#language", "vi")
    page.get_by_role("button", name="Switch").click()
    expect(page).to_have_url(f"{live_server.url}/activities/{event.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("dl.facts dt").first).to_have_text("Thời gian")
    expect(page.locator("dl.facts")).to_contain_text("Bắc Giang (nay thuộc Bắc Ninh)")
    expect(page.locator("#language")).to_have_value("vi")


def test_home_and_phone_layout(live_server, browser, page, bac_ninh_events):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Hoạt động mới nhất")).to_be_visible()
    expect(page.locator(".event-cards li").first).to_be_visible()
    screenshot(page, "home.png")

    context = browser.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        phone = context.new_page()
        phone.goto(live_server.url + "/activities/?province=24")
        expect(phone.locator(".result-count")).to_be_visible()
        expect(rows(phone).first).to_be_visible()
        # Filters fold behind their summary, above the results; each activity is a card that
        # keeps its branch, type, date and figures; nothing scrolls sideways.
        expect(phone.locator("details.filter-fold > summary")).to_have_text("Bộ lọc (1)")
        expect(phone.locator("#id_province")).to_be_hidden()
        expect(phone.locator(".chips li")).to_have_text(re.compile("Tỉnh, thành phố: Bắc Ninh"))
        card = rows(phone).first
        expect(card.locator("td[data-label]").first).to_be_visible()
        expect(card).to_contain_text("Công đoàn")
        expect(card.locator("td.title .muted")).to_be_visible()
        expect(card.locator("td.when")).to_be_visible()
        page_width = phone.evaluate("document.documentElement.scrollWidth")
        assert page_width <= PHONE["width"], f"the page is {page_width}px wide on a phone"
        screenshot(phone, "activities-list-phone.png")
    finally:
        context.close()


# --- Staff workflow in admin --------------------------------------------------------------


def test_entry_clerk_adds_an_activity_and_a_reviewer_publishes_it(live_server, page, roles, staff):
    title = "Tuyên truyền an ninh trật tự cho công nhân KCN Đình Trám"
    legal = FocusArea.objects.get(code="qc04-tuyen-truyen")
    activity_type = ActivityType.objects.get(code="tuyen-truyen")
    add_url = "/admin/coordination/outreachevent/add/"

    log_in(page, live_server, staff["entry"], next_url=add_url)
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.locator("#id_title").fill(title)
    page.select_option("#id_activity_type", label=activity_type.name)
    page.get_by_role("checkbox", name=str(legal)).check()
    pick_autocomplete(page, "id_organiser", "Công an tỉnh Bắc", "Công đoàn Công an tỉnh Bắc Ninh")
    pick_autocomplete(page, "id_province", "Bắc Giang", "Bắc Giang (cũ)")
    page.locator("#id_start_date").fill("20/05/2024")
    page.locator("#id_end_date").fill("18/05/2024")
    page.locator("input[name=_save]").click()

    # Refused, in Vietnamese, on the end date; what was typed and picked is still there.
    error = page.locator(".field-end_date .errorlist")
    expect(error).to_have_text("Ngày kết thúc không được trước ngày bắt đầu.")
    expect(page.locator(".errornote")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}{add_url}")
    expect(page.locator("#id_title")).to_have_value(title)
    expect(page.get_by_role("checkbox", name=str(legal))).to_be_checked()
    expect(page.locator("#id_organiser + .select2-container")).to_contain_text(
        "Công đoàn Công an tỉnh Bắc Ninh"
    )
    expect(page.locator("#id_province + .select2-container")).to_contain_text("Bắc Giang (cũ)")
    assert not OutreachEvent.objects.filter(title=title).exists()
    screenshot(page, "admin-add-activity.png")

    page.locator("#id_end_date").fill("22/05/2024")
    page.locator("input[name=_save]").click()
    expect(page).to_have_url(f"{live_server.url}/admin/coordination/outreachevent/")
    expect(page.locator(".messagelist .success")).to_be_visible()
    event = OutreachEvent.objects.get(title=title)
    assert event.status == OutreachEvent.Status.DRAFT
    assert event.created_by == staff["entry"]
    assert event.organiser == UnionBranch.objects.get(code="cdca-bn")
    assert (event.province.code, event.province.era) == ("24", "former")
    assert (event.start_date, event.end_date) == (
        datetime.date(2024, 5, 20),
        datetime.date(2024, 5, 22),
    )
    assert list(event.focus_areas.all()) == [legal]
    # A draft is not public.
    response = page.goto(f"{live_server.url}/activities/{event.pk}/")
    assert response.status == 404

    # The clerk signs out; the reviewer of the same branch publishes from the change list.
    page.goto(live_server.url + "/admin/")
    page.locator("#logout-form [type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/admin/logout/")
    log_in(page, live_server, staff["reviewer"], next_url="/admin/coordination/outreachevent/")
    row = page.locator("#result_list tbody tr", has_text=title)
    expect(row).to_have_count(1)
    row.locator("input.action-select").check()
    action = page.locator("select[name=action]")
    expect(action.locator("option[value=publish_selected]")).to_have_count(1)
    action.select_option("publish_selected")
    page.locator(".actions [type=submit]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    event.refresh_from_db()
    assert event.status == OutreachEvent.Status.PUBLISHED

    response = page.goto(f"{live_server.url}/activities/{event.pk}/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("dl.facts")).to_contain_text("Bắc Giang (nay thuộc Bắc Ninh)")
    expect(page.locator("dl.facts")).to_contain_text("20/05/2024–22/05/2024")
