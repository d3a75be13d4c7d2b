"""Exports and reports: one at a time per visitor, a few at a time on the whole site."""

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections
from django.urls import reverse

from coordination import limits


@pytest.fixture
def export_url(make_event):
    make_event(title="Một hoạt động để xuất")
    return reverse("event-export-csv")


def _stream(client, url, address):
    response = client.get(url, REMOTE_ADDR=address)
    return response, iter(response.streaming_content)


def test_a_second_export_from_the_same_visitor_waits_for_the_first(client, export_url):
    first, content = _stream(client, export_url, "203.0.113.5")
    assert first.status_code == 200
    next(content)  # the first export is still being sent
    refused = client.get(export_url, REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(limits.RETRY_AFTER)
    assert "Xin chờ một chút" in refused.content.decode()
    other = client.get(export_url, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 200  # another visitor is not held up
    list(other.streaming_content)
    list(content)  # the first one finishes: its slot is free again
    again = client.get(export_url, REMOTE_ADDR="203.0.113.5")
    assert again.status_code == 200
    list(again.streaming_content)


def test_the_whole_site_runs_only_a_few_at_once(client, export_url, settings):
    settings.EXPENSIVE_REQUESTS_MAX = 2
    running = [_stream(client, export_url, f"192.0.2.{n}") for n in (1, 2)]
    for response, content in running:
        assert response.status_code == 200
        next(content)
    third = client.get(export_url, REMOTE_ADDR="192.0.2.3")
    assert third.status_code == 429
    client.cookies["django_language"] = "en"  # the visitor chose English
    english = client.get(export_url, REMOTE_ADDR="192.0.2.4")
    assert "Please wait a moment" in english.content.decode()
    for _response, content in running:
        list(content)
    workbook = client.get(reverse("event-export-xlsx"), REMOTE_ADDR="192.0.2.3")
    assert workbook.status_code == 200
    assert b"".join(workbook.streaming_content).startswith(b"PK")


def test_a_failing_export_gives_its_slot_back(client, export_url, monkeypatch):
    from coordination.views import reporting

    def broken(*args, **kwargs):
        raise ValueError("broken on purpose")

    monkeypatch.setattr(reporting.exports, "xlsx_file", broken)
    with pytest.raises(ValueError):
        client.get(reverse("event-export-xlsx"), REMOTE_ADDR="203.0.113.9")
    monkeypatch.undo()
    response = client.get(reverse("event-export-xlsx"), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    b"".join(response.streaming_content)


def test_a_download_closed_before_its_first_byte_gives_its_slot_back(client, export_url):
    response = client.get(export_url, REMOTE_ADDR="203.0.113.11")
    assert response.status_code == 200
    # What the server does when the visitor goes away (without closing the test's connection,
    # as Django's test client does around its own close()).
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    assert not limits._local_held


def test_the_report_form_itself_is_not_limited(client, seeded):
    for _ in range(3):
        assert client.get(reverse("report"), REMOTE_ADDR="203.0.113.10").status_code == 200


def test_behind_a_proxy_the_forwarded_address_is_the_visitor(rf, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = rf.get("/", HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.77", REMOTE_ADDR="10.0.0.2")
    assert limits.client_address(request) == "203.0.113.77"
    settings.CLIENT_IP_HEADER = "REMOTE_ADDR"
    assert limits.client_address(request) == "10.0.0.2"


@pytest.mark.django_db(transaction=True)
def test_the_limit_holds_across_worker_processes(client, make_event):
    """Another worker (another database session) running this visitor's export counts too."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("one process on SQLite: the in-process test above covers it")
    make_event()
    holding, done = threading.Event(), threading.Event()

    def other_worker():
        try:
            with connection.cursor() as cursor:
                key = limits._client_key("203.0.113.20")
                cursor.execute("SELECT pg_advisory_lock(%s, %s)", [limits._NAMESPACE_CLIENT, key])
                holding.set()
                done.wait(timeout=30)
                cursor.execute("SELECT pg_advisory_unlock_all()")  # its export is done
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    assert holding.wait(timeout=30)
    url = reverse("event-export-csv")
    try:
        assert client.get(url, REMOTE_ADDR="203.0.113.20").status_code == 429
    finally:
        done.set()
        thread.join(timeout=30)
    response = client.get(url, REMOTE_ADDR="203.0.113.20")
    assert response.status_code == 200
    list(response.streaming_content)


def test_the_api_csv_takes_a_slot_like_the_exports(client, export_url, settings):
    """The API's CSV reads the same whole table: it waits for a slot too, and says so in JSON."""
    settings.EXPENSIVE_REQUESTS_MAX = 2
    api_csv = reverse("api:activity-list") + "?format=csv"
    export, export_content = _stream(client, export_url, "192.0.2.21")
    first, first_content = _stream(client, api_csv, "192.0.2.22")
    assert export.status_code == first.status_code == 200
    next(export_content), next(first_content)
    refused = client.get(api_csv, REMOTE_ADDR="192.0.2.23")
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(limits.RETRY_AFTER)
    assert refused["Content-Type"] == "application/json"
    assert "một lúc" in refused.json()["detail"]
    # The export pages too: the API's CSV holds one of the two slots.
    assert client.get(export_url, REMOTE_ADDR="192.0.2.24").status_code == 429
    # A page of JSON reads one page of rows: never held up.
    assert client.get(reverse("api:activity-list"), REMOTE_ADDR="192.0.2.25").status_code == 200
    list(first_content), list(export_content)
    again = client.get(api_csv, REMOTE_ADDR="192.0.2.23")
    assert again.status_code == 200
    list(again.streaming_content)
    assert not limits._local_held


def test_an_api_csv_refused_for_a_bad_filter_keeps_no_slot(client, export_url):
    api_csv = reverse("api:activity-list")
    response = client.get(api_csv, {"format": "csv", "branch": "typo"}, REMOTE_ADDR="192.0.2.26")
    assert response.status_code == 400 and "branch" in response.json()["errors"]
    assert not limits._local_held
