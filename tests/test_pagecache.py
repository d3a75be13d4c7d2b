"""Cached public pages: served again to anonymous visitors, never stale after a change."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from coordination import changes
from coordination.models import OutreachEvent

from .writes import save


@pytest.fixture
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def _titles(client, **params):
    page = client.get(reverse("event-list"), params).context
    return page and [event.title for event in page["page"].object_list]


def test_a_second_visit_is_served_from_the_cache(client, page_cache, make_event):
    make_event(title="Đã có trong danh sách")
    first = client.get(reverse("event-list"))
    assert first.context is not None  # rendered
    second = client.get(reverse("event-list"))
    assert second.context is None  # no template rendered: from the cache
    assert second.content == first.content


@pytest.mark.django_db(transaction=True)
def test_every_kind_of_change_shows_at_once(client, page_cache, make_event, staff):
    # Committed for real: the version is raised once per transaction, as requests commit.
    from coordination.services import change_status

    event = make_event(title="Bản nháp chưa duyệt", status="draft")
    assert "Bản nháp chưa duyệt" not in client.get(reverse("event-list")).content.decode()
    change_status(OutreachEvent.objects.filter(pk=event.pk), "published", staff["central"])
    assert "Bản nháp chưa duyệt" in client.get(reverse("event-list")).content.decode()
    event.refresh_from_db()
    event.title = "Đã sửa tên"
    save(event)
    page = client.get(reverse("event-detail", args=[event.pk])).content.decode()
    assert "Đã sửa tên" in page
    with changes.recorded([event]) as batch:
        event.focus_areas.clear()
        batch.touch(event)
    dashboard = client.get(reverse("dashboard"))
    assert dashboard.context is not None
    address = reverse("event-detail", args=[event.pk])
    with changes.recorded([event]) as batch:
        batch.touch(event)
        event.delete()
    assert client.get(address).status_code == 404


def test_languages_and_addresses_are_kept_apart(client, page_cache, make_event):
    make_event()
    vi = client.get(reverse("event-list")).content.decode()
    client.cookies["django_language"] = "en"
    en = client.get(reverse("event-list")).content.decode()
    assert 'lang="vi"' in vi and 'lang="en"' in en
    assert _titles(client, q="khong-co-dau") == []


def test_signed_in_staff_and_messages_bypass_the_cache(client, page_cache, staff):
    client.get(reverse("home"))
    client.force_login(staff["central"])
    assert client.get(reverse("home")).context is not None
    client.logout()
    client.cookies["messages"] = "x"
    assert client.get(reverse("home")).context is not None


def test_pages_have_no_csrf_token_and_the_language_switch_still_works(client, page_cache, db):
    page = client.get(reverse("home")).content.decode()
    assert "csrfmiddlewaretoken" not in page
    client.handler.enforce_csrf_checks = True
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies["django_language"].value == "en"
