"""Counts stay honest and cheap: exact up to a cap, then "more than"."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination.models import OutreachEvent
from coordination.paginators import CappedCountPaginator, SearchPaginator
from coordination.search import activities_matching


@pytest.fixture
def many(make_event, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "cap", 30)
    monkeypatch.setattr(SearchPaginator, "cap", 30)
    for day in range(1, 61):
        make_event(
            title=f"Buổi {day:02d}",
            start_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=day),
        )


def test_count_above_the_cap_says_more_than(client, many):
    response = client.get(reverse("event-list"), {"q": "buoi"})
    page = response.context["page"]
    assert page.paginator.is_capped and page.has_next()
    assert "30" in response.content.decode().split('class="result-count"')[1][:200]


def test_pages_past_the_cap_still_open(client, many):
    page = client.get(reverse("event-list"), {"q": "buoi", "page": 3}).context["page"]
    assert [e.title for e in page.object_list][:2] == ["Buổi 10", "Buổi 09"]
    assert page.has_next() is False  # only 9 rows left on page 3


def test_a_page_beyond_the_end_gives_a_page_that_exists(client, many):
    page = client.get(reverse("event-list"), {"q": "buoi", "page": 999}).context["page"]
    assert len(page.object_list) == 25


def test_a_search_below_its_cap_matches_the_text_once_for_count_and_page(client, many, monkeypatch):
    monkeypatch.setattr(SearchPaginator, "cap", 100)
    matches = activities_matching(OutreachEvent.objects.published(), "buoi").count()
    assert matches >= 60  # the 60 made here, and any seeded one that says "buổi"
    for number, first in [(1, "Buổi 60"), (2, "Buổi 35"), (3, "Buổi 10")]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("event-list"), {"q": "buoi", "page": number})
        page = response.context["page"]
        assert not page.paginator.is_capped and page.paginator.count == matches
        assert [e.title for e in page.object_list][0] == first
        assert len(page.object_list) == (matches - 50 if number == 3 else 25)
        assert page.has_next() is (number < 3)
        matching = [q["sql"] for q in queries.captured_queries if "search_text" in q["sql"]]
        assert len(matching) == 1 and "LIMIT 101" in matching[0], matching  # the ids
        by_id = [q["sql"] for q in queries.captured_queries if '"id" IN (' in q["sql"]]
        assert len(by_id) == 1, by_id  # then the page among them, by id alone
    assert f"{matches} hoạt động" in response.content.decode()
    sorted_page = client.get(reverse("event-list"), {"q": "buoi", "sort": "date"})
    assert [e.title for e in sorted_page.context["page"].object_list][:2] == ["Buổi 01", "Buổi 02"]


def test_exact_count_below_the_cap(client, make_event):
    make_event(title="Một mình")
    page = client.get(reverse("event-list"), {"q": "mot minh"}).context["page"]
    assert not page.paginator.is_capped and page.paginator.count == 1


def test_admin_change_list_uses_the_capped_count(client, staff, many, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "cap", 60)  # above the admin's 50 a page
    client.force_login(staff["central"])
    response = client.get(reverse("admin:coordination_outreachevent_changelist"))
    assert response.context["cl"].paginator.is_capped
    response = client.get(reverse("admin:coordination_outreachevent_changelist"), {"p": 2})
    # Page 2 holds what is past the first 50: the capped count still pages every row.
    rest = OutreachEvent.objects.count() - 50
    assert 0 < rest < 50
    assert response.status_code == 200 and len(response.context["cl"].result_list) == rest


def test_a_search_with_more_ids_than_a_statement_takes_still_counts_and_pages_exactly(
    client, many, monkeypatch
):
    monkeypatch.setattr(SearchPaginator, "cap", 100)
    monkeypatch.setattr("coordination.paginators.MAX_IDS_IN_A_QUERY", 30)
    matches = activities_matching(OutreachEvent.objects.published(), "buoi").count()
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("event-list"), {"q": "buoi", "page": 2}).context["page"]
    assert page.paginator.count == matches and not page.paginator.is_capped
    assert [e.title for e in page.object_list][0] == "Buổi 35"
    assert not any('"id" IN (' in q["sql"] for q in queries.captured_queries)
