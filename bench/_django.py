"""Bench scripts run against a throwaway copy of the database: set up Django, create a test database with the
seed data, and remove it afterwards."""

import contextlib
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


@contextlib.contextmanager
def bench_database(*, seed: bool = True, keep: bool = False):
    """A test database with the seed data, removed afterwards; with keep, one left by an earlier run with keep is
    used as it is (and left again), so that a bench can skip building what it already holds."""
    import django

    from portal.database import allow_embedded_database

    allow_embedded_database()  # like manage.py: without DATABASE_URL, the embedded server
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings, setup_test_environment, teardown_test_environment

    with tempfile.TemporaryDirectory(prefix="bench-media-") as media, override_settings(MEDIA_ROOT=media):
        setup_test_environment()
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep)
        try:
            if seed and not (keep and seeded()):
                call_command("load_seed", verbosity=0)
            yield
        finally:
            if keep:
                connection.close()
                connection.settings_dict["NAME"] = old_name
            else:
                connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()


def seeded() -> bool:
    from meetings.models import Council

    return Council.objects.exists()
