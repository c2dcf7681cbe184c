"""The whole council as files, and back: `export_council` and `import_council`.

Every table of the record (panels, people, meetings, agendas, papers, packs, minutes, history, import runs,
accounts) is written as Django's JSON serialisation, which `import_council` loads back row for row, and every
stored file (papers, their republished copies, pack versions) as itself with its SHA-256 in `manifest.json`.
Exempt (Schedule 12A) rows and files go to `exempt/`; history, accounts and private notes, which may hold
exempt or personal information, to `private/`; everything else to `public/`, beside `public/ocd/`: the
meetings and panels in the API's Open Civic Data shapes, for people and programs to read."""

import datetime
import hashlib
import json
import shutil
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.test import Client
from django.utils import timezone

from meetings.models import AgendaItem, AgendaPack, Council, Document
from minutes.models import Action, Declaration, DeclaringCouncillor, MinuteEntry, Resolution, ResolutionPart

FORMAT = 1
APPS = ("meetings", "minutes", "imports")
PORTAL_MODELS = ("portal.user", "portal.privatenote", "portal.accessibilitytest")
EXEMPT_NOTICE = (
    "NOT FOR PUBLICATION. This folder holds exempt information (Schedule 12A to the Local Government Act 1972): "
    "exempt agenda items, papers, minutes and members' packs. Share it only with those entitled to read it.\n"
)
PRIVATE_NOTICE = (
    "NOT FOR PUBLICATION. This folder holds the history of every record (earlier states, exempt ones included), "
    "sign-in accounts and councillors' private notes.\n"
)


class FullPrecision(DjangoJSONEncoder):
    """Times to the microsecond (Django's encoder keeps milliseconds only, which would not be lossless)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class ExportError(Exception):
    """The folder cannot be written or read back; the message says why."""


def exported_models() -> list[type[models.Model]]:
    chosen = [model for label in APPS for model in apps.get_app_config(label).get_models()]
    chosen += [apps.get_model(label) for label in PORTAL_MODELS]
    return [model for model in chosen if not model._meta.proxy and model._meta.managed]


def exempt_ids() -> dict[type[models.Model], set[int]]:
    """The rows whose content is exempt, by the models' own exempt querysets."""
    entries = set(MinuteEntry.objects.exempt().values_list("pk", flat=True))
    resolutions = set(Resolution.objects.filter(entry__in=entries).values_list("pk", flat=True))
    declarations = set(
        Declaration.objects.filter(agenda_item__exempt_paragraph__isnull=False).values_list("pk", flat=True)
    )
    return {
        AgendaItem: set(AgendaItem.objects.exempt().values_list("pk", flat=True)),
        Document: set(Document.objects.exempt().values_list("pk", flat=True)),
        MinuteEntry: entries,
        Resolution: resolutions,
        ResolutionPart: set(ResolutionPart.objects.filter(resolution__in=resolutions).values_list("pk", flat=True)),
        Action: set(Action.objects.filter(entry__in=entries).values_list("pk", flat=True)),
        Declaration: declarations,
        # Who declared an interest in an exempt item is as exempt as the declaration.
        DeclaringCouncillor: set(
            DeclaringCouncillor.objects.filter(declaration__in=declarations).values_list("pk", flat=True)
        ),
        AgendaPack: set(AgendaPack.objects.filter(AgendaPack.objects.exempt_q()).values_list("pk", flat=True)),
    }


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _folder_for(model, pk, exempt) -> str:
    if model._meta.label_lower.split(".")[1].startswith("historical") or model._meta.label_lower in PORTAL_MODELS[:2]:
        return "private"
    return "exempt" if pk in exempt.get(model, ()) else "public"


def export_council(destination: Path, *, host: str | None = None) -> dict:
    destination = Path(destination)
    if destination.exists() and any(destination.iterdir()):
        raise ExportError(f"{destination} is not empty: export into a new folder.")
    for part in ("public", "exempt", "private"):
        (destination / part / "data").mkdir(parents=True, exist_ok=True)
    (destination / "exempt" / "README.txt").write_text(EXEMPT_NOTICE)
    (destination / "private" / "README.txt").write_text(PRIVATE_NOTICE)
    exempt = exempt_ids()
    tables, files = {}, []
    with transaction.atomic():  # one consistent moment (REPEATABLE READ is not needed: one transaction, reads only)
        for model in exported_models():
            rows = defaultdict(list)
            for obj in model._default_manager.order_by("pk").iterator(chunk_size=500):
                folder = _folder_for(model, obj.pk, exempt)
                rows[folder].append(obj)
                for field in model._meta.fields:
                    stored = getattr(obj, field.attname) if isinstance(field, models.FileField) else None
                    if stored and folder != "private":  # history rows name the same files as the live rows
                        files.append(_export_file(destination, folder, stored.name))
            for folder, objs in rows.items():
                name = f"{folder}/data/{model._meta.label_lower}.json"
                (destination / name).write_text(
                    serializers.serialize("json", objs, indent=1, use_natural_foreign_keys=True, cls=FullPrecision)
                )
                tables[name] = len(objs)
    files = sorted({entry["path"]: entry for entry in files}.values(), key=lambda entry: entry["path"])
    _write_ocd(destination / "public" / "ocd", host)
    manifest = {
        "format": FORMAT,
        "exported_at": timezone.now().isoformat(),
        "councils": list(Council.objects.order_by("pk").values_list("name", flat=True)),
        "tables": tables,
        "files": files,
    }
    (destination / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return manifest


def _export_file(destination: Path, folder: str, name: str) -> dict:
    target = destination / folder / "files" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    with default_storage.open(name, "rb") as source, target.open("wb") as copy:
        shutil.copyfileobj(source, copy)
    return {
        "path": f"{folder}/files/{name}",
        "storage_name": name,
        "sha256": sha256_of(target),
        "exempt": folder == "exempt",
    }


def _write_ocd(folder: Path, host: str | None) -> None:
    """The API's public answers (Open Civic Data events and organizations): what anyone may read, nothing exempt."""
    folder.mkdir(parents=True, exist_ok=True)
    client = Client(HTTP_HOST=host or settings.ALLOWED_HOSTS[0])
    for name, path in (("events", "/api/meetings/"), ("organizations", "/api/panels/")):
        results, url = [], f"{path}?page_size=100"
        while url:
            response = client.get(url)
            if response.status_code != 200:
                raise ExportError(f"The API answered {response.status_code} for {url}.")
            page = response.json()
            results += page["results"]
            url = page["next"]
        (folder / f"{name}.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))


def import_council(source: Path) -> dict:
    source = Path(source)
    try:
        manifest = json.loads((source / "manifest.json").read_text())
    except (OSError, ValueError) as exc:
        raise ExportError(f"{source} holds no readable manifest.json: it is not a council export.") from exc
    if manifest.get("format") != FORMAT:
        raise ExportError(f"{source} is an export in format {manifest.get('format')}; this portal reads {FORMAT}.")
    if Council.objects.exists():
        raise ExportError("This portal already holds a council: import into an empty portal.")
    for entry in manifest["files"]:
        if sha256_of(source / entry["path"]) != entry["sha256"]:
            raise ExportError(f"{entry['path']} does not match its SHA-256 in the manifest: the export is damaged.")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # rows refer to rows in files loaded later
        for name in manifest["tables"]:
            for obj in serializers.deserialize("json", (source / name).read_text(), handle_forward_references=True):
                obj.save()
        for entry in manifest["files"]:
            with (source / entry["path"]).open("rb") as handle:
                stored = default_storage.save(entry["storage_name"], handle)
            if stored != entry["storage_name"]:
                raise ExportError(f"{entry['storage_name']} is already in the portal's storage.")
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), exported_models()):
                cursor.execute(statement)
    return manifest
