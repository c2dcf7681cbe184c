"""The background worker: django-tasks-db's `db_worker`, made to outlast its faults.

- A database outage (the server restarting, a network cut, a failover) does not end the worker: it logs the
  error, waits (1 s, then 2, 4 … up to 30 s) and carries on, reconnecting, instead of exiting and staying dead.
- While it runs it gives up, with the reason, pack builds that will never finish (a worker killed mid-build stops
  their heartbeat), so no publication stays "Building…" for ever and the officer can try again.

Everything else (options, signals, graceful shutdown) is django-tasks-db's own: this command takes the place of
its `db_worker` because `meetings` comes before `django_tasks_db` in INSTALLED_APPS.
"""

import logging
import threading
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("meetings.worker")

LONGEST_WAIT = 30  # seconds between attempts to reach the database again


def close_connections() -> None:
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - a broken connection may fail even to close; drop it regardless
            connection.connection = None


class SupervisedWorker(db_worker.Worker):
    def run(self) -> None:
        self.start_sweeping()
        wait = 1
        while self.running:
            started = time.monotonic()
            try:
                super().run()
                return  # --batch or --max-tasks: done
            except (OperationalError, InterfaceError) as exc:
                if time.monotonic() - started > 2 * LONGEST_WAIT:
                    wait = 1  # it had been running well: this is a new outage
                logger.error("Worker %s lost the database (%s); trying again in %s s", self.worker_id, exc, wait)
                close_connections()
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT)

    def start_sweeping(self) -> None:
        """A thread of its own (with its own database connection) that gives up stuck pack builds."""
        every = max(1.0, settings.PACK_BUILD_STALE_SECONDS / 3)

        def sweep():
            from meetings.services import fail_stuck_jobs

            while True:
                try:
                    fail_stuck_jobs()
                except Exception as exc:  # noqa: BLE001 - an outage is the main loop's to report; keep sweeping
                    logger.debug("Could not check for stuck pack builds: %s", exc)
                    close_connections()
                time.sleep(every)

        threading.Thread(target=sweep, name="stuck-pack-builds", daemon=True).start()


class Command(db_worker.Command):
    help = (
        "Run the background worker (django-tasks-db's db_worker) that survives database outages and gives up "
        "pack builds whose worker died."
    )

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ):
        self.configure_logging(verbosity)
        if reload and batch:
            logger.warning("--reload and --batch cannot be used together: autoreload is off.")
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise db_worker.CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = SupervisedWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        if reload:
            import os

            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the child process that runs the worker
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
