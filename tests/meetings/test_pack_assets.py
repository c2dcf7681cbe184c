"""Packs come out the same in every configuration (DEBUG on or off, hashed static names, with or without
collectstatic), and a pack whose stylesheet, fonts or images do not load is refused, never published degraded."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import override_settings

from meetings.models import AgendaPack, PackBuildJob
from meetings.packs import build_pack, plan_pack, render_plan
from meetings.packs.fetcher import StaticOnlyFetcher
from meetings.packs.render import PackAssetsMissing, static_file
from meetings.services import attach_pdf, publish_agenda
from tests import factories
from tests.meetings.test_packs import seed_meeting
from tests.pdfs import make_pdf, pack_facts

pytestmark = pytest.mark.usefixtures("seed")

MANIFEST_STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}


def production_static(static_root: Path, *, collect: bool = True):
    """The deployed configuration: DEBUG off, hashed names from a manifest (after collectstatic, if `collect`)."""
    settings = override_settings(DEBUG=False, STATIC_ROOT=static_root, STORAGES=MANIFEST_STORAGE)
    settings.enable()
    if collect:
        call_command("collectstatic", interactive=False, verbosity=0)
    return settings


def seed_pack_pdf() -> bytes:
    """The seed meeting's public pack, built now, in whatever configuration is in force."""
    return render_plan(plan_pack(seed_meeting(), AgendaPack.Variant.PUBLIC, force=True)).pdf


def test_pack_built_with_debug_off_equals_the_development_pack(tmp_path):
    development = pack_facts(seed_pack_pdf())
    settings = production_static(tmp_path)
    try:
        assert static("css/pack.css") != "/static/css/pack.css", "hashed names are in force"
        production = pack_facts(seed_pack_pdf())
    finally:
        settings.disable()
    assert development.page_count == 30
    assert development.printed_ranges == [(3, 11), (12, 18), (19, 30)]
    assert development.all_fonts_embedded and set(development.fonts) == {"Pack-Sans", "Pack-Sans-Bold"}
    assert production.page_count == development.page_count
    assert production.printed_ranges == development.printed_ranges
    assert production.fonts == development.fonts
    assert production.texts == development.texts


def test_pack_builds_with_debug_off_on_a_machine_that_never_ran_collectstatic(tmp_path):
    development = pack_facts(seed_pack_pdf())
    settings = production_static(tmp_path / "never-collected", collect=False)
    try:
        production = pack_facts(seed_pack_pdf())
    finally:
        settings.disable()
    assert production == development


def test_an_uploaded_pdf_keeps_every_page_with_debug_off(tmp_path):
    meeting = factories.meeting(factories.panel(), signatory=None)
    item = factories.item(meeting, title="Appendix item", published_at=None)
    attach_pdf(item, make_pdf([f"UPLOADED-PAGE-{n}" for n in range(1, 7)]), title="Scanned appendix")
    settings = production_static(tmp_path)
    try:
        public = publish_agenda(meeting, by=None)[0].pack
    finally:
        settings.disable()
    facts = pack_facts(public.file.open("rb").read())
    first, last = public.page_ranges[str(item.pk)]
    assert last - first + 1 == 6
    for offset in range(6):
        assert f"UPLOADED-PAGE-{offset + 1}" in facts.texts[first - 1 + offset]
    assert facts.all_fonts_embedded and "Pack-Sans" in facts.fonts


def test_hashed_static_names_are_read_as_the_files_they_were_made_from(tmp_path):
    settings = production_static(tmp_path)
    try:
        hashed = static("css/pack.css").removeprefix("/static/")
        assert hashed != "css/pack.css"
        assert static_file(hashed) == static_file("css/pack.css")
        response = StaticOnlyFetcher().fetch(f"https://pack.invalid/static/{hashed}")
        assert b"@font-face" in response.read()
    finally:
        settings.disable()


def missing(*names: str):
    """static_file as if these files were not there."""
    real = static_file

    def lookup(name: str):
        return None if name in names else real(name)

    return lookup


@pytest.mark.parametrize("asset", ["css/pack.css", "fonts/LiberationSans-Bold.ttf"])
def test_a_pack_whose_stylesheet_or_font_does_not_load_is_refused(monkeypatch, asset):
    monkeypatch.setattr("meetings.packs.render.static_file", missing(asset))
    versions = AgendaPack.objects.count()
    with pytest.raises(PackAssetsMissing, match=asset.split("/")[-1]):
        build_pack(seed_meeting(), AgendaPack.Variant.PUBLIC, force=True)
    assert AgendaPack.objects.count() == versions


def test_a_font_that_cannot_be_read_is_refused(monkeypatch, tmp_path):
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"this is not a font")
    real = static_file
    monkeypatch.setattr(
        "meetings.packs.render.static_file",
        lambda name: broken if name == "fonts/LiberationSans-Regular.ttf" else real(name),
    )
    with pytest.raises(PackAssetsMissing, match="cannot be loaded"):
        build_pack(seed_meeting(), AgendaPack.Variant.PUBLIC, force=True)


def test_publishing_with_a_missing_stylesheet_fails_loudly_and_publishes_nothing(officer_client, monkeypatch):
    from tests.meetings.manage.test_agenda import future_meeting, url, version

    meeting = future_meeting(days=30)
    monkeypatch.setattr("meetings.packs.render.static_file", missing("css/pack.css"))
    officer_client.post(url("publish", meeting), {"agenda_version": version(meeting)})
    job = PackBuildJob.objects.filter(meeting=meeting).latest("created_at")
    assert job.status == PackBuildJob.Status.FAILED
    assert "stylesheet, fonts or images could not be loaded" in job.error and "css/pack.css" in job.error
    page = officer_client.get(url("publish_status", meeting, job_id=job.pk)).content.decode()
    assert "Publishing failed" in page and "Try again" in page
    assert not AgendaPack.objects.filter(meeting=meeting).exists()
    assert not meeting.agenda_items.filter(published_at__isnull=False).exists()
