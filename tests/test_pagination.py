"""Counts stay honest and cheap: exact up to a cap, then "more than"."""

import datetime

import pytest
from django.urls import reverse

from coordination.paginators import CappedCountPaginator


@pytest.fixture
def many(make_event, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "cap", 30)
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
    assert response.status_code == 200 and len(response.context["cl"].result_list) == 29
