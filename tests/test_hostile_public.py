"""Hostile input on the public site: every public URL's query string, path segments, the
language switch and cookies, sixty-odd values each (tests/hostile.py), then the security
review's findings one by one.

Nothing a visitor can send may end in a server error or come back unescaped.
"""

from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from coordination.filters import OutreachEventFilter

from .hostile import HOSTILE, SCRIPT, drain, ok, rotated

FILTERS = list(OutreachEventFilter.base_filters)
PUBLIC_QUERIES = {
    "event-list": [*FILTERS, "page"],
    "dashboard": [*FILTERS, "count_by", "unit"],
    "report": ["period", "year", "number", "date_from", "date_to", "province", "branch"],
    "event-export-csv": FILTERS,
    "event-export-xlsx": FILTERS,
    "home": ["q", "page"],
    "branch-list": ["q"],
    "province-list": ["q"],
}


@pytest.mark.parametrize("name", list(PUBLIC_QUERIES))
def test_public_pages_with_hostile_query_strings(client, world, name):
    url = reverse(name)
    params = PUBLIC_QUERIES[name]
    for shift in range(len(HOSTILE)):
        response = client.get(url, rotated(params, shift))
        drain(response)
        ok(response, f"{name} #{shift}")
    # Every parameter repeated, with clashing values.
    response = client.get(url, {param: [HOSTILE[0], "24", SCRIPT, "\x00"] for param in params})
    drain(response)
    ok(response, f"{name} repeated")
    # Bytes that are not UTF-8 at all.
    response = client.get(url, QUERY_STRING="q=%ff%fe%00&page=%80&province=%c0%af")
    drain(response)
    ok(response, f"{name} raw bytes")


def test_report_with_a_valid_period_and_hostile_scope(client, world):
    for shift in range(len(HOSTILE)):
        query = {"period": "year", "year": "2024", **rotated(["province", "branch"], shift)}
        ok(client.get(reverse("report"), query), f"report scope #{shift}")


@pytest.mark.parametrize(
    "pattern",
    [
        "/activities/{}/",
        "/agreements/{}/",
        "/branches/{}/",
        "/provinces/{}/",
        "/activities/{}",
        "/{}/",
    ],
)
def test_public_paths_with_hostile_segments(client, world, pattern):
    for value in HOSTILE:
        response = client.get(pattern.format(quote(value, safe="")))
        ok(response, f"{pattern} {value[:30]!r}")
        assert response.status_code in (200, 301, 302, 404), (pattern, value[:30])


def test_language_switch_with_hostile_values(client, world):
    for shift in range(len(HOSTILE)):
        response = client.post(reverse("set_language"), rotated(["language", "next"], shift))
        ok(response, f"set_language #{shift}")
        if response.status_code == 302:
            assert url_has_allowed_host_and_scheme(response.url, {"testserver"}), response.url


def test_hostile_cookies(client, world):
    for value in HOSTILE:
        # A header arrives as bytes, which WSGI hands over as latin-1.
        cookie = value.replace(";", "").replace("\r", "").replace("\n", "")
        cookie = cookie.encode().decode("latin-1")
        header = f"csrftoken={cookie}; sessionid={cookie}; django_language={cookie}"
        ok(client.get(reverse("admin:login"), HTTP_COOKIE=header), f"cookie {value[:20]!r}")


# The findings of the security review, one by one.


@pytest.mark.parametrize("page", ["9223372036854775807", "4e17", "1e20", "100001", "-5"])
def test_huge_page_numbers_give_a_page(client, world, page):
    response = client.get(reverse("event-list"), {"page": page})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"date_before": "9999-12-31"},
        {"date_after": "0001-01-01"},
        {"date_after": "2024-01-01", "date_before": "31/12/9999"},
    ],
)
def test_dashboard_dates_past_the_calendar_are_refused_with_a_message(client, world, query):
    response = client.get(reverse("dashboard"), query)
    assert response.status_code == 200
    assert "Nhập ngày trong khoảng" in response.content.decode()


@pytest.mark.parametrize(
    "dates",
    [("01/01/0001", "31/12/0020"), ("9990-01-01", "9999-12-31")],
)
def test_report_dates_past_the_calendar_are_refused_with_a_message(client, world, dates):
    query = {"period": "custom", "date_from": dates[0], "date_to": dates[1]}
    response = client.get(reverse("report"), query)
    assert response.status_code == 200
    assert "Nhập ngày trong khoảng" in response.content.decode()


def test_nul_in_a_path_is_not_found(client, world):
    assert client.get("/provinces/%00/").status_code == 404
    assert client.get("/branches/cd-cand%00/").status_code == 404


def test_nul_in_the_session_cookie_is_no_session(client, world):
    response = client.get(reverse("event-list"), HTTP_COOKIE="sessionid=abc\x00def")
    assert response.status_code == 200
    response = client.get(reverse("admin:index"), HTTP_COOKIE="sessionid=abc\x00def")
    assert response.status_code == 302  # to the sign-in page, as for no session
