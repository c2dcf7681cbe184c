"""Development server with its background worker: runserver, plus `db_worker` for pack builds, stopped together.

`serve --prepare` (what `make run` does) first migrates, loads the seed once, creates the demo sign-ins and queues
the published agendas' packs on the worker, all in this one process: each separate command would start Python,
import the portal and join (then stop) the embedded PostgreSQL again, and the packs need not hold up the server."""

import ipaddress
import os
import subprocess
import sys

from django.conf import settings
from django.core.management import BaseCommand, CommandError, call_command

from meetings.tasks import build_published_packs_task


def is_loopback(addrport: str) -> bool:
    """Whether runserver would listen on this machine only: 127.0.0.1:8000, [::1]:8000, localhost, or a bare
    port (runserver then binds 127.0.0.1)."""
    host = addrport.rsplit(":", 1)[0] if ":" in addrport and not addrport.startswith("[") else addrport
    if addrport.startswith("["):
        host = addrport[1 : addrport.index("]")]
    elif addrport.count(":") > 1:
        host = addrport  # a bare IPv6 address
    if host.isdigit() or host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Command(BaseCommand):
    help = "Serve on 127.0.0.1:8000 (this machine only) and run the background worker that builds agenda packs."

    # runserver checks the project itself, in the process that serves; checking here too would import it twice.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--prepare",
            action="store_true",
            help="First migrate, load the seed data (once), create the demo sign-ins and queue the packs' builds "
            "on the background worker.",
        )

    def handle(self, *args, addrport: str, prepare: bool = False, **options):
        if settings.DEBUG and not is_loopback(addrport):
            # With DEBUG on, an error page shows settings, code and data to whoever asked.
            raise CommandError(
                f"Refusing to serve on {addrport} with DEBUG on: Django's debug pages would show settings, "
                "code and data to anyone on the network. Serve on 127.0.0.1 (the default), or run the "
                "production configuration (DEBUG=false, gunicorn) as docs/operations.md describes."
            )
        worker = None
        # The autoreloader runs this command again in a child process (RUN_MAIN); prepare and start the worker once.
        if os.environ.get("RUN_MAIN") != "true":
            if prepare:
                self.prepare(options["verbosity"])
            worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--queue-name", "default"])
        try:
            call_command("runserver", addrport)
        finally:
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()

    def prepare(self, verbosity: int) -> None:
        call_command("migrate", interactive=False, verbosity=verbosity)
        call_command("load_seed", verbosity=verbosity)
        call_command("demo_accounts", verbosity=verbosity)
        # Built by the worker started below, while the server starts: unchanged packs are kept.
        build_published_packs_task.enqueue()
        if verbosity:
            self.stdout.write("Queued the published agendas' packs on the background worker.")
