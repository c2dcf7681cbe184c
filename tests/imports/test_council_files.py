"""export_council → import_council into an empty portal is lossless: every table compared row by row, every
stored file by hash; exempt material lands in its own folder and never in the public one."""

import hashlib
import json

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import override_settings

from meetings.models import Panel
from meetings.services import attach_pdf
from portal.imports.council_files import exported_models
from tests.pdfs import make_pdf
from tests.portal.test_api import build_exempt_meeting

pytestmark = pytest.mark.usefixtures("seed")


def snapshot() -> dict:
    tables = {
        model._meta.label_lower: list(model._default_manager.order_by("pk").values()) for model in exported_models()
    }
    files = {}
    for model in exported_models():
        for field in model._meta.fields:
            if field.get_internal_type() == "FileField":
                for name in model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True):
                    with default_storage.open(name, "rb") as handle:
                        files[name] = hashlib.sha256(handle.read()).hexdigest()
    return {"tables": tables, "files": files}


def empty_the_portal() -> None:
    names = [model._meta.db_table for model in exported_models()]
    with connection.cursor() as cursor:
        # Rows written earlier in the test's transaction have deferred constraint checks still pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {', '.join(connection.ops.quote_name(n) for n in names)} CASCADE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def test_export_then_import_into_an_empty_portal_is_lossless(tmp_path):
    meeting, _ = build_exempt_meeting(Panel.objects.get(slug="children-and-young-peoples-social-care-and-services"))
    exempt_item = meeting.agenda_items.get(title="Contract award")
    valuation = attach_pdf(exempt_item, make_pdf(["Exempt valuation"]), title="Exempt valuation")
    attach_pdf(meeting.agenda_items.get(title="Open item"), make_pdf(["Open appendix"]), title="Open appendix")
    before = snapshot()
    assert sum(len(rows) for rows in before["tables"].values()) > 100 and len(before["files"]) == 5
    call_command("export_council", str(tmp_path / "export"), verbosity=0)
    manifest = json.loads((tmp_path / "export" / "manifest.json").read_text())
    public = "".join(path.read_text() for path in (tmp_path / "export" / "public").rglob("*.json"))
    assert (
        "SECRET-" not in public
        and "SECRET-ITEM-DESCRIPTION"
        in (tmp_path / "export" / "exempt" / "data" / "meetings.agendaitem.json").read_text()
    )
    assert (tmp_path / "export" / "exempt" / "README.txt").read_text().startswith("NOT FOR PUBLICATION")
    assert json.loads((tmp_path / "export" / "public" / "ocd" / "events.json").read_text())
    empty_the_portal()
    # Into an empty storage too: every file the portal then holds came from the export.
    with override_settings(MEDIA_ROOT=tmp_path / "new-media"):
        call_command("import_council", str(tmp_path / "export"), verbosity=0)
        after = snapshot()
    assert after["files"] == before["files"]
    assert after["tables"].keys() == before["tables"].keys()
    for label, rows in before["tables"].items():
        assert after["tables"][label] == rows, label
    assert {entry["sha256"] for entry in manifest["files"]} == set(before["files"].values())
    exempt_files = {entry["storage_name"] for entry in manifest["files"] if entry["exempt"]}
    assert exempt_files == {valuation.file.name, valuation.published_file.name}
    assert all(entry["path"].startswith("exempt/") == entry["exempt"] for entry in manifest["files"])


def test_import_refuses_a_portal_that_holds_a_council_and_a_damaged_export(tmp_path):
    call_command("export_council", str(tmp_path / "export"), verbosity=0)
    with pytest.raises(CommandError, match="already holds a council"):
        call_command("import_council", str(tmp_path / "export"), verbosity=0)
    manifest = json.loads((tmp_path / "export" / "manifest.json").read_text())
    (tmp_path / "export" / manifest["files"][0]["path"]).write_bytes(b"%PDF-1.7 tampered")
    empty_the_portal()
    with (
        override_settings(MEDIA_ROOT=tmp_path / "new-media"),
        pytest.raises(CommandError, match="does not match its SHA-256"),
    ):
        call_command("import_council", str(tmp_path / "export"), verbosity=0)
    with pytest.raises(CommandError, match="not empty"):
        call_command("export_council", str(tmp_path / "export"), verbosity=0)
