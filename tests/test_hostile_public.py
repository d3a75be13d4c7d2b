"""Hostile input on the public site: every public URL's query string, path segments, the
language switch and cookies, sixty-odd values each (tests/hostile.py), then the security
review's findings one by one.

Nothing a visitor can send may end in a server error or come back unescaped.
"""

import datetime
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


# The red team's public findings (issue 27).


def _dates_around(events):
    """Starts after the last activity, ends before the first, both, and ranges of nothing."""
    days = sorted(event.start_date for event in events if event.start_date)
    first, last = days[0], days[-1]
    after, before = last + datetime.timedelta(days=1), first - datetime.timedelta(days=1)
    return [
        {"date_after": after.isoformat()},
        {"date_after": after.strftime("%d/%m/%Y")},
        {"date_after": "31/12/2099"},
        {"date_before": before.isoformat()},
        {"date_before": "01/01/1950"},
        {"date_after": after.isoformat(), "date_before": (after + ONE_YEAR).isoformat()},
        {"date_after": (before - ONE_YEAR).isoformat(), "date_before": before.isoformat()},
        {"date_after": after.isoformat(), "province": "24", "q": "cong khai"},
    ]


ONE_YEAR = datetime.timedelta(days=365)
DATED = ["event-list", "dashboard", "event-export-csv", "event-export-xlsx"]
API_DATED = ["/api/v1/activities/", "/api/v1/activities/?format=csv", "/api/v1/stats/"]


def test_dates_past_the_last_activity_on_every_page_that_takes_dates(client, world):
    """Nothing matches, and every page says so: no server error, an empty file, zero."""
    for query in _dates_around([world["event"]]):
        for name in DATED:
            response = client.get(reverse(name), query)
            assert response.status_code == 200, (name, query)
            if name == "event-export-csv":
                lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
                assert len(lines) == 1, (query, lines)  # the header alone
            else:
                drain(response)
        for url in API_DATED:
            response = client.get(url, query)
            assert response.status_code == 200, (url, query)
            drain(response)
            if url == "/api/v1/activities/":
                assert response.json()["count"] == 0
        report = {"period": "custom", "date_from": query.get("date_after", "01/01/2000")}
        report["date_to"] = query.get("date_before", "31/12/2099")
        ok(client.get(reverse("report"), report), f"report {report}")


@pytest.mark.parametrize("name", ["event-export-csv", "event-export-xlsx"])
def test_invalid_filters_on_an_export_are_refused_never_widened(client, world, name):
    """Every filter at once, each with a hostile value: the file is made only when the list
    shows the same filters without an error; otherwise 400, never the whole table."""
    for shift in range(len(HOSTILE)):
        query = rotated(FILTERS, shift)
        response = client.get(reverse(name), query)
        drain(response)
        # The list drops empty values (NUL characters removed) by a redirect first.
        given = {key: value for key, value in query.items() if value.replace("\x00", "")}
        listed = client.get(reverse("event-list"), given)
        refused_on_the_list = bool(listed.context and listed.context["filter"].errors)
        expected = 400 if refused_on_the_list else 200
        assert response.status_code == expected, (name, shift, response.status_code)
        if expected == 400:
            assert "Content-Disposition" not in response
            assert "<code>" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_api_csv_under_more_concurrent_clients_than_slots(make_event, settings):
    """Six clients ask for the whole CSV at once with two slots: two get the file, the others
    429 with Retry-After in JSON, none a server error; then the slots are free again."""
    import threading

    from django.db import connection
    from django.test import Client

    from coordination import limits

    settings.EXPENSIVE_REQUESTS_MAX = 2
    make_event(title="Hoạt động cho các tệp")
    clients, answered = 6, threading.Barrier(6, timeout=60)
    statuses, errors = {}, []

    def one_client(number):
        try:
            response = Client(raise_request_exception=False).get(
                "/api/v1/activities/?format=csv", REMOTE_ADDR=f"198.51.100.{number}"
            )
            statuses[number] = response.status_code
            if response.status_code == 429:
                assert response["Retry-After"] == str(limits.RETRY_AFTER)
                assert response.json()["detail"]
            answered.wait()  # every client has its answer before any file is read to its end
            drain(response)
        except BaseException as exc:  # noqa: BLE001 reported by the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=one_client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert sorted(statuses.values()) == [200, 200, 429, 429, 429, 429]
    assert not limits._local_held
    response = Client().get("/api/v1/activities/?format=csv", REMOTE_ADDR="198.51.100.99")
    assert response.status_code == 200
    drain(response)
