"""The staff's working day in real Chromium: a clerk on a phone and at a desk, a reviewer at
1366 px; every step's e-mail in the outbox. Screenshots of the queue and the preview in docs/."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from coordination.models import ActivityType, FocusArea, OutreachEvent

from .helpers import PHONE, log_in, pick_autocomplete, screenshot

BAC_NINH_POLICE = "Công đoàn Công an tỉnh Bắc Ninh"

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
LIST = "/admin/coordination/outreachevent/"


@pytest.fixture
def workers(request, staff):
    request.getfixturevalue("roles")
    for who in ("entry", "reviewer"):
        staff[who].email = f"{who}@example.vn"
        staff[who].first_name = {"entry": "Lan", "reviewer": "Hùng"}[who]
        staff[who].save()
    return staff


@pytest.fixture
def contexts(browser):
    opened = []

    def open_(viewport, **extra):
        context = browser.new_context(locale="vi-VN", viewport=viewport, **extra)
        opened.append(context)
        return context.new_page()

    yield open_
    for context in opened:
        context.close()


def _subjects():
    return [(message.to, message.subject) for message in mail.outbox]


def _public_heading(page, url):
    response = page.goto(url)
    return response.status, page.get_by_role("heading", level=1).inner_text()


def test_the_staff_working_day(live_server, contexts, workers):
    people = workers
    title = "Tuyên truyền phòng, chống lừa đảo tuyển dụng cho công nhân KCN Quế Võ"
    legal = FocusArea.objects.get(code="qc04-tuyen-truyen")
    clerk = contexts(DESKTOP)
    reviewer = contexts(DESKTOP)
    phone = contexts(PHONE, is_mobile=True, has_touch=True)
    visitor = contexts(DESKTOP)

    # 1. The clerk, at a desk, types without diacritics and submits.
    log_in(clerk, live_server, people["entry"], next_url=LIST + "add/")
    organiser = clerk.locator("#id_organiser + .select2-container")
    expect(organiser).to_contain_text("Công đoàn Công an tỉnh Bắc Ninh")  # their own branch
    clerk.locator("#id_title").fill(title)
    clerk.select_option(
        "#id_activity_type", label=ActivityType.objects.get(code="tuyen-truyen").name
    )
    clerk.get_by_role("checkbox", name=str(legal)).check()
    pick_autocomplete(
        clerk, "id_organiser", "cong an tinh bac ninh", "Công đoàn Công an tỉnh Bắc Ninh"
    )
    pick_autocomplete(clerk, "id_province", "bac ninh", "Bắc Ninh")
    pick_autocomplete(clerk, "id_partners", "tong lien doan", "Tổng LĐLĐ Việt Nam")
    clerk.locator("#id_start_date").fill("20/10/2025")
    clerk.get_by_role("button", name="Lưu và gửi duyệt").click()
    expect(clerk).to_have_url(f"{live_server.url}{LIST}")
    event = OutreachEvent.objects.get(title=title)
    assert (event.status, event.province.name, event.organiser.code) == (
        "submitted",
        "Bắc Ninh",
        "cdca-bn",
    )
    row = clerk.locator("#result_list tbody tr", has_text=title)
    expect(row.locator(".status-label")).to_have_text("Chờ duyệt")
    assert _subjects()[-1][0] == ["reviewer@example.vn"]

    # 2. The reviewer sees the queue count, opens the queue, previews, returns with a comment.
    log_in(reviewer, live_server, people["reviewer"])
    queue_link = reviewer.get_by_role("link", name="1 hoạt động chờ duyệt")
    expect(queue_link).to_be_visible()
    queue_link.click()
    expect(reviewer).to_have_url(re.compile(r"queue=review"))
    expect(reviewer.locator("#result_list tbody tr")).to_have_count(1)
    _assert_readable_at_desktop_width(reviewer)
    screenshot(reviewer, "admin-review-queue.png")
    reviewer.get_by_role("link", name=title).click()
    reviewer.get_by_role("link", name="Xem trên trang web").click()
    preview = reviewer
    expect(preview.locator(".preview-banner")).to_contain_text("Xem trước")
    expect(preview.locator(".preview-banner")).to_contain_text("chưa công khai")
    expect(preview.get_by_role("heading", level=1)).to_have_text(title)
    screenshot(preview, "activity-preview.png")
    preview.get_by_role("link", name="Quay lại biểu mẫu").click()
    assert _public_heading(visitor, f"{live_server.url}/activities/{event.pk}/")[0] == 404

    comment = "Bổ sung số lượt công nhân tham dự theo báo cáo của KCN."
    reviewer.locator("#id_review_comment").fill(comment)
    reviewer.get_by_role("button", name="Trả lại kèm ý kiến").click()
    expect(reviewer.locator(".messagelist .success")).to_be_visible()
    event.refresh_from_db()
    assert event.status == "returned"
    assert _subjects()[-1][0] == ["entry@example.vn"] and comment in mail.outbox[-1].body

    # 3. The clerk, on a phone, reads the comment, fixes and resubmits.
    log_in(phone, live_server, people["entry"])
    expect(phone.get_by_role("link", name=re.compile(r"^Của tôi: 1 "))).to_be_visible()
    phone.goto(f"{live_server.url}{LIST}{event.pk}/change/")
    expect(phone.locator("#returned-comment")).to_contain_text(comment)
    _assert_usable_on_a_phone(phone)
    phone.locator("#id_participants").fill("640")
    phone.get_by_role("button", name="Lưu và gửi duyệt").click()
    expect(phone.locator(".messagelist .success")).to_be_visible()
    event.refresh_from_db()
    assert (event.status, event.participants) == ("submitted", 640)
    assert _subjects()[-1][0] == ["reviewer@example.vn"]

    # 4. The reviewer publishes.
    reviewer.goto(f"{live_server.url}{LIST}{event.pk}/change/")
    reviewer.get_by_role("button", name="Lưu và công bố").click()
    expect(reviewer.locator(".messagelist .success")).to_be_visible()
    event.refresh_from_db()
    assert event.status == "published"
    assert _subjects()[-1][0] == ["entry@example.vn"]
    assert _public_heading(visitor, f"{live_server.url}/activities/{event.pk}/") == (200, title)

    # 5. The clerk edits the published record: the public page keeps the old text.
    new_title = title + " (đã bổ sung)"
    phone.goto(f"{live_server.url}{LIST}{event.pk}/change/")
    phone.locator("#id_title").fill(new_title)
    phone.locator("input[name=_save]").click()
    expect(phone.locator(".messagelist .warning")).to_contain_text("chờ người duyệt")
    assert _public_heading(visitor, f"{live_server.url}/activities/{event.pk}/") == (200, title)
    assert _subjects()[-1][0] == ["reviewer@example.vn"]

    # 6. The reviewer compares field by field and approves; now the public sees it.
    reviewer.goto(f"{live_server.url}/admin/")
    expect(reviewer.get_by_role("link", name="1 hoạt động chờ duyệt")).to_be_visible()
    reviewer.goto(f"{live_server.url}{LIST}{event.pk}/change/")
    diff = reviewer.locator("table.change-diff tbody tr")
    expect(diff).to_have_count(1)
    expect(diff.first).to_contain_text(title)
    expect(diff.first).to_contain_text(new_title)
    reviewer.get_by_role("button", name="Duyệt thay đổi").click()
    expect(reviewer.locator(".messagelist .success")).to_be_visible()
    assert _public_heading(visitor, f"{live_server.url}/activities/{event.pk}/") == (
        200,
        new_title,
    )

    # One message per step, each to the right person, in Vietnamese, with its link.
    assert [to for to, _subject in _subjects()] == [
        ["reviewer@example.vn"],
        ["entry@example.vn"],
        ["reviewer@example.vn"],
        ["entry@example.vn"],
        ["reviewer@example.vn"],
        ["entry@example.vn"],
    ]
    assert [subject.split("] ", 1)[1].split(":")[0] for _to, subject in _subjects()] == [
        "Chờ duyệt",
        "Bị trả lại để sửa",
        "Chờ duyệt",
        "Đã công bố",
        "Thay đổi chờ duyệt",
        "Đã duyệt thay đổi",
    ]
    assert all(f"/{event.pk}/" in message.body for message in mail.outbox)
    history = [h.history_change_reason or "" for h in event.history.order_by("history_date")]
    assert any(comment in reason for reason in history)


def _assert_readable_at_desktop_width(page):
    """At 1366 px the title has room to wrap and the status label is on screen."""
    title = page.locator("#result_list tbody tr").first.locator(".field-title")
    status = page.locator("#result_list tbody tr").first.locator(".status-label")
    expect(status).to_be_visible()
    box = status.bounding_box()
    assert box["x"] + box["width"] <= DESKTOP["width"], "the status is pushed off screen"
    assert title.bounding_box()["width"] >= 250, "the title is squeezed"
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", page.locator(".field-start_date").first.inner_text())


def _assert_usable_on_a_phone(page):
    """On a 390 px phone the focus areas read as a list across the screen, buttons in reach."""
    boxes = page.locator("#id_focus_areas label")
    for index in range(boxes.count()):
        width = boxes.nth(index).bounding_box()["width"]
        assert width >= 250, f"focus area {index} is squeezed into {width:.0f}px"
    expect(page.get_by_role("button", name="Lưu và gửi duyệt")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the form is {width}px wide on a phone"
