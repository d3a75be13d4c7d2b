"""While the database cannot be reached: a health check that says so, and 503 pages."""

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse, reverse_lazy


@pytest.fixture
def database_down(monkeypatch):
    """Every query fails as it does while PostgreSQL restarts; undone at the end."""

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    monkeypatch.setattr(connection, "chunked_cursor", refuse)
    yield
    monkeypatch.undo()


def test_health_check_is_ok_and_never_cached(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_check_says_unavailable_and_logs_the_reason(db, database_down, caplog):
    """Anyone can ask: the driver's words (hosts, users, versions) go to the log only."""
    response = Client().get(reverse("healthz"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {"status": "unavailable", "database": "unavailable"}
    assert "127.0.0.1" not in response.content.decode()
    assert "Connection refused" in caplog.text


@pytest.mark.parametrize("url", ["/api/v1/activities/", "/api/v1/stats/", "/api/v1/provinces/"])
def test_the_api_answers_an_outage_in_json(seeded, url, monkeypatch):
    client = Client(raise_request_exception=False)

    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(connection, "cursor", refuse)
    monkeypatch.setattr(connection, "chunked_cursor", refuse)
    response = client.get(url)
    monkeypatch.undo()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"] == "application/json"
    assert "30" in response.json()["detail"]


def test_an_api_bug_answers_500_in_json(seeded, monkeypatch):
    from coordination.api import views

    def broken(*args, **kwargs):
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr(views, "stats_data", broken)
    response = Client(raise_request_exception=False).get("/api/v1/stats/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "Retry-After" not in response and response.json()["detail"]


@pytest.mark.parametrize("name", ["home", "event-list", "dashboard", "branch-list"])
def test_pages_answer_a_friendly_503_during_an_outage_and_recover(seeded, name, monkeypatch):
    visitor = Client(raise_request_exception=False)
    assert visitor.get(reverse(name)).status_code == 200

    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(connection, "cursor", refuse)
    monkeypatch.setattr(connection, "chunked_cursor", refuse)
    response = visitor.get(reverse(name))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Hệ thống tạm thời gián đoạn" in page and "The database is not answering" in page
    monkeypatch.undo()
    assert visitor.get(reverse(name)).status_code == 200  # back by itself


def test_other_server_errors_stay_500(seeded, monkeypatch):
    from coordination.views import public

    def broken(*args, **kwargs):
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr(public, "render", broken)
    response = Client(raise_request_exception=False).get(reverse("home"))
    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.parametrize(
    "url",
    [
        reverse_lazy("event-export-csv"),
        reverse_lazy("event-export-xlsx"),
        "/reports/?period=year&year=2024",
    ],
)
def test_a_limited_download_during_an_outage_answers_503_and_keeps_no_slot(
    seeded, url, monkeypatch
):
    """The slot of an export asked for while the database is away is free again after it:
    the visitor's next download is served, not refused with 429 for the life of the worker."""
    visitor = Client(raise_request_exception=False, REMOTE_ADDR="203.0.113.40")

    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(connection, "cursor", refuse)
    monkeypatch.setattr(connection, "chunked_cursor", refuse)
    assert visitor.get(url).status_code == 503
    monkeypatch.undo()
    response = visitor.get(url)
    assert response.status_code == 200
    if response.streaming:
        b"".join(response.streaming_content)


def test_any_error_while_the_database_is_away_answers_503(seeded, monkeypatch):
    """A connection cut mid-request can surface as another error (here a broken transaction):
    while a fresh connection cannot be opened either, that is the outage, not a bug."""
    from django.db.transaction import TransactionManagementError

    from coordination.views import public

    def broken_transaction(*args, **kwargs):
        raise TransactionManagementError("An error occurred in the current transaction.")

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    visitor = Client(raise_request_exception=False)
    monkeypatch.setattr(public, "render", broken_transaction)
    assert visitor.get(reverse("home")).status_code == 500  # the database answers: a bug
    monkeypatch.setattr(connection, "get_new_connection", refuse)
    response = visitor.get(reverse("home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_an_error_caused_by_a_lost_connection_answers_503(seeded, monkeypatch):
    from coordination.views import public

    def wrapped(*args, **kwargs):
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError as exc:
            raise RuntimeError("could not draw the page") from exc

    monkeypatch.setattr(public, "render", wrapped)
    assert Client(raise_request_exception=False).get(reverse("home")).status_code == 503
