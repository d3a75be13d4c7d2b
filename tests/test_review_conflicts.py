"""Pending changes under concurrency: an approval publishes what the reviewer saw, a proposal
keeps only what it changes, and no proposal or edit is overwritten without anyone seeing it."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from coordination import services
from coordination.models import OutreachEvent, PendingChange, StaffAssignment
from coordination.roles import ENTRY, REVIEWER, group_for

from .helpers import event_admin_url, event_form_data
from .test_review import approval, hidden_versions, opened
from .writes import save


@pytest.fixture
def published(events, staff):
    event = events["own"]
    event.status, event.participants, event.created_by = "published", 100, staff["entry"]
    save(event)
    return event


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def _stored(event):
    return OutreachEvent.objects.get(pk=event.pk)


def _messages(response):
    return [str(message) for message in response.wsgi_request._messages]


def _again(client, event, **changes):
    """What a clerk posts who opens the change form again (it shows their proposal)."""
    return {**event_form_data(event, **changes), **opened(client, event)}


def _person(django_user_model, username, role, branch, email=""):
    user = django_user_model.objects.create_user(username, email=email, is_staff=True)
    user.groups.add(group_for(role))
    StaffAssignment.objects.create(user=user, branch=branch)
    return user


# 1. An approval publishes the version the reviewer saw, or nothing


def test_a_change_edited_after_the_reviewer_opened_it_is_not_approved(staff, published):
    clerk, reviewer = _signed_in(staff["entry"]), _signed_in(staff["reviewer"])
    url = event_admin_url("change", published.pk)
    clerk.post(url, event_form_data(published, title="Bản v1"))
    seen = approval(reviewer, staff["reviewer"], published)
    assert clerk.post(url, _again(clerk, published, title="DEFACED v2")).status_code == 302

    refused = reviewer.post(url, seen, follow=True)
    assert _stored(published).title == "Hoạt động own"
    assert any("chưa duyệt" in message for message in _messages(refused))
    # The page shows the new comparison: the reviewer sees what is waiting now.
    rows = {row["label"]: row["proposed"] for row in refused.context["review"]["change_rows"]}
    assert rows["Tiêu đề"] == "DEFACED v2"
    assert PendingChange.objects.get(event=published).values["title"] == "DEFACED v2"

    # Approving what the page now shows publishes exactly that.
    reviewer.post(url, approval(reviewer, staff["reviewer"], published))
    assert _stored(published).title == "DEFACED v2"


def test_an_approval_without_the_version_it_approves_is_refused(staff, published):
    _signed_in(staff["entry"]).post(
        event_admin_url("change", published.pk), event_form_data(published, title="Mới")
    )
    reviewer = _signed_in(staff["reviewer"])
    reviewer.post(event_admin_url("change", published.pk), {"_approve_change": "1"})
    assert _stored(published).title == "Hoạt động own"


def test_an_approval_after_the_activity_itself_was_saved_is_refused(staff, published):
    url = event_admin_url("change", published.pk)
    _signed_in(staff["entry"]).post(url, event_form_data(published, title="Đề xuất"))
    reviewer = _signed_in(staff["reviewer"])
    seen = approval(reviewer, staff["reviewer"], published)
    _signed_in(staff["central"]).post(url, event_form_data(published, title="Sửa trực tiếp"))
    reviewer.post(url, seen)
    assert _stored(published).title == "Sửa trực tiếp"
    assert PendingChange.objects.filter(event=published, status="pending").exists()


# 2. Approving a move needs the right to review where it moves to


def test_a_reviewer_cannot_approve_a_move_to_a_branch_they_do_not_review(
    staff, published, branches, django_user_model, django_capture_on_commit_callbacks
):
    StaffAssignment.objects.create(user=staff["entry"], branch=branches["other"])
    there = _person(django_user_model, "duyet-dn", REVIEWER, branches["other"], "dn@example.vn")
    staff["reviewer"].email = "bn@example.vn"
    staff["reviewer"].save()
    url = event_admin_url("change", published.pk)
    with django_capture_on_commit_callbacks(execute=True):
        _signed_in(staff["entry"]).post(
            url, event_form_data(published, organiser=branches["other"].pk)
        )
    # The reviewers of the branch it would move to hear of it, with those of its own.
    [message] = mail.outbox
    assert sorted(message.to) == ["bn@example.vn", "dn@example.vn"]

    reviewer = _signed_in(staff["reviewer"])
    refused = reviewer.post(url, approval(reviewer, staff["reviewer"], published), follow=True)
    assert _stored(published).organiser == branches["own"]
    assert any("không duyệt" in message for message in _messages(refused))
    assert PendingChange.objects.filter(event=published, status="pending").exists()
    assert not OutreachEvent.objects.reviewable_by(there).filter(pk=published.pk).exists()

    central = _signed_in(staff["central"])
    central.post(url, approval(central, staff["central"], published))
    assert _stored(published).organiser == branches["other"]


# 3. Concurrent proposals and edits: nothing is overwritten unseen


def test_a_proposal_keeps_only_the_fields_it_changes(staff, published):
    _signed_in(staff["entry"]).post(
        event_admin_url("change", published.pk),
        event_form_data(published, title="Tên mới", participants=150),
    )
    change = PendingChange.objects.get(event=published)
    assert set(change.values) == {"title", "participants"}
    assert change.base == {"title": "Hoạt động own", "participants": 100}


def test_a_second_clerks_proposal_does_not_replace_the_first_unseen(
    staff, published, django_user_model
):
    second = _person(django_user_model, "entry2", ENTRY, published.organiser)
    url = event_admin_url("change", published.pk)
    first_clerk, second_clerk = _signed_in(staff["entry"]), _signed_in(second)
    first_clerk.get(url)
    assert opened(second_clerk, published).get("loaded_change", "") == ""
    assert first_clerk.post(url, event_form_data(published, title="Của người thứ nhất"))

    data = {**event_form_data(published, participants=999), "loaded_change": ""}
    refused = second_clerk.post(url, data)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert 'id="proposal-conflict"' in page and "Của người thứ nhất" in page
    change = PendingChange.objects.get(event=published)
    assert (change.proposed_by, change.values) == (staff["entry"], {"title": "Của người thứ nhất"})

    # Saving again, having seen it, replaces the first proposal on purpose.
    again = {**data, **hidden_versions(refused)}
    assert second_clerk.post(url, again).status_code == 302
    change = PendingChange.objects.get(event=published)
    assert (change.proposed_by, change.values) == (second, {"participants": 999})


def test_approving_a_proposal_keeps_a_later_direct_edit_of_another_field(staff, published):
    url = event_admin_url("change", published.pk)
    _signed_in(staff["entry"]).post(url, event_form_data(published, title="Tên đề xuất"))
    reviewer = _signed_in(staff["reviewer"])
    reviewer.post(url, event_form_data(published, description="Mô tả do người duyệt sửa"))
    assert _stored(published).description == "Mô tả do người duyệt sửa"

    reviewer.post(url, approval(reviewer, staff["reviewer"], published))
    stored = _stored(published)
    assert (stored.title, stored.description) == ("Tên đề xuất", "Mô tả do người duyệt sửa")


def test_a_field_changed_since_the_proposal_is_shown_to_the_reviewer_and_the_clerk(
    staff, published
):
    url = event_admin_url("change", published.pk)
    clerk, reviewer = _signed_in(staff["entry"]), _signed_in(staff["reviewer"])
    clerk.post(url, event_form_data(published, title="Tên đề xuất", participants=120))
    reviewer.post(url, event_form_data(published, title="Tên người duyệt đặt"))

    page = reviewer.get(url)
    rows = {row["label"]: row for row in page.context["review"]["change_rows"]}
    assert rows["Tiêu đề"]["changed_since"] and not rows["Lượt người tham dự"]["changed_since"]
    assert "đã đổi sau đề xuất" in page.content.decode()
    assert "Tiêu đề" in clerk.get(url).context["review"]["changed_since"]


# 5. The workflow's own guards, below the forms that also check


def test_move_refuses_a_user_outside_the_activitys_branches(staff, events):
    with pytest.raises(PermissionDenied):
        services.move(events["other"], "submitted", staff["entry"])
    assert _stored(events["other"]).status == "draft"


def test_move_refuses_a_reviewers_step_to_a_clerk(staff, events):
    for status in ("published", "returned"):
        with pytest.raises(PermissionDenied):
            services.move(events["own"], status, staff["entry"], "Lý do")
    assert _stored(events["own"]).status == "draft"


def test_move_refuses_a_step_from_a_state_it_cannot_start_from(staff, events):
    with pytest.raises(ValidationError):
        services.move(events["own"], "withdrawn", staff["reviewer"])
    assert _stored(events["own"]).status == "draft"


def test_move_refuses_a_return_without_a_comment(staff, events):
    services.move(events["own"], "submitted", staff["entry"])
    with pytest.raises(ValidationError):
        services.move(events["own"], "returned", staff["reviewer"], "   ")
    assert _stored(events["own"]).status == "submitted"
    services.move(events["own"], "returned", staff["reviewer"], "Thiếu số liệu")
    assert _stored(events["own"]).status == "returned"


def test_the_preview_of_a_pending_change_shows_the_proposed_version(staff, published):
    _signed_in(staff["entry"]).post(
        event_admin_url("change", published.pk),
        event_form_data(published, title="Tên đề xuất xem trước"),
    )
    reviewer = _signed_in(staff["reviewer"])
    preview = reverse("event-preview", args=[published.pk])
    proposed = reviewer.get(preview, {"version": "proposed"}).content.decode()
    current = reviewer.get(preview).content.decode()
    assert "Tên đề xuất xem trước" in proposed and "Hoạt động own" not in proposed
    assert "Hoạt động own" in current and "Tên đề xuất xem trước" not in current
    assert _stored(published).title == "Hoạt động own"
