"""The staff's admin for activities, role by role: what each step says, the clerk's bulk
"send for review", and what a clerk, a reviewer and a central administrator each see."""

import pytest
from django.core import mail
from django.urls import reverse

from coordination.models import OutreachEvent, Source

from .helpers import event_admin_url, event_form_data

GENERIC = "thành công"  # Django's "… đã được thay đổi thành công."


@pytest.fixture
def mailed(staff):
    for who in ("entry", "reviewer", "central"):
        staff[who].email = f"{who}@example.vn"
        staff[who].save()
    staff["entry"].first_name, staff["entry"].last_name = "Nguyễn Thị", "Lan"
    staff["entry"].save()
    return staff


@pytest.fixture
def step(client, django_capture_on_commit_callbacks):
    """POST a change form as someone and follow the redirect: the messages the next page
    shows (the e-mails of the step are sent)."""

    def send(user, event, url=None, **data):
        client.force_login(user)
        event.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                url or event_admin_url("change", event.pk),
                {**event_form_data(event), **data},
                follow=True,
            )
        assert response.status_code == 200
        return [str(message) for message in response.context["messages"]]

    return send


def _status(event):
    return OutreachEvent.objects.get(pk=event.pk).status


# 1. Each step says what happened and what comes next, once -----------------------------------


def test_each_review_step_says_what_happened_and_what_comes_next(step, mailed, events):
    event = events["own"]
    title = event.title

    [submitted] = step(mailed["entry"], event, _submit="1")
    assert _status(event) == "submitted"
    assert submitted.startswith(f"Đã gửi duyệt “{title}”")
    assert "người duyệt của Công đoàn Công an tỉnh Bắc Ninh sẽ được báo" in submitted
    assert "bạn sẽ nhận thư khi hoạt động được công bố hoặc bị trả lại" in submitted

    comment = "Bổ sung số người tham dự."
    [returned] = step(mailed["reviewer"], event, _return="1", review_comment=comment)
    assert _status(event) == "returned"
    assert returned.startswith(f"Đã trả lại “{title}” cho người nhập (Nguyễn Thị Lan)")
    assert f"kèm ý kiến: {comment}" in returned

    step(mailed["entry"], event, _submit="1")
    [published] = step(mailed["reviewer"], event, _publish="1")
    assert _status(event) == "published"
    assert published.startswith(f"Đã công bố “{title}”: hoạt động hiện trên trang công khai.")
    assert f'href="/activities/{event.pk}/"' in published

    [withdrawn] = step(mailed["reviewer"], event, _withdraw="1")
    assert _status(event) == "withdrawn"
    assert withdrawn.startswith(f"Đã thu hồi “{title}” khỏi trang công khai")
    assert len(mail.outbox) == 4  # submitted, returned, submitted, published


def test_a_new_activity_sent_for_review_says_so_once(step, mailed, events):
    data = {"title": "Hoạt động mới", "loaded_version": "", "_submit": "1"}
    [told] = step(mailed["entry"], events["own"], url=event_admin_url("add"), **data)
    added = OutreachEvent.objects.get(title="Hoạt động mới")
    assert (added.status, added.created_by) == ("submitted", mailed["entry"])
    assert told.startswith("Đã gửi duyệt “Hoạt động mới”")


def test_a_clerk_without_an_e_mail_address_is_not_promised_one(step, staff, events):
    [submitted] = step(staff["entry"], events["own"], _submit="1")
    assert "sẽ nhận thư" not in submitted
    assert "chưa có địa chỉ thư" in submitted


def test_a_refused_move_says_why_and_not_that_it_worked(step, staff, events, settings):
    event = events["own"]
    # The reviewer opened the form while the activity was a draft; it was published since.
    stale = {**event_form_data(event), "_return": "1", "review_comment": "Thiếu ảnh."}
    OutreachEvent.objects.filter(pk=event.pk).update(status="published")
    shown = step(staff["reviewer"], event, **stale)
    assert _status(event) == "published"
    assert len(shown) == 1 and GENERIC not in shown[0] and "Đã trả lại" not in shown[0]


def _restore_form(client, event_id, version):
    url = reverse("admin:coordination_outreachevent_simple_history", args=[event_id, version.pk])
    form = client.get(url).context["adminform"].form
    data = event_form_data(version.instance, loaded_version=form["loaded_version"].value() or "")
    data.update(focus_areas=[int(pk) for pk in form.initial["focus_areas"]], partners=[])
    return url, data


def test_a_restore_says_what_was_restored_and_from_when(client, staff, make_event):
    event = make_event(title="Bị xóa nhầm", status="draft")
    client.force_login(staff["central"])
    assert client.post(event_admin_url("delete", event.pk), {"post": "yes"}).status_code == 302
    version = OutreachEvent.history.filter(id=event.pk).exclude(history_type="-").first()
    url, data = _restore_form(client, event.pk, version)
    response = client.post(url, data, follow=True)
    [restored] = [str(message) for message in response.context["messages"]]
    assert restored.startswith("Đã khôi phục hoạt động đã xóa “Bị xóa nhầm” từ phiên bản lúc")
    assert "Trạng thái hiện là “bản nháp”" in restored

    published = make_event(title="Tên cũ")
    first = published.history.first()
    client.post(
        event_admin_url("change", published.pk), event_form_data(published, title="Tên mới")
    )
    url, data = _restore_form(client, published.pk, first)
    response = client.post(url, {**data, "title": "Tên cũ"}, follow=True)
    [restored] = [str(message) for message in response.context["messages"]]
    assert restored.startswith("Đã khôi phục “Tên cũ” về phiên bản lúc")
    assert "Trang công khai hiển thị nội dung vừa khôi phục." in restored


# 2. A clerk sends imported drafts for review in bulk ------------------------------------------


def test_a_clerk_sends_selected_activities_for_review_in_bulk(
    client, mailed, make_event, branches, django_capture_on_commit_callbacks
):
    made = {
        status: make_event(title=f"Hoạt động {status}", organiser=branches["own"], status=status)
        for status in ("draft", "returned", "submitted", "published")
    }
    second_draft = make_event(title="Nháp thứ hai", organiser=branches["sub"], status="draft")
    other_branch = make_event(title="Của Đồng Nai", organiser=branches["other"], status="draft")
    selected = [*made.values(), second_draft, other_branch]
    client.force_login(mailed["entry"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            event_admin_url("changelist"),
            {"action": "submit_selected", "_selected_action": [e.pk for e in selected]},
            follow=True,
        )
    [told] = [str(message) for message in response.context["messages"]]
    assert told.startswith("Đã gửi duyệt 3 hoạt động")
    assert "Bỏ qua 2 hoạt động" in told
    assert "1 hoạt động đang chờ duyệt" in told and "1 hoạt động đã công bố" in told
    assert [_status(e) for e in selected] == [
        "submitted",
        "submitted",
        "submitted",
        "published",
        "submitted",
        "draft",  # another branch's: not the clerk's to send
    ]
    # As one by one: who and what in the history, one e-mail to the reviewers per activity.
    last = OutreachEvent.objects.get(pk=second_draft.pk).history.first()
    assert last.history_user == mailed["entry"]
    assert last.history_change_reason == "Chuyển trạng thái sang “chờ duyệt”"
    assert len(mail.outbox) == 3
    assert all(message.to == ["reviewer@example.vn"] for message in mail.outbox)


def _actions(client, user):
    client.force_login(user)
    response = client.get(event_admin_url("changelist"))
    return [name for name, _label in response.context["action_form"].fields["action"].choices]


def test_the_bulk_send_for_review_is_the_clerks_and_publishing_the_reviewers(client, staff):
    assert "submit_selected" in _actions(client, staff["entry"])
    assert "publish_selected" not in _actions(client, staff["entry"])
    assert "submit_selected" not in _actions(client, staff["reviewer"])
    assert "publish_selected" in _actions(client, staff["reviewer"])


def test_a_bulk_send_with_nothing_to_send_says_so(client, staff, make_event, branches):
    published = make_event(organiser=branches["own"])
    client.force_login(staff["entry"])
    response = client.post(
        event_admin_url("changelist"),
        {"action": "submit_selected", "_selected_action": [published.pk]},
        follow=True,
    )
    [told] = list(response.context["messages"])
    assert told.level_tag == "warning"
    assert str(told).startswith("Đã gửi duyệt 0 hoạt động")
    assert "1 hoạt động đã công bố (mở từng hoạt động để đề xuất thay đổi)" in str(told)


# 3. Each role sees what it works with ---------------------------------------------------------


@pytest.fixture
def sourced(make_event, branches):
    source = Source.objects.order_by("pk").first()
    return make_event(
        organiser=branches["own"],
        status="draft",
        source=source,
        source_excerpt="Câu trích nguyên văn từ bài báo.",
        organiser_note="CĐ CA nhiều đơn vị, địa phương",
    )


EDITORIAL_INPUTS = ['name="source"', 'name="source_excerpt"', 'name="organiser_note"']


def test_a_clerk_reads_the_source_fields_and_writes_no_review_comment(client, staff, sourced):
    client.force_login(staff["entry"])
    page = client.get(event_admin_url("change", sourced.pk)).content.decode()
    assert 'name="review_comment"' not in page
    for field in EDITORIAL_INPUTS:
        assert field not in page
    assert "Câu trích nguyên văn từ bài báo." in page  # shown, read-only
    assert "CĐ CA nhiều đơn vị, địa phương" in page

    data = event_form_data(
        sourced, source="", source_excerpt="Sửa", organiser_note="", review_comment="Tôi duyệt"
    )
    assert client.post(event_admin_url("change", sourced.pk), data).status_code == 302
    sourced.refresh_from_db()
    assert sourced.source is not None
    assert sourced.source_excerpt == "Câu trích nguyên văn từ bài báo."
    assert sourced.organiser_note == "CĐ CA nhiều đơn vị, địa phương"


def test_a_clerks_new_activity_form_has_no_source_fields(client, staff):
    client.force_login(staff["entry"])
    page = client.get(event_admin_url("add")).content.decode()
    assert "field-source_excerpt" not in page and "field-organiser_note" not in page
    assert 'name="review_comment"' not in page
    assert 'name="_submit"' in page


def test_a_reviewer_writes_the_comment_and_the_source_fields(client, staff, sourced):
    client.force_login(staff["reviewer"])
    page = client.get(event_admin_url("change", sourced.pk)).content.decode()
    for field in ['name="review_comment"', *EDITORIAL_INPUTS]:
        assert field in page


def _index_models(client, user):
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    return {model["object_name"] for app in response.context["app_list"] for model in app["models"]}


def test_the_admin_index_lists_what_each_role_works_with(client, staff):
    # Activities, and each person's own notification choice ("Tùy chọn thông báo").
    assert _index_models(client, staff["entry"]) == {"OutreachEvent", "StaffProfile"}
    assert _index_models(client, staff["reviewer"]) == {"OutreachEvent", "StaffProfile"}
    central = _index_models(client, staff["central"])
    assert {"OutreachEvent", "Award", "Signatory", "Source", "KeyFigure", "UnionBranch"} <= central

    client.force_login(staff["entry"])
    page = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:coordination_outreachevent_import") in page
    assert reverse("admin:coordination_award_changelist") not in page


def test_a_clerk_still_picks_branches_and_provinces(client, staff):
    client.force_login(staff["entry"])
    for field in ("organiser", "province"):
        response = client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "coordination",
                "model_name": "outreachevent",
                "field_name": field,
                "term": "bac ninh",
            },
        )
        assert response.status_code == 200 and response.json()["results"], field


def test_the_activity_list_keeps_each_figures_qualifier(client, staff, make_event, branches):
    """The admin list showed the seeded "hơn 2.000" as a bare 2.000 (a reader's review)."""
    make_event(
        title="Hơn hai nghìn buổi",
        organiser=branches["own"],
        sessions=2000,
        participants=None,
        figures_qualifier="more_than",
    )
    client.force_login(staff["reviewer"])
    page = client.get(reverse("admin:coordination_outreachevent_changelist"), {"q": "hai nghin"})
    [row] = [tr for tr in page.content.decode().split("<tr") if "Hơn hai nghìn buổi" in tr]
    assert "hơn 2.000" in row and "chưa rõ" in row
