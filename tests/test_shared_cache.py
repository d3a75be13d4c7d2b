"""With REDIS_URL the page cache is shared: a page one process built is served by every
other, and a write made anywhere makes all of them build it anew. Needs Redis on
127.0.0.1:6379 (TEST_REDIS_URL to change); skipped without it, except under CI, which
starts Redis and must fail rather than skip."""

import os
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from config.settings import cache_settings
from coordination import pagecache

from .writes import save

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
NOTHING_LISTENS = "redis://127.0.0.1:17099/0"


def _require_redis():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except (redis.RedisError, OSError) as exc:
        message = f"Redis does not answer at {REDIS_URL}: {exc}"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message + " (CI must run these tests, not skip them)")
        pytest.skip(message)


@pytest.fixture
def processes(settings):
    """Two cache clients with their own connections to one Redis: two web processes.

    Keys get a prefix of their own, so that the test neither sees nor removes anyone
    else's; they are deleted at the end."""
    _require_redis()
    import redis

    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    prefix = f"test-{uuid.uuid4().hex}"
    params = {"KEY_PREFIX": prefix, "TIMEOUT": 120}
    yield RedisCache(REDIS_URL, params), RedisCache(REDIS_URL, params)
    server = redis.Redis.from_url(REDIS_URL)
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def _visit(client, monkeypatch, process, name="event-list", args=()):
    monkeypatch.setattr(pagecache, "_pages_cache", lambda: process)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response


def test_a_page_built_by_one_process_is_served_by_the_other(
    client, processes, monkeypatch, make_event
):
    first, second = processes
    assert first is not second
    make_event(title="Tuyên truyền cho công nhân KCN Tân Thuận")
    built = _visit(client, monkeypatch, first)
    assert built.context is not None  # rendered by the first process
    served = _visit(client, monkeypatch, second)
    assert served.context is None  # the second one rendered nothing: it read Redis
    assert served.content == built.content
    assert "KCN Tân Thuận" in served.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_write_shows_at_once_in_every_process(client, processes, monkeypatch, make_event):
    first, second = processes
    event = make_event(title="Tên cũ của hoạt động")
    _visit(client, monkeypatch, first, "event-detail", [event.pk])
    assert _visit(client, monkeypatch, second, "event-detail", [event.pk]).context is None

    event.title = "Tên mới của hoạt động"
    save(event)  # committed: the content version went up

    rebuilt = _visit(client, monkeypatch, second, "event-detail", [event.pk])
    assert rebuilt.context is not None
    assert "Tên mới của hoạt động" in rebuilt.content.decode()
    again = _visit(client, monkeypatch, first, "event-detail", [event.pk])
    assert again.context is None  # the page the second process built for the new version
    assert "Tên mới của hoạt động" in again.content.decode()
    assert "Tên cũ" not in again.content.decode()


def test_pages_still_work_when_the_cache_server_is_down(client, settings, monkeypatch, db):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    down = RedisCache(NOTHING_LISTENS, {"OPTIONS": {"socket_connect_timeout": 1}})
    monkeypatch.setattr(pagecache, "_pages_cache", lambda: down)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("event-list")).status_code == 200


def test_redis_url_selects_the_shared_cache_and_a_bad_one_is_refused():
    assert cache_settings("")["default"]["BACKEND"].endswith("LocMemCache")
    assert cache_settings("")["pages"]["BACKEND"].endswith("BoundedLocMemCache")
    assert cache_settings("redis://127.0.0.1:6379/3")["pages"]["BACKEND"].endswith("RedisCache")
    shared = cache_settings("redis://127.0.0.1:6379/3")["default"]
    assert shared["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert shared["LOCATION"] == "redis://127.0.0.1:6379/3"
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        cache_settings("127.0.0.1:6379")
