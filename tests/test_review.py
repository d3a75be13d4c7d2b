"""The review workflow: submit, return with a comment, publish, pending changes, mail, preview."""

import logging
import re

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from coordination import exports
from coordination.figures import TallyFigures
from coordination.models import OutreachEvent, StaffAssignment

from .helpers import event_admin_url, event_form_data, import_row, upload, xlsx
from .writes import save


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def _status(event):
    return OutreachEvent.objects.get(pk=event.pk).status


def hidden_versions(page):
    """The change page's hidden inputs naming the versions it shows, as a browser posts them."""
    html = page.content.decode()
    return dict(re.findall(r'<input type="hidden" name="(loaded_\w+)" value="([^"]*)"', html))


def opened(client, event):
    return hidden_versions(client.get(event_admin_url("change", event.pk)))


def approval(client, reviewer, event, **extra):
    """What the change page posts when the reviewer, having opened it, approves the change."""
    client.force_login(reviewer)
    return {"_approve_change": "1", **opened(client, event), **extra}


def test_the_whole_round_submit_return_resubmit_publish(post, client, mailed, events):
    entry, reviewer = mailed["entry"], mailed["reviewer"]
    event = events["own"]
    OutreachEvent.objects.filter(pk=event.pk).update(created_by=entry)
    event.refresh_from_db()

    response = post(
        entry, event_admin_url("change", event.pk), {**event_form_data(event), "_submit": "1"}
    )
    assert response.status_code == 302 and _status(event) == "submitted"
    [submitted] = mail.outbox
    assert submitted.to == ["reviewer@example.vn"]
    assert "chờ duyệt" in submitted.subject.lower() and event.title in submitted.subject
    assert f"/admin/coordination/outreachevent/{event.pk}/change/" in submitted.body

    event.refresh_from_db()
    refused = post(
        reviewer, event_admin_url("change", event.pk), {**event_form_data(event), "_return": "1"}
    )
    assert refused.status_code == 200 and _status(event) == "submitted"
    assert "review_comment" in refused.context["adminform"].form.errors

    comment = "Thiếu số người tham dự; bổ sung giúp."
    data = {**event_form_data(event), "_return": "1", "review_comment": comment}
    assert post(reviewer, event_admin_url("change", event.pk), data).status_code == 302
    assert _status(event) == "returned"
    returned = mail.outbox[-1]
    assert returned.to == ["entry@example.vn"] and comment in returned.body
    assert "trả lại" in returned.subject.lower()
    step = event.history.order_by("-history_date").first()
    assert (step.status, step.history_user, comment in step.history_change_reason) == (
        "returned",
        reviewer,
        True,
    )
    client.force_login(entry)
    page = client.get(event_admin_url("change", event.pk)).content.decode()
    assert comment in page and 'id="returned-comment"' in page

    event.refresh_from_db()
    data = {**event_form_data(event, participants=120), "_submit": "1"}
    assert post(entry, event_admin_url("change", event.pk), data).status_code == 302
    assert _status(event) == "submitted" and mail.outbox[-1].to == ["reviewer@example.vn"]

    event.refresh_from_db()
    assert post(
        reviewer, event_admin_url("change", event.pk), {**event_form_data(event), "_publish": "1"}
    )
    assert _status(event) == "published"
    published = mail.outbox[-1]
    assert published.to == ["entry@example.vn"] and f"/activities/{event.pk}/" in published.body
    assert len(mail.outbox) == 4  # one message per step
    reasons = [h.history_change_reason or "" for h in event.history.order_by("history_date")]
    assert "Chuyển trạng thái sang “chờ duyệt”" in reasons
    assert "Chuyển trạng thái sang “đã công bố”" in reasons


def test_a_clerk_cannot_publish_or_return_by_a_crafted_post(post, mailed, events):
    event = events["own"]
    for button in ("_publish", "_return"):
        data = {**event_form_data(event), button: "1", "review_comment": "x"}
        response = post(mailed["entry"], event_admin_url("change", event.pk), data)
        assert response.status_code == 403
        assert _status(event) == "draft"
    assert mail.outbox == []


def test_a_reviewer_cannot_review_another_branchs_activity(post, mailed, events):
    event = events["other"]
    OutreachEvent.objects.filter(pk=event.pk).update(status="submitted")
    response = post(mailed["reviewer"], event_admin_url("change", event.pk), {"_publish": "1"})
    assert response.status_code == 404 and _status(event) == "submitted"


def test_a_mail_server_failure_is_logged_and_the_step_is_kept(post, mailed, events, settings):
    settings.EMAIL_BACKEND = "tests.test_review.FailingBackend"
    event = events["own"]
    logger = logging.getLogger("coordination.notifications")
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger.addHandler(handler)
    try:
        data = {**event_form_data(event), "_submit": "1"}
        response = post(mailed["entry"], event_admin_url("change", event.pk), data)
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 302 and _status(event) == "submitted"
    assert records and "the mail server is down" in str(records[0].exc_info[1])


# An edit of a published activity by a clerk waits for the reviewer


@pytest.fixture
def published(events, mailed):
    event = events["own"]
    event.status, event.participants, event.created_by = "published", 100, mailed["entry"]
    save(event)  # through the unit of work, so the tallies count it
    return event


def _public_title(client, event):
    client.logout()
    return client.get(reverse("event-detail", args=[event.pk])).context["event"].title


def test_a_clerks_edit_of_a_published_activity_waits_for_approval(post, client, mailed, published):
    entry, reviewer = mailed["entry"], mailed["reviewer"]
    before = TallyFigures().grouped("branch").get(published.organiser_id)
    data = event_form_data(published, title="Tiêu đề mới", participants=250)
    response = post(entry, event_admin_url("change", published.pk), data)
    assert response.status_code == 302
    stored = OutreachEvent.objects.get(pk=published.pk)
    assert (stored.title, stored.participants, stored.status) == ("Hoạt động own", 100, "published")
    assert _public_title(client, published) == "Hoạt động own"
    assert TallyFigures().grouped("branch").get(published.organiser_id) == before
    exported = "".join(exports.csv_lines(OutreachEvent.objects.filter(pk=published.pk), ""))
    assert "Hoạt động own" in exported and "Tiêu đề mới" not in exported
    assert mail.outbox[-1].to == ["reviewer@example.vn"]

    # The clerk goes on from what they proposed.
    client.force_login(entry)
    form = client.get(event_admin_url("change", published.pk)).context["adminform"].form
    assert form.initial["title"] == "Tiêu đề mới"

    # The reviewer sees the difference field by field, and the queue counts it.
    client.force_login(reviewer)
    page = client.get(event_admin_url("change", published.pk))
    rows = {row["label"]: row for row in page.context["review"]["change_rows"]}
    assert (rows["Tiêu đề"]["current"], rows["Tiêu đề"]["proposed"]) == (
        "Hoạt động own",
        "Tiêu đề mới",
    )
    assert rows["Lượt người tham dự"]["proposed"] == "250"
    queue = client.get(event_admin_url("changelist"), {"queue": "review"}).context["cl"].result_list
    assert [e.pk for e in queue] == [published.pk]

    post(reviewer, event_admin_url("change", published.pk), approval(client, reviewer, published))
    stored.refresh_from_db()
    assert (stored.title, stored.participants) == ("Tiêu đề mới", 250)
    assert not hasattr(stored, "pending_change") or stored.pending_change is None
    assert _public_title(client, published) == "Tiêu đề mới"
    after = TallyFigures().grouped("branch").get(published.organiser_id)
    assert after["participants"] == before["participants"] + 150
    assert mail.outbox[-1].to == ["entry@example.vn"]
    last = stored.history.order_by("-history_date").first()
    assert last.history_user == reviewer and "duyệt" in last.history_change_reason.lower()


def test_a_returned_change_goes_back_with_the_comment(post, client, mailed, published):
    entry, reviewer = mailed["entry"], mailed["reviewer"]
    post(
        entry,
        event_admin_url("change", published.pk),
        event_form_data(published, title="Sai chính tả"),
    )
    refused = post(reviewer, event_admin_url("change", published.pk), {"_return_change": "1"})
    assert refused.status_code == 302
    assert published.pending_change.__class__.objects.get().status == "pending"
    comment = "Tiêu đề viết sai, giữ như cũ."
    post(
        reviewer,
        event_admin_url("change", published.pk),
        {"_return_change": "1", "review_comment": comment},
    )
    change = published.pending_change.__class__.objects.get()
    assert (change.status, change.comment) == ("returned", comment)
    assert comment in mail.outbox[-1].body and mail.outbox[-1].to == ["entry@example.vn"]
    assert _public_title(client, published) == "Hoạt động own"
    client.force_login(entry)
    assert comment in client.get(event_admin_url("change", published.pk)).content.decode()
    mine = client.get(event_admin_url("changelist"), {"queue": "mine"}).context["cl"].result_list
    assert published.pk in [e.pk for e in mine]
    reasons = [h.history_change_reason or "" for h in published.history.all()]
    assert f"Trả lại thay đổi: {comment}" in reasons


def test_a_reviewer_edits_a_published_activity_directly(post, client, mailed, published):
    post(
        mailed["reviewer"],
        event_admin_url("change", published.pk),
        event_form_data(published, title="Mới"),
    )
    assert OutreachEvent.objects.get(pk=published.pk).title == "Mới"
    assert _public_title(client, published) == "Mới"


# The queue and "mine"


def test_the_admin_index_shows_the_queue_count_and_links_to_it(client, staff, events):
    OutreachEvent.objects.filter(pk__in=[events["own"].pk, events["sub"].pk]).update(
        status="submitted"
    )
    OutreachEvent.objects.filter(pk=events["other"].pk).update(status="submitted")
    client.force_login(staff["reviewer"])
    page = client.get(reverse("admin:index")).content.decode()
    assert "2 hoạt động chờ duyệt" in page
    assert "/admin/coordination/outreachevent/?queue=review" in page
    client.force_login(staff["central"])
    assert "3 hoạt động chờ duyệt" in client.get(reverse("admin:index")).content.decode()
    client.force_login(staff["entry"])
    assert "chờ duyệt" not in client.get(reverse("admin:index")).content.decode()


def test_a_clerk_reaches_their_own_drafts_and_returned_records_from_the_list(
    client, staff, make_event, branches
):
    entry = staff["entry"]
    others = [make_event(title=f"Của người khác {n}", organiser=branches["own"]) for n in range(3)]
    mine = make_event(title="Nháp của tôi", organiser=branches["own"], status="returned")
    OutreachEvent.objects.filter(pk=mine.pk).update(
        created_by=entry, start_date=others[0].start_date.replace(year=2001)
    )
    client.force_login(entry)
    page = client.get(event_admin_url("changelist")).content.decode()
    assert '<a href="?queue=mine">Của tôi: 1' in page  # above the list, one click away
    response = client.get(event_admin_url("changelist"), {"queue": "mine"})
    assert [e.pk for e in response.context["cl"].result_list] == [mine.pk]
    page = response.content.decode()
    assert 'class="status-label status-returned"' in page and "Bị trả lại" in page
    index = client.get(reverse("admin:index")).content.decode()
    assert "Của tôi: 1" in index
    creator = client.get(event_admin_url("changelist"), {"creator": "me"}).context["cl"].result_list
    assert [e.pk for e in creator] == [mine.pk]


def test_the_organising_branch_is_the_clerks_own_by_default(client, staff, branches):
    client.force_login(staff["entry"])
    form = client.get(event_admin_url("add")).context["adminform"].form
    assert form.initial["organiser"] == branches["own"].pk
    client.force_login(staff["central"])
    assert "organiser" not in client.get(event_admin_url("add")).context["adminform"].form.initial


# Preview


@pytest.mark.parametrize(
    "who, expected", [("entry", 200), ("reviewer", 200), ("central", 200), ("outsider", 404)]
)
def test_staff_preview_a_draft_the_public_gets_404(client, staff, events, branches, who, expected):
    event = events["own"]
    assert client.get(reverse("event-detail", args=[event.pk])).status_code == 404
    preview = reverse("event-preview", args=[event.pk])
    assert client.get(preview).status_code == 302  # to the login page
    if who == "outsider":
        user = staff["entry"].__class__.objects.create_user("x", is_staff=True)
        StaffAssignment.objects.create(user=user, branch=branches["other"])
    else:
        user = staff[who]
    client.force_login(user)
    response = client.get(preview)
    assert response.status_code == expected
    if expected == 200:
        page = response.content.decode()
        assert "Xem trước" in page and event.title in page
        assert 'name="robots" content="noindex"' in page


def test_view_on_site_of_a_draft_opens_the_preview(client, staff, events):
    client.force_login(staff["entry"])
    event = events["own"]
    page = client.get(event_admin_url("change", event.pk)).content.decode()
    assert f'href="{reverse("event-preview", args=[event.pk])}"' in page


def test_a_clerks_reimport_of_a_published_activity_waits_for_approval(client, staff, post, mailed):
    client.force_login(staff["entry"])
    upload(client, xlsx(import_row("BN-1")))
    event = OutreachEvent.objects.get(external_ref="BN-1")
    OutreachEvent.objects.filter(pk=event.pk).update(status="published")
    response = upload(client, xlsx(import_row("BN-1", title="Đổi qua tệp", participants="900")))
    assert response.status_code == 302
    stored = OutreachEvent.objects.get(pk=event.pk)
    assert (stored.title, stored.participants) == ("Tuyên truyền ở KCN Quế Võ", 350)
    assert stored.pending_change.values["participants"] == 900
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("chờ người duyệt" in message for message in messages)
    approve = approval(client, staff["reviewer"], event)
    post(staff["reviewer"], event_admin_url("change", event.pk), approve)
    stored.refresh_from_db()
    assert (stored.title, stored.participants) == ("Đổi qua tệp", 900)


def test_a_reviewer_publishes_a_returned_activity_without_a_new_comment(post, mailed, events):
    """The return's comment was given when it was returned: publishing the returned record
    (the reviewer fixed it themself) must not ask for a reason to return it again."""
    entry, reviewer = mailed["entry"], mailed["reviewer"]
    event = events["own"]
    OutreachEvent.objects.filter(pk=event.pk).update(created_by=entry)
    event.refresh_from_db()
    post(entry, event_admin_url("change", event.pk), {**event_form_data(event), "_submit": "1"})
    event.refresh_from_db()
    data = {**event_form_data(event), "_return": "1", "review_comment": "Bổ sung số liệu."}
    post(reviewer, event_admin_url("change", event.pk), data)
    assert _status(event) == "returned"

    event.refresh_from_db()
    data = {**event_form_data(event, participants=90), "_publish": "1", "review_comment": ""}
    response = post(reviewer, event_admin_url("change", event.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert _status(event) == "published"
