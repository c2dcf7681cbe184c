"""Health checks for load balancers and monitoring: can this server serve (database), is the cache helping, when
was the pack-build worker last seen. Readiness depends on the database only: without the cache pages are slower
but correct, and a worker may be idle for days."""

import logging
import os
import secrets
import time
from dataclasses import dataclass, field

from django.core.cache import caches
from django.db import DatabaseError, connection
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

log = logging.getLogger("portal.health")


@dataclass
class Check:
    ok: bool
    status: str  # one short phrase: "up", "down", "unreachable", "not configured"...
    detail: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"ok": self.ok, "status": self.status, **self.detail}


def database_check() -> Check:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        # Drop the broken connection, so the next check (or request) connects afresh.
        try:
            connection.close()
        except DatabaseError:
            connection.connection = None
        log.warning("Health check: database unreachable (%s)", type(exc).__name__)
        return Check(ok=False, status="unreachable", detail={"error": type(exc).__name__})
    return Check(ok=True, status="up", detail={"ms": round((time.perf_counter() - started) * 1000, 1)})


def cache_check(alias: str = "default") -> Check:
    """A write and a read of a key of this process's own; with the fail-soft Redis backend, its counters too."""
    cache = caches[alias]
    backend = type(cache).__name__
    health = getattr(cache, "health", None)
    token = secrets.token_hex(8)
    key = f"healthz:{os.getpid()}"
    started = time.perf_counter()
    cache.set(key, token, 30)
    ok = cache.get(key) == token
    detail = {"backend": backend, "ms": round((time.perf_counter() - started) * 1000, 1)}
    if health is not None:
        detail |= {
            "failed_operations": health.failures,
            "skipped_operations": health.skipped,
            "outages": health.outages,
        }
        if health.last_error:
            detail["last_error"] = health.last_error.split(":")[0]
            detail["last_failure_seconds_ago"] = round(time.time() - health.last_failure_at)
    return Check(ok=ok, status="up" if ok else "down: pages are served uncached", detail=detail)


def worker_check() -> Check:
    """When the pack-build worker last started or finished a task, from django-tasks-db's results table, and
    how many tasks wait. Never fails readiness: a worker with nothing to build is idle, not broken."""
    from django_tasks_db.models import DBTaskResult

    ready = Q(pk__in=DBTaskResult.objects.ready().values("pk"))
    try:
        seen = DBTaskResult.objects.aggregate(
            started=Max("started_at"),
            finished=Max("finished_at"),
            waiting=Count("pk", filter=ready),
            oldest_waiting=Min("enqueued_at", filter=ready),
        )
    except DatabaseError as exc:
        return Check(ok=False, status="unknown", detail={"error": type(exc).__name__})
    last = max((moment for moment in (seen["started"], seen["finished"]) if moment is not None), default=None)
    now = timezone.now()
    detail: dict = {"waiting_tasks": seen["waiting"]}
    if seen["oldest_waiting"] is not None:
        detail["oldest_waiting_seconds"] = round((now - seen["oldest_waiting"]).total_seconds())
    if last is None:
        return Check(ok=True, status="worker: no task has run yet", detail=detail | {"last_seen_seconds_ago": None})
    ago = round((now - last).total_seconds())
    return Check(ok=True, status=f"worker: last seen {ago} s ago", detail=detail | {"last_seen_seconds_ago": ago})


@dataclass
class Readiness:
    database: Check
    cache: Check
    worker: Check

    @property
    def ready(self) -> bool:
        return self.database.ok

    @property
    def status(self) -> str:
        if not self.ready:
            return "unavailable"
        return "ok" if self.cache.ok else "degraded"

    def as_json(self) -> dict:
        return {
            "status": self.status,
            "database": self.database.as_json(),
            "cache": self.cache.as_json(),
            "worker": self.worker.as_json(),
        }


def readiness() -> Readiness:
    database = database_check()
    worker = worker_check() if database.ok else Check(ok=False, status="unknown (no database)")
    return Readiness(database=database, cache=cache_check(), worker=worker)
