"""The activity list at a 1366 px desk screen: every column in view, for each role."""

import datetime

import pytest
from playwright.sync_api import expect

from coordination.models import ActivityType, FocusArea

from .helpers import log_in, screenshot

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
LIST = "/admin/coordination/outreachevent/"

LONG_TITLES = [
    "Tuyên truyền phòng, chống lừa đảo tuyển dụng, “tín dụng đen” và lừa đảo bảo hiểm xã hội "
    "cho công nhân lao động tại các khu công nghiệp Quế Võ, Yên Phong và VSIP Bắc Ninh",
    "Hỗ trợ cấp căn cước công dân gắn chip cho công nhân lao động tại KCN Tiên Sơn (Đề án 06)",
    "Mô hình “Đồng hành cùng lực lượng Công an xã” ở các xã vùng giáp ranh",
]
STATUSES = ["draft", "submitted", "returned", "published", "withdrawn"]


@pytest.fixture
def listed(request, staff, branches, make_event):
    """A page of the Bắc Ninh branches' activities with long titles, names and figures."""
    request.getfixturevalue("roles")
    kind = max(ActivityType.objects.all(), key=lambda kind: len(kind.name))
    area = FocusArea.objects.filter(is_active=True).order_by("number").first()
    staff["entry"].first_name, staff["entry"].last_name = "Nguyễn Thị", "Phương Thảo"
    staff["entry"].save()
    return [
        make_event(
            title=LONG_TITLES[n % len(LONG_TITLES)],
            organiser=branches["sub"] if n % 2 else branches["own"],
            activity_type=kind,
            focus_areas=[area],
            start_date=datetime.date(2025, 1 + n, 1 + n),
            sessions=1200 + n,
            participants=125000 + n,
            status=STATUSES[n % len(STATUSES)],
            created_by=staff["entry"],
        )
        for n in range(12)
    ]


@pytest.mark.parametrize("who", ["entry", "reviewer", "central"])
def test_the_activity_list_fits_a_1366_px_screen(live_server, browser, staff, listed, who):
    context = browser.new_context(locale="vi-VN", viewport=DESKTOP)
    page = context.new_page()
    try:
        log_in(page, live_server, staff[who], next_url=LIST)
        rows = page.locator("#result_list tbody tr")
        expect(rows.first).to_be_visible()
        screenshot(page, f"admin-list-1366-{who}.png")

        viewport = page.evaluate("document.documentElement.clientWidth")
        table = page.evaluate("document.querySelector('#result_list').scrollWidth")
        assert table <= viewport, f"the list is {table}px wide on a {viewport}px screen"
        # Nor does it scroll inside its box: the last column ends on screen.
        box = page.evaluate(
            "(() => { const r = document.querySelector('#changelist .results');"
            " return [r.scrollWidth, r.clientWidth]; })()"
        )
        assert box[0] <= box[1], f"the list scrolls sideways in its box: {box}"
        for column in ("organiser", "activity_type", "participants_shown", "creator"):
            cell = rows.first.locator(f"td.field-{column}")
            right = cell.bounding_box()["x"] + cell.bounding_box()["width"]
            assert right <= viewport, f"{column} ends at {right}px"

        # A long title shows three lines at most; the whole title is its tooltip.
        longest = page.locator("#result_list .field-title a", has_text="VSIP").first
        assert longest.get_attribute("title") == LONG_TITLES[0]
        line = float(longest.evaluate("a => parseFloat(getComputedStyle(a).lineHeight)"))
        assert longest.bounding_box()["height"] <= 3 * line + 1
        assert (
            page.locator("#result_list tbody tr")
            .first.locator(".field-title")
            .bounding_box()["width"]
            >= 250
        ), "the title is squeezed"
    finally:
        context.close()
