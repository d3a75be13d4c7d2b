"""An activity's history page tells an auditor who changed what, when and why, in words."""

import datetime
import html
import re

from django.contrib import admin
from django.urls import reverse

from coordination.models import FocusArea, OutreachEvent

from .helpers import event_admin_url, event_form_data
from .test_review import approval


def _areas(n):
    return list(FocusArea.objects.filter(is_active=True).order_by("number")[:n])


def _lines(client, event):
    """Each line of the history table as text, newest first."""
    page = client.get(event_admin_url("history", event.pk)).content.decode()
    start = page.index('id="change-history"')
    table = page[start : page.index("</table>", start)]
    return [_text(row) for row in table.split("<tr>")[2:]]


def _text(fragment):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _save(client, who, event, buttons=None, **changes):
    """`who` saves the activity's change form with `changes` (and a review button)."""
    client.force_login(who)
    event.refresh_from_db()
    data = {**event_form_data(event, **changes), **(buttons or {})}
    response = client.post(event_admin_url("change", event.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_the_review_steps_read_as_labels_and_comments_without_phantom_focus_areas(
    client, staff, make_event, branches
):
    event = make_event(organiser=branches["own"], status="draft", focus_areas=_areas(2))
    clerk, reviewer = staff["entry"], staff["reviewer"]
    _save(client, clerk, event, {"_submit": "1"}, title="Hội nghị")
    _save(client, reviewer, event, {"_publish": "1", "review_comment": "Tốt"})
    _save(client, clerk, event, participants=120)
    approve = approval(client, reviewer, event, review_comment="")
    assert client.post(event_admin_url("change", event.pk), approve).status_code == 302
    assert OutreachEvent.objects.get(pk=event.pk).participants == 120

    lines = _lines(client, event)
    approved, proposed, published, submitted, edited, _created = lines
    assert "Lượt người tham dự: – → 120" in approved and "Duyệt thay đổi" in approved
    assert "Đề xuất thay đổi, chờ duyệt" in proposed
    assert "Trạng thái: chờ duyệt → đã công bố" in published and "Tốt" in published
    assert "Trạng thái: bản nháp → chờ duyệt" in submitted
    assert "Tiêu đề: Tuyên truyền pháp luật cho công nhân → Hội nghị" in edited
    assert "reviewer" in approved and "entry" in proposed
    text = " ".join(lines)
    # Nobody touched the focus areas: no line says they were removed, then added back.
    assert "Lĩnh vực" not in text
    for code in ("None", "submitted", "published", "draft", "→ []"):
        assert code not in text, code
    page = client.get(event_admin_url("history", event.pk)).content.decode()
    assert "Changes" not in page and "Nội dung thay đổi" in page


def test_a_real_change_names_the_areas_partners_dates_and_places_as_people_read_them(
    client, staff, make_event, branches, province
):
    first, second = _areas(2)
    event = make_event(
        organiser=branches["own"], status="draft", focus_areas=[first], province=province("24")
    )
    _save(
        client,
        staff["entry"],
        event,
        focus_areas=[second.pk],
        partners=[branches["sub"].pk],
        start_date="20/04/2024",
        province=province("75").pk,
    )

    edited = _lines(client, event)[0]
    assert f"Lĩnh vực: thêm {second.name}; bỏ {first.name}" in edited
    assert "thêm Công đoàn cơ sở Phòng PC06 Bắc Ninh" in edited
    assert "15/03/2024 → 20/04/2024" in edited
    assert "Bắc Ninh → Đồng Nai" in edited


def test_a_version_that_kept_no_links_is_not_read_as_removing_them(
    client, staff, make_event, branches
):
    # Versions written before the links were kept with each version have none.
    event = make_event(organiser=branches["own"], status="draft")
    _save(client, staff["entry"], event, title="Một")
    _save(client, staff["entry"], event, title="Hai")
    middle = event.history.all()[1]
    for field in ("focus_areas", "partners"):
        getattr(middle, field).all().delete()

    text = " ".join(_lines(client, event))
    assert "Tiêu đề: Một → Hai" in text
    assert "Lĩnh vực" not in text


def test_a_step_noted_without_a_save_keeps_the_links(client, staff, make_event, branches):
    first, second = _areas(2)
    event = make_event(organiser=branches["own"], focus_areas=[first, second])
    _save(client, staff["entry"], event, participants=30)
    proposed = event.history.first()
    assert {row.focusarea_id for row in proposed.focus_areas.all()} == {first.pk, second.pk}


def test_the_oldest_line_of_a_page_is_compared_with_the_next_page(
    client, staff, make_event, branches, monkeypatch
):
    event = make_event(organiser=branches["own"], status="draft")
    for title in ("Một", "Hai", "Ba"):
        _save(client, staff["entry"], event, title=title)
    monkeypatch.setattr(admin.site.get_model_admin(OutreachEvent), "history_list_per_page", 2)
    lines = _lines(client, event)
    assert len(lines) == 2
    assert "Tiêu đề: Một → Hai" in lines[1]


def test_a_version_page_names_the_activity_list_not_the_history_model(
    client, staff, make_event, branches
):
    event = make_event(organiser=branches["own"])
    client.force_login(staff["reviewer"])
    version = event.history.first()
    url = reverse("admin:coordination_outreachevent_simple_history", args=[event.pk, version.pk])
    page = client.get(url).content.decode()
    crumbs = _text(
        page[
            page.index('<div class="breadcrumbs">') : page.index(
                "</div>", page.index('<div class="breadcrumbs">')
            )
        ]
    )
    assert crumbs.startswith("Trang chủ › Phối hợp bảo đảm an ninh, trật tự › Hoạt động ›")
    assert "Historical" not in crumbs and "Coordination" not in crumbs
    assert f'href="{event_admin_url("changelist")}"' in page


def test_the_history_page_reads_a_long_history_in_few_queries(
    client, staff, make_event, branches, django_assert_max_num_queries
):
    event = make_event(
        organiser=branches["own"], status="draft", start_date=datetime.date(2024, 1, 1)
    )
    for day in range(2, 12):
        date = f"{day:02d}/01/2024"
        _save(client, staff["entry"], event, start_date=date, partners=[branches["sub"].pk])
    with django_assert_max_num_queries(25):
        lines = _lines(client, event)
    assert "10/01/2024 → 11/01/2024" in lines[0]
