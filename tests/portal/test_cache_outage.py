"""The cache is an optimisation, never a point of failure: with Redis down pages render uncached, nothing answers
500, and /healthz/ says what is up (a readiness answer a load balancer can use)."""

import collections
import datetime
import json
import logging
import shutil
import threading
import time

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.db import OperationalError, connection
from django.test import override_settings
from django.utils import timezone

from portal.cache_backend import FailSoftRedisCache
from tests import processes

PANEL = "/panels/children-and-young-peoples-social-care-and-services"
PUBLIC_PAGES = [
    "/",
    "/panels/",
    f"{PANEL}/",
    f"{PANEL}/meetings/2021-09-21/",
    f"{PANEL}/meetings/2021-09-21/documents/locality-working/",
]
needs_redis = pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server is not installed")


def unreachable_redis_cache(retry_after: float = 5) -> dict:
    """A cache configured like production but pointing at a port where nothing listens."""
    port = processes.free_port(processes.REDIS_PORTS)
    return {
        "default": {
            "BACKEND": "portal.cache_backend.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "RETRY_AFTER": retry_after,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def redis_server(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = processes.RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def test_an_unreachable_redis_is_a_miss_not_an_error_and_is_logged_once(caplog):
    backend = FailSoftRedisCache(unreachable_redis_cache()["default"]["LOCATION"], {"RETRY_AFTER": 5})
    started = time.perf_counter()
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        for n in range(200):
            assert backend.get(f"key-{n}", "fallback") == "fallback"
            backend.set(f"key-{n}", "value", 60)
    seconds = time.perf_counter() - started
    assert backend.add("k", 1) is False and backend.get_many(["a", "b"]) == {}
    assert backend.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert backend.clear() is False and backend.delete("k") is False
    with pytest.raises(ValueError, match="unavailable"):
        backend.incr("counter")
    # One real attempt found Redis down; everything after it waited for the retry instead of reconnecting.
    assert backend.health.failures == 1 and backend.health.skipped >= 400 and backend.health.outages == 1
    assert seconds < 1.0, f"400 operations on a down cache took {seconds:.2f} s"
    warnings = [record for record in caplog.records if record.name == "portal.cache"]
    assert len(warnings) == 1 and "served uncached" in warnings[0].getMessage()


def test_the_cache_is_used_again_once_redis_is_back(redis_server, caplog):
    backend = FailSoftRedisCache(redis_server.url, {"RETRY_AFTER": 0.2})
    backend.set("page", "cached", 60)
    assert backend.get("page") == "cached"
    redis_server.stop()
    assert backend.get("page") is None
    assert backend.health.is_down and backend.health.failures == 1
    redis_server.start()  # an empty Redis, as after a restart
    time.sleep(0.3)
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        for _ in range(3):  # a pooled connection to the old server may fail once more before reconnecting
            backend.set("page", "cached again", 60)
            if backend.get("page") == "cached again":
                break
            time.sleep(0.3)
    assert backend.get("page") == "cached again" and not backend.health.is_down
    assert any("reachable again" in record.getMessage() for record in caplog.records)


def test_one_redis_client_per_pool_serves_every_operation_and_every_thread(redis_server):
    """Django would make a new redis.Redis for each operation; ours keeps one per connection pool."""
    from concurrent.futures import ThreadPoolExecutor

    backend = FailSoftRedisCache(redis_server.url, {"RETRY_AFTER": 5})
    client = backend._cache.get_client(write=True)
    assert backend._cache.get_client() is client and backend._cache.get_client("key", write=True) is client

    def round_trip(n: int) -> bool:
        backend.set(f"thread-{n}", n, 60)
        return backend.get(f"thread-{n}") == n and backend.get_many([f"thread-{n}"]) == {f"thread-{n}": n}

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(round_trip, range(200)))
    assert backend._cache.get_client() is client


@pytest.mark.usefixtures("seed")
def test_public_pages_render_uncached_when_redis_is_down(client, caplog):
    with override_settings(CACHES=unreachable_redis_cache()), caplog.at_level(logging.WARNING, "portal.cache"):
        for page in PUBLIC_PAGES:
            for _ in range(2):
                response = client.get(page)
                assert response.status_code == 200, page
        assert caches["default"].health.failures == 1
        health = json.loads(client.get("/healthz/").content)
    assert health["status"] == "degraded"
    assert health["cache"]["ok"] is False and health["cache"]["last_error"] == "ConnectionError"
    assert health["cache"]["failed_operations"] == 1 and health["cache"]["skipped_operations"] >= 10


@pytest.mark.django_db
def test_healthz_reports_database_cache_and_worker(client):
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    DBTaskResult.objects.create(
        status="SUCCESSFUL",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="meetings.tasks.publish_agenda_task",
        backend_name="default",
        run_after=now,
        started_at=now - datetime.timedelta(seconds=70),
        finished_at=now - datetime.timedelta(seconds=42),
    )
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="meetings.tasks.publish_agenda_task",
        backend_name="default",
        run_after=now - datetime.timedelta(seconds=5),
    )
    response = client.get("/healthz/")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True and body["cache"]["ok"] is True
    assert body["worker"]["status"] == "worker: last seen 42 s ago"
    assert body["worker"]["last_seen_seconds_ago"] == 42 and body["worker"]["waiting_tasks"] == 1


@pytest.mark.django_db
def test_healthz_says_503_when_the_database_cannot_be_reached(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    monkeypatch.setattr(connection, "close", lambda: None)  # the test's own transaction must survive
    response = client.get("/healthz/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable" and body["database"] == {
        "ok": False,
        "status": "unreachable",
        "error": "OperationalError",
    }
    # The liveness answer stays cheap and up: the process is alive, it just cannot serve.
    assert client.get("/healthz/live/").content == b"ok"


def test_healthz_is_never_cached_by_the_page_cache(client, db):
    client.get("/healthz/")
    assert not [key for key in cache._cache if "page:" in key]  # LocMemCache's store


# --- real processes -------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    return processes.collect_static(tmp_path_factory.mktemp("static"))


@needs_redis
@pytest.mark.usefixtures("seed")
def test_redis_stopped_under_load_gives_no_500_and_the_cache_recovers(tmp_path, redis_server, collected_static):
    env = processes.production_env(
        DATABASE_URL=processes.database_url(connection.settings_dict),
        REDIS_URL=redis_server.url,
        REDIS_RETRY_AFTER="1",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(collected_static),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    statuses: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)

    def drive(phase: str, seconds: float, clients: int = 3) -> None:
        deadline = time.monotonic() + seconds

        def client(offset: int) -> None:
            n = offset
            while time.monotonic() < deadline:
                status, _, _ = processes.get(port, PUBLIC_PAGES[n % len(PUBLIC_PAGES)])
                statuses[phase][status] += 1
                n += 1

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    log = tmp_path / "gunicorn.log"
    with processes.gunicorn(env, log=log) as port:
        drive("before", 2)
        assert int(redis_server.command("dbsize")) > 0  # pages were cached
        redis_server.stop()
        drive("outage", 6)
        _, _, body = processes.get(port, "/healthz/")
        during = json.loads(body)
        redis_server.start()
        time.sleep(1.5)
        drive("after", 3)
        _, _, body = processes.get(port, "/healthz/")
        after = json.loads(body)
        cached_again = int(redis_server.command("dbsize"))

    assert statuses["outage"][200] >= 30, statuses
    for phase in ("before", "outage", "after"):
        assert set(statuses[phase]) == {200}, (phase, statuses[phase], log.read_text()[-3000:])
    assert during["status"] == "degraded" and during["cache"]["ok"] is False
    assert after["status"] == "ok" and after["cache"]["ok"] is True
    assert cached_again > 0, "pages are cached again once Redis is back"
    text = log.read_text()
    assert "Cache unavailable" in text and "Traceback" not in text


def test_healthz_answers_over_plain_http_with_debug_off_and_503_without_a_database(
    tmp_path, collected_static, django_db_setup
):
    env = processes.production_env(
        DATABASE_URL=processes.database_url(connection.settings_dict),
        STATIC_ROOT=str(collected_static),
    )
    with processes.gunicorn(env, workers=1, log=tmp_path / "up.log") as port:
        status, headers, body = processes.get(port, "/healthz/")
        assert status == 200, body
        assert json.loads(body)["database"]["ok"] is True
        assert processes.get(port, "/healthz/live/")[:1] == (200,)
        # Everything else still goes to HTTPS.
        status, headers, _ = processes.get(port, "/panels/")
        assert status == 301 and headers["Location"].startswith("https://")

    nowhere = processes.free_port(range(8260, 8300))  # outside the servers' range: nothing listens there
    env["DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:{nowhere}/nothing"
    with processes.gunicorn(env, workers=1, log=tmp_path / "down.log") as port:
        status, headers, body = processes.get(port, "/healthz/")
        assert status == 503
        report = json.loads(body)
        assert report["status"] == "unavailable" and report["database"]["ok"] is False
        assert headers["Cache-Control"] == "no-store"
        assert processes.get(port, "/healthz/live/")[0] == 200
