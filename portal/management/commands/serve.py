"""Development server with its background worker: runserver, plus `db_worker` for pack builds, stopped together."""

import os
import subprocess
import sys

from django.core.management import BaseCommand, call_command


class Command(BaseCommand):
    help = "Serve on 127.0.0.1:8000 and run the background worker that builds agenda packs."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport: str, **options):
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
