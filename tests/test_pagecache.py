"""Cached public pages: served again to anonymous visitors, never stale after a change."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from coordination import changes
from coordination.models import OutreachEvent

from .writes import save


@pytest.fixture
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()


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


def test_parameters_the_page_does_not_read_are_one_page(client, page_cache, branches):
    first = client.get(reverse("branch-list"), {"x": "1"})
    assert first.context is not None
    for n in range(2, 50):
        again = client.get(reverse("branch-list"), {"x": str(n), "utm_source": "tin"})
        assert again.context is None  # the same cached page, not 49 new ones
    assert again.content == first.content
    assert "x=1" not in first.content.decode()  # nor printed in the page's own links
    assert len(page_cache._cache) == 1


def test_list_filters_and_pages_still_make_their_own_pages(client, page_cache, make_event):
    make_event(title="Ở Bắc Ninh", province=None)
    everything = client.get(reverse("event-list"), {"junk": "1"})
    searched = client.get(reverse("event-list"), {"q": "bac ninh", "junk": "2"})
    assert searched.context is not None and searched.content != everything.content
    reordered = client.get(reverse("event-list") + "?junk=3&q=bac+ninh")
    assert reordered.context is None and reordered.content == searched.content


def test_the_page_cache_stays_within_its_byte_budget(settings):
    from coordination.cache import BoundedLocMemCache

    pages = BoundedLocMemCache(
        "test-budget", {"OPTIONS": {"MAX_BYTES": 100_000, "MAX_ENTRY_BYTES": 30_000}}
    )
    pages.clear()
    for n in range(100):
        pages.set(f"page-{n}", "x" * 10_000)
        assert pages.size_in_bytes <= 100_000
    assert pages.get("page-99") is not None  # the newest are kept
    assert pages.get("page-0") is None  # the oldest went
    pages.set("huge", "x" * 50_000)
    assert pages.get("huge") is None  # too big to keep at all
    pages.delete("page-99")
    assert pages.size_in_bytes == sum(len(v) for v in pages._cache.values())


def test_a_page_built_for_the_cache_reads_the_content_version_once(client, page_cache, make_event):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_event(title="Một hoạt động")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("event-list"), {"province": "24"}).context is not None
    versions = [q for q in queries.captured_queries if "coordination_contentversion" in q["sql"]]
    assert len(versions) == 1


def test_a_made_up_session_cookie_gets_the_cached_page(client, page_cache, staff):
    client.get(reverse("home"))
    client.cookies["sessionid"] = "madeupsessionkey1234567890abcdef"
    assert client.get(reverse("home")).context is None  # served from the cache
    client.cookies["sessionid"] = "x"
    assert client.get(reverse("home")).context is None
    # A real session still sees the page built for it.
    client.force_login(staff["entry"])
    assert client.get(reverse("home")).context is not None
