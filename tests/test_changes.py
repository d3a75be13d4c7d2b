"""The unit of work: every writer changes tallies and the content version once, explicitly."""

import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import Client
from django.urls import reverse

from coordination import changes
from coordination.models import FocusArea, OutreachEvent, UnionBranch

from .helpers import assert_tallies_match_a_recount, event_admin_url, event_form_data


def test_an_admin_save_with_new_focus_areas_raises_the_version_once(client, staff, events):
    client.force_login(staff["central"])
    event = events["own"]
    before = changes.current_version()
    areas = list(FocusArea.objects.active()[:2])
    response = client.post(
        event_admin_url("change", event.pk),
        event_form_data(event, status="published", focus_areas=[area.pk for area in areas]),
    )
    assert response.status_code == 302
    assert changes.current_version() == before + 1
    assert set(OutreachEvent.objects.get(pk=event.pk).focus_areas.all()) == set(areas)
    assert_tallies_match_a_recount()


def test_a_refused_admin_save_changes_nothing(client, staff, events):
    client.force_login(staff["central"])
    event = events["own"]
    before = changes.current_version()
    response = client.post(
        event_admin_url("change", event.pk), event_form_data(event, focus_areas=[])
    )
    assert response.status_code == 200  # the form again, with its error
    assert changes.current_version() == before


def test_admin_delete_and_bulk_delete_keep_the_tallies_exact(client, staff, make_event):
    client.force_login(staff["central"])
    one, two, three = (make_event(participants=n) for n in (5, 6, 7))
    before = changes.current_version()
    response = client.post(event_admin_url("delete", one.pk), {"post": "yes"})
    assert response.status_code == 302 and not OutreachEvent.objects.filter(pk=one.pk).exists()
    assert_tallies_match_a_recount()
    response = client.post(
        event_admin_url("changelist"),
        {"action": "delete_selected", "_selected_action": [two.pk, three.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not OutreachEvent.objects.filter(pk__in=[two.pk, three.pk]).exists()
    assert changes.current_version() == before + 2
    assert_tallies_match_a_recount()


def test_editing_reference_data_in_admin_raises_the_version(client, staff, branches):
    client.force_login(staff["central"])
    branch = branches["other"]
    before = changes.current_version()
    url = reverse("admin:coordination_unionbranch_change", args=[branch.pk])
    data = {
        "code": branch.code,
        "name": "Công đoàn Công an tỉnh Đồng Nai (đổi tên)",
        "short_name": "",
        "kind": branch.kind,
        "level": branch.level,
        "parent": branch.parent_id,
        "province": branch.province_id,
        "member_count": "",
        "source": "",
        "source_excerpt": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert UnionBranch.objects.get(pk=branch.pk).name.endswith("(đổi tên)")
    assert changes.current_version() == before + 1


def test_deleting_a_focus_area_takes_its_counts_with_it(make_event):
    area = FocusArea.objects.order_by("number").last()
    make_event(focus_areas=[area])
    with changes.recorded() as batch:
        area.delete()
        batch.touch(area)
    assert_tallies_match_a_recount()


def test_a_block_inside_another_joins_it(make_event):
    event = make_event(participants=3)
    before = changes.current_version()
    with changes.recorded() as outer:
        with changes.recorded([event]) as inner:
            assert inner is outer
            event.participants = 30
            event.save()
            inner.touch(event)
        assert changes.current_version() == before  # not yet: once, at the end
    assert changes.current_version() == before + 1
    assert_tallies_match_a_recount()


def test_nothing_is_applied_when_the_block_fails(make_event):
    event = make_event(participants=3)
    before = changes.current_version()
    with pytest.raises(RuntimeError), changes.recorded([event]) as batch:
        event.participants = 300
        event.save()
        batch.touch(event)
        raise RuntimeError("the writer gave up")
    assert OutreachEvent.objects.get(pk=event.pk).participants == 3
    assert changes.current_version() == before
    assert_tallies_match_a_recount()


def test_the_tripwire_fails_writes_that_bypass_the_unit_of_work(make_event, branches):
    event = make_event()
    event.title = "Không qua đơn vị công việc"
    with pytest.raises(changes.OutsideUnitOfWork):
        event.save()
    with pytest.raises(changes.OutsideUnitOfWork), changes.recorded():
        event.save()  # an existing activity that was not declared
    with pytest.raises(changes.OutsideUnitOfWork), transaction.atomic():
        event.focus_areas.clear()
    with pytest.raises(changes.OutsideUnitOfWork):
        branches["other"].save()
    with pytest.raises(changes.OutsideUnitOfWork), changes.recorded():
        OutreachEvent.objects.create(
            title="Mới mà không báo",
            activity_type=event.activity_type,
            agreement=event.agreement,
            organiser=event.organiser,
            date_precision="unknown",
        )  # created but never touched: its counts would be missing


# The content version moves only with what the public can see


@pytest.fixture
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()


def test_a_draft_save_leaves_cached_pages_and_etags_as_they_are(
    client, page_cache, staff, events, make_event
):
    make_event(title="Đã công bố từ trước")
    api = "/api/v1/activities/"
    before = changes.current_version()
    assert client.get(reverse("event-list")).context is not None  # drawn, then kept
    etag = client.get(api)["ETag"]

    clerk = Client()
    clerk.force_login(staff["entry"])
    draft = events["own"]
    saved = clerk.post(
        event_admin_url("change", draft.pk), event_form_data(draft, title="Sửa nháp")
    )
    assert saved.status_code == 302 and OutreachEvent.objects.get(pk=draft.pk).title == "Sửa nháp"
    assert changes.current_version() == before
    assert client.get(reverse("event-list")).context is None  # still the kept page
    assert client.get(api, HTTP_IF_NONE_MATCH=etag).status_code == 304

    reviewer = Client()
    reviewer.force_login(staff["reviewer"])
    draft.refresh_from_db()
    reviewer.post(event_admin_url("change", draft.pk), {**event_form_data(draft), "_publish": "1"})
    assert OutreachEvent.objects.get(pk=draft.pk).status == "published"
    assert changes.current_version() > before
    assert "Sửa nháp" in client.get(reverse("event-list")).content.decode()
    assert client.get(api, HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize(
    "was, becomes, raised",
    [
        ("draft", "draft", False),
        ("draft", "submitted", False),
        ("returned", "draft", False),
        ("draft", "published", True),
        ("published", "published", True),
        ("published", "withdrawn", True),
    ],
)
def test_the_version_goes_up_when_the_public_saw_or_sees_the_activity(
    make_event, was, becomes, raised
):
    event = make_event(status=was, participants=3)
    before = changes.current_version()
    with changes.recorded([event]) as batch:
        event.status, event.participants = becomes, 4
        event.save()
        batch.touch(event)
    assert changes.current_version() == before + raised
    assert_tallies_match_a_recount()


def test_deleting_a_draft_leaves_the_version_deleting_a_published_one_raises_it(make_event):
    draft, public = make_event(status="draft"), make_event(status="published")
    before = changes.current_version()
    with changes.recorded([draft]) as batch:
        batch.touch(draft)
        draft.delete()
    assert changes.current_version() == before
    with changes.recorded([public]) as batch:
        batch.touch(public)
        public.delete()
    assert changes.current_version() == before + 1
