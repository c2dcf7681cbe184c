"""Backup and restore round-trip the seed data and its published pack: every row and every byte comes back."""

import dataclasses
import hashlib
import json
import os
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection

from meetings.models import AgendaPack
from portal import backup as backup_module
from portal.backup import BackupError, backup, libpq_env, media_files, restore, verify

pytestmark = pytest.mark.usefixtures("seed")


def connect(database: str) -> psycopg.Connection:
    return backup_module.connect(libpq_env(database=database))


def table_fingerprints(database: str, env: dict | None = None) -> dict[str, tuple[int, str]]:
    """Row count and a checksum of every row of every table."""
    with backup_module.connect(env or libpq_env(database=database)) as conn:
        conn.execute("SET TIME ZONE 'UTC'")  # times as text: each server's own zone would print them differently
        tables = [
            row[0]
            for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        ]
        result = {}
        for table in tables:
            count, digest = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), '')) FROM \"{table}\" t"
            ).fetchone()
            result[table] = (count, digest)
        return result


@pytest.fixture
def scratch_database():
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connect(connection.settings_dict["NAME"]) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connect(connection.settings_dict["NAME"]) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_and_restore_round_trip_every_row_and_every_byte(tmp_path, scratch_database):
    pack = AgendaPack.objects.get(meeting__date="2021-09-21", variant="public", version=1)
    with pack.file.open("rb") as handle:
        pack_bytes = handle.read()
    manifest = backup(tmp_path / "backup")
    assert pack.file.name in manifest["media"]["files"]

    restored_media = tmp_path / "restored-media"
    cache.set("page:cached-before-the-restore", "old page")
    restore(tmp_path / "backup", database=scratch_database, media_root=restored_media)

    source = table_fingerprints(connection.settings_dict["NAME"])
    target = table_fingerprints(scratch_database)
    assert source == target
    assert source["meetings_agendaitem"][0] >= 10 and source["meetings_agendapack"][0] >= 1
    assert media_files(restored_media) == media_files(Path(settings.MEDIA_ROOT))
    restored_pack = (restored_media / pack.file.name).read_bytes()
    assert restored_pack == pack_bytes
    assert hashlib.sha256(restored_pack).hexdigest() == pack.sha256
    assert cache.get("page:cached-before-the-restore") is None


def test_a_damaged_backup_is_refused(tmp_path):
    backup(tmp_path / "backup")
    archive = tmp_path / "backup" / "media.tar"
    data = bytearray(archive.read_bytes())
    data[600] ^= 0xFF
    archive.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="damaged"):
        verify(tmp_path / "backup")


def test_restore_command_asks_for_confirmation(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path))
    with pytest.raises(CommandError, match="manifest"):
        call_command("restore", str(tmp_path), "--yes")


# --- across PostgreSQL versions -------------------------------------------------------------------------------

SYSTEM_SERVER = os.environ.get("PORTAL_SYSTEM_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
# Databases this suite creates on the machine's shared server start with this (and are dropped afterwards).
SYSTEM_PREFIX = os.environ.get("PORTAL_SYSTEM_PG_PREFIX", "portal_restore_check_")


def system_server_major() -> int | None:
    try:
        return backup_module.server_facts(backup_module.url_env(SYSTEM_SERVER)).major
    except BackupError:
        return None


@pytest.fixture
def system_database():
    """An empty database on the machine's own PostgreSQL (Debian's 15 here), not the embedded 18."""
    if system_server_major() is None:
        pytest.skip(f"no PostgreSQL answers at {SYSTEM_SERVER}")
    name = f"{SYSTEM_PREFIX}{uuid.uuid4().hex[:8]}"
    with backup_module.connect(backup_module.url_env(SYSTEM_SERVER)) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield SYSTEM_SERVER.rsplit("/", 1)[0] + f"/{name}"
    with backup_module.connect(backup_module.url_env(SYSTEM_SERVER)) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_of_the_embedded_server_restores_into_the_system_postgresql_and_back(
    tmp_path, system_database, scratch_database
):
    source_major = backup_module.server_facts(libpq_env()).major
    target_major = system_server_major()
    manifest = backup(tmp_path / "backup")
    assert manifest["database"]["made_with"].startswith(f"pg_dump {source_major}.")

    restored_media = tmp_path / "restored-media"
    report = restore(tmp_path / "backup", database_url=system_database, media_root=restored_media)
    assert report.server_version.startswith(f"{target_major}.")
    assert report.restored_with.startswith(f"psql {target_major}.")  # the tools that match the target
    if source_major >= 17 > target_major:
        assert "transaction_timeout" in report.left_out and "left out" in report.summary()

    source = table_fingerprints(connection.settings_dict["NAME"])
    on_system = table_fingerprints("", backup_module.url_env(system_database))
    assert {table: count for table, (count, _) in on_system.items()} == {
        table: count for table, (count, _) in source.items()
    }
    assert on_system == source  # every row's text, not only the counts
    assert source["meetings_agendaitem"][0] >= 10 and source["meetings_document"][0] >= 1
    assert media_files(restored_media) == media_files(Path(settings.MEDIA_ROOT))

    # And back: a backup of the older server is made with its own pg_dump and restores into the newer one.
    second = backup(tmp_path / "from-system", database_url=system_database)
    assert second["database"]["made_with"].startswith(f"pg_dump {target_major}.")
    back = restore(tmp_path / "from-system", database=scratch_database, media_root=tmp_path / "media-2")
    assert back.restored_with.startswith(f"psql {source_major}.")
    assert table_fingerprints(scratch_database) == source


def test_an_older_custom_format_backup_still_restores(tmp_path, scratch_database):
    """Backups made before plain SQL hold pg_dump's custom format; the newest pg_restore installed reads them."""
    backup(tmp_path / "backup")
    folder = tmp_path / "backup"
    pg_dump = backup_module.choose_pg_dump(backup_module.server_facts(libpq_env()).major)
    dump = folder / backup_module.CUSTOM_FORMAT_FILE
    subprocess.run(
        [pg_dump.path, "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"],
        env=libpq_env(),
        check=True,
    )
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["database"] = {"file": dump.name, "sha256": backup_module.sha256_of(dump)}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    (folder / backup_module.DATABASE_FILE).unlink()

    report = restore(folder, database=scratch_database, media_root=tmp_path / "media")
    assert report.read_with.startswith("pg_restore ")
    assert table_fingerprints(scratch_database) == table_fingerprints(connection.settings_dict["NAME"])


def test_no_pg_dump_new_enough_for_the_server_is_refused_with_what_to_install():
    only_15 = [backup_module.PgTool(15, 20, "pg_dump", "/usr/lib/postgresql/15/bin/pg_dump")]
    with pytest.raises(BackupError, match=r"No pg_dump for PostgreSQL 18 or newer .*found: 15\.20.*client-18"):
        backup_module.choose_pg_dump(18, only_15)
    with pytest.raises(BackupError, match="psql is not installed"):
        backup_module.choose_psql(16, [])


def test_the_tools_matching_the_server_are_preferred():
    tools = [
        backup_module.PgTool(15, 20, "pg_dump", "/a/15"),
        backup_module.PgTool(17, 6, "pg_dump", "/a/17"),
        backup_module.PgTool(18, 6, "pg_dump", "/a/18"),
    ]
    assert backup_module.choose_pg_dump(15, tools).path == "/a/15"
    assert backup_module.choose_pg_dump(16, tools).path == "/a/17"  # the nearest newer one
    assert backup_module.choose_pg_dump(18, tools).path == "/a/18"
    assert backup_module.choose_psql(17, [dataclasses.replace(t, name="psql") for t in tools]).path == "/a/17"
    assert backup_module.choose_psql(16, [dataclasses.replace(t, name="psql") for t in tools]).path == "/a/18"
    assert not backup_module.psql_knows_restrict(backup_module.PgTool(15, 13, "psql", "/p"))
    assert backup_module.psql_knows_restrict(backup_module.PgTool(15, 14, "psql", "/p"))


def test_settings_the_target_does_not_know_are_left_out_but_data_is_untouched():
    dump = [
        b"\\restrict abc\n",
        b"SET statement_timeout = 0;\n",
        b"SET transaction_timeout = 0;\n",
        b"SELECT pg_catalog.set_config('search_path', '', false);\n",
        b"COPY public.notes (text) FROM stdin;\n",
        b"SET transaction_timeout = 0;\n",  # a row whose text happens to look like a setting
        b"\\.\n",
    ]
    skipped: set = set()
    known = frozenset({"statement_timeout", "search_path"})
    kept = list(backup_module.filter_for_server(dump, known, keep_restrict=True, skipped=skipped))
    assert kept == [dump[0], dump[1], dump[3], dump[4], dump[5], dump[6]]
    assert skipped == {"transaction_timeout"}
    kept = list(backup_module.filter_for_server(dump, known, keep_restrict=False, skipped=skipped))
    assert dump[0] not in kept and "\\restrict" in skipped
