"""The background worker as a real process (`manage.py db_worker`): killed mid-build, its job is given up with the
reason and a retry publishes; a database outage does not end it."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings

from meetings.models import AgendaPack, PackBuildJob
from meetings.services import request_publication
from tests import factories
from tests.meetings.manage.test_agenda import future_meeting, url, version

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
WORKER_NAME = "portal-test-worker"
STALE_SECONDS = 3


def database_url() -> str:
    """The test database, for a process of its own (its connections carry the worker's name)."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    host = quote(db["HOST"] or db["OPTIONS"].get("host") or "localhost", safe="")  # a socket folder, for the embedded
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgresql://{user}@{host}{port}/{db['NAME']}?application_name={WORKER_NAME}"


def maintenance(statement: str) -> None:
    """A statement run from the server's maintenance database (a database cannot shut its own doors)."""
    import psycopg

    params = connection.get_connection_params()
    keys = {key: params[key] for key in ("user", "password", "host", "port") if params.get(key)}
    with psycopg.connect(dbname="postgres", autocommit=True, **keys) as admin:
        admin.execute(statement)


@contextlib.contextmanager
def worker(log: Path):
    environment = os.environ | {
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PACK_BUILD_HEARTBEAT_SECONDS": "0.5",
        "PACK_BUILD_STALE_SECONDS": str(STALE_SECONDS),
        "DEBUG": "true",
    }
    environment.pop("TASKS_BACKEND", None)
    command = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2", "--no-reload"]
    with log.open("a") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for(condition, timeout: float, what: str, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}" + (f"\nworker log:\n{log.read_text()}" if log else ""))


def job_status(job: PackBuildJob) -> str:
    job.refresh_from_db()
    return job.status


def meeting_with_a_long_report():
    """A meeting whose pack takes a few seconds to build, so the worker can be killed in the middle."""
    meeting = future_meeting()
    item = meeting.agenda_items.get(title="Budget monitoring")
    factories.document(item, title="Budget report", body_html="<h2>Budget</h2>" + "<p>Figures and text.</p>" * 1500)
    return meeting


def test_a_worker_killed_mid_build_leaves_a_failed_job_the_officer_can_retry(officer_user, tmp_path):
    log = tmp_path / "worker.log"
    meeting = meeting_with_a_long_report()
    with override_settings(TASKS=DATABASE_QUEUE):
        job = request_publication(meeting, by=officer_user, agenda_version=version(meeting))
    with worker(log) as process:
        wait_for(lambda: job_status(job) == "running", 60, "the worker to start the build", log)
        time.sleep(0.3)  # in the middle of the build
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        killed_at = time.monotonic()
    assert job_status(job) == "running", "killed mid-build: nothing else could have changed it"

    officer = Client()
    officer.force_login(officer_user)
    status_url = url("publish_status", meeting, job_id=job.pk)
    with override_settings(PACK_BUILD_STALE_SECONDS=STALE_SECONDS, TASKS=DATABASE_QUEUE):
        # The officer's status page says "Building" only while the build could still be alive, then why it failed.
        page = wait_for(
            lambda: (page := officer.get(status_url).content.decode()) and "Publishing failed" in page and page,
            STALE_SECONDS + 60,
            "the job to be given up",
        )
        given_up_after = time.monotonic() - killed_at
        assert "The background worker building the pack stopped" in page and "Try again" in page
        assert not AgendaPack.objects.filter(meeting=meeting).exists()
        assert not meeting.agenda_items.filter(published_at__isnull=False).exists(), "nothing half-published"

        # Trying again, with a worker running again, publishes.
        response = officer.post(url("publish_retry", meeting, job_id=job.pk))
        retry = PackBuildJob.objects.get(retry_of=job)
        assert response.status_code == 302 and retry.status == "queued"
        with worker(log):
            wait_for(lambda: job_status(retry) in {"done", "failed"}, 180, "the retry to finish", log)
    assert retry.status == "done", retry.error
    assert AgendaPack.objects.filter(meeting=meeting, variant="public", version=1).exists()
    assert not meeting.agenda_items.filter(published_at__isnull=True).exists()
    print(f"\nWorker SIGKILLed mid-build: job given up {given_up_after:.1f} s later (timeout {STALE_SECONDS} s)")


def test_a_restarted_worker_gives_up_the_build_its_predecessor_died_in(officer_user, tmp_path):
    log = tmp_path / "worker.log"
    meeting = meeting_with_a_long_report()
    with override_settings(TASKS=DATABASE_QUEUE):
        job = request_publication(meeting, by=officer_user, agenda_version=version(meeting))
    with worker(log) as process:
        wait_for(lambda: job_status(job) == "running", 60, "the worker to start the build", log)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    with worker(log):
        wait_for(lambda: job_status(job) == "failed", STALE_SECONDS + 90, "the new worker to give the job up", log)
    assert "stopped" in job.error


def test_the_worker_outlives_a_database_outage(officer_user, tmp_path):
    log = tmp_path / "worker.log"
    name = connection.settings_dict["NAME"]
    with worker(log) as process, connection.cursor() as cursor:

        def worker_connections() -> int:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s AND datname = %s",
                [WORKER_NAME, name],
            )
            return cursor.fetchone()[0]

        wait_for(worker_connections, 60, "the worker to connect", log)
        try:
            # The outage: no new connections, and the worker's own cut.
            maintenance(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            cursor.execute(
                # This test's worker only: another test process's worker (same name, its own database) runs on.
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s AND datname = %s",
                [WORKER_NAME, name],
            )
            wait_for(lambda: "lost the database" in log.read_text(), 30, "the worker to notice", log)
            time.sleep(3)
            assert process.poll() is None, f"the worker exited:\n{log.read_text()}"
        finally:
            maintenance(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        # Back again: the same worker process builds the next publication.
        meeting = future_meeting()
        with override_settings(TASKS=DATABASE_QUEUE):
            job = request_publication(meeting, by=officer_user, agenda_version=version(meeting))
        wait_for(lambda: job_status(job) in {"done", "failed"}, 120, "the worker to build after the outage", log)
        assert job.status == "done", job.error
        assert process.poll() is None
