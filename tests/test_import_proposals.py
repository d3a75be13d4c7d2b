"""A clerk's re-import of a published activity never replaces another person's proposed change
unseen: the row is refused and names that change; the file is written all or nothing."""

import datetime

import pytest

from coordination import services
from coordination.models import FocusArea, OutreachEvent, PendingChange, StaffAssignment
from coordination.roles import ENTRY, group_for

from .helpers import import_row, upload, xlsx


@pytest.fixture
def published(make_event, branches, province):
    """A published activity exactly as import_row("BN-1") describes it."""
    return make_event(
        focus_areas=list(FocusArea.objects.filter(code__in=["qc04-toi-pham", "qc04-tuyen-truyen"])),
        title="Tuyên truyền ở KCN Quế Võ",
        organiser=branches["own"],
        external_ref="BN-1",
        province=province("24"),
        place="KCN Quế Võ",
        start_date=datetime.date(2025, 8, 15),
        sessions=2,
        participants=350,
    )


@pytest.fixture
def colleague(django_user_model, branches):
    user = django_user_model.objects.create_user(
        "lan", first_name="Lan", last_name="Nguyễn Thị", is_staff=True
    )
    user.groups.add(group_for(ENTRY))
    StaffAssignment.objects.create(user=user, branch=branches["own"])
    return user


def _row(event, **changes):
    return import_row("BN-1", id=str(event.pk), **changes)


def test_a_row_over_another_clerks_proposal_is_refused(entry_client, published, colleague):
    services.propose_change(published, {"title": "Bản của Lan"}, by=colleague, seen="")
    response = upload(
        entry_client,
        xlsx(_row(published, title="Bản của người nhập"), import_row("BN-2", title="Mới")),
    )
    assert response.status_code == 200
    [error] = response.context["result"].errors
    assert error.row == 2
    text = error.text()
    assert str(published.pk) in text
    assert "Nguyễn Thị Lan" in text or "Lan Nguyễn Thị" in text
    change = PendingChange.objects.get(event=published)
    assert change.values["title"] == "Bản của Lan"
    assert change.proposed_by == colleague
    assert not OutreachEvent.objects.filter(external_ref="BN-2").exists()


def test_the_clerk_may_replace_their_own_proposal(entry_client, staff, published):
    services.propose_change(published, {"title": "Bản đầu"}, by=staff["entry"], seen="")
    response = upload(entry_client, xlsx(_row(published, title="Bản sau")))
    assert response.status_code == 302
    change = PendingChange.objects.get(event=published)
    assert change.values["title"] == "Bản sau"


def test_an_unchanged_row_is_no_conflict(entry_client, published, colleague):
    services.propose_change(published, {"title": "Bản của Lan"}, by=colleague, seen="")
    response = upload(entry_client, xlsx(_row(published)))
    assert response.status_code == 302, response.context["result"].errors
    assert PendingChange.objects.get(event=published).values["title"] == "Bản của Lan"


def test_a_proposal_made_while_the_file_was_checked_stops_the_import(
    entry_client, published, colleague, monkeypatch
):
    from coordination.imports import activities

    real = activities._write

    def meanwhile(prepared, user, lookups, result):
        services.propose_change(published, {"title": "Bản của Lan"}, by=colleague, seen="")
        return real(prepared, user, lookups, result)

    monkeypatch.setattr(activities, "_write", meanwhile)
    response = upload(entry_client, xlsx(_row(published, title="Bản của người nhập")))
    assert response.status_code == 200
    assert "upload the file again" in response.content.decode() or "tải tệp lên lại" in (
        response.content.decode()
    )
    assert PendingChange.objects.get(event=published).values["title"] == "Bản của Lan"
