"""Development server with its background worker: runserver, plus `db_worker` for pack builds, stopped together."""

import ipaddress
import os
import subprocess
import sys

from django.conf import settings
from django.core.management import BaseCommand, CommandError, call_command


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

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport: str, **options):
        if settings.DEBUG and not is_loopback(addrport):
            # With DEBUG on, an error page shows settings, code and data to whoever asked.
            raise CommandError(
                f"Refusing to serve on {addrport} with DEBUG on: Django's debug pages would show settings, "
                "code and data to anyone on the network. Serve on 127.0.0.1 (the default), or run the "
                "production configuration (DEBUG=false, gunicorn) as docs/operations.md describes."
            )
        worker = None
        # The autoreloader runs this command again in a child process (RUN_MAIN); start the worker once.
        if os.environ.get("RUN_MAIN") != "true":
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
