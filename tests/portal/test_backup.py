"""Backup and restore round-trip the seed data and its published pack: every row and every byte comes back."""

import hashlib
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection

from meetings.models import AgendaPack
from portal.backup import BackupError, backup, libpq_env, media_files, restore, verify

pytestmark = pytest.mark.usefixtures("seed")


def connect(database: str) -> psycopg.Connection:
    env = libpq_env(database=database)
    return psycopg.connect(
        host=env.get("PGHOST"),
        port=env.get("PGPORT"),
        user=env.get("PGUSER"),
        password=env.get("PGPASSWORD"),
        dbname=database,
        autocommit=True,
    )


def table_fingerprints(database: str) -> dict[str, tuple[int, str]]:
    """Row count and a checksum of every row of every table."""
    with connect(database) as conn:
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
