"""The pack fingerprint names the renderer: WeasyPrint, pypdf and everything they draw with, at their versions."""

from importlib.metadata import version

import pytest

import meetings.packs
from meetings.models import AgendaPack, Meeting
from meetings.packs import build_pack, fingerprint
from meetings.packs.collect import collect
from meetings.packs.renderer import RENDERER_VERSIONS, renderer_versions

PANEL = "children-and-young-peoples-social-care-and-services"


def test_renderer_versions_name_weasyprint_and_its_rendering_dependencies():
    pairs = dict(pair.split("==") for pair in RENDERER_VERSIONS.split(","))
    for name in ["weasyprint", "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "fonttools", "pillow", "pypdf"]:
        assert pairs[name] == version(name), name
    assert {"brotli", "zopfli"} <= pairs.keys()  # fonttools[woff], which WeasyPrint asks for
    # Extras nobody asks for are left out: the same answer wherever the renderer is the same (tools not included).
    assert not {"pytest", "ruff", "sphinx", "cryptography"} & pairs.keys()
    assert list(pairs) == sorted(pairs)


def test_renderer_versions_follow_an_installed_package(monkeypatch):
    monkeypatch.setattr("meetings.packs.renderer.version", lambda name: "99.0" if name == "pydyf" else version(name))
    assert "pydyf==99.0" in renderer_versions()


@pytest.mark.usefixtures("seed")
def test_a_new_renderer_release_changes_the_fingerprint_and_rebuilds_the_pack(monkeypatch):
    meeting = Meeting.objects.get(panel__slug=PANEL, date="2021-09-21")
    content = collect(meeting, AgendaPack.Variant.PUBLIC)
    assert fingerprint(content) == fingerprint(collect(meeting, AgendaPack.Variant.PUBLIC))
    before = fingerprint(content)
    unchanged = build_pack(meeting, AgendaPack.Variant.PUBLIC)
    assert not unchanged.rebuilt

    monkeypatch.setattr(meetings.packs, "RENDERER_VERSIONS", RENDERER_VERSIONS.replace("tinycss2==", "tinycss2==0.0"))
    assert fingerprint(content) != before
    rebuilt = build_pack(meeting, AgendaPack.Variant.PUBLIC)
    assert rebuilt.rebuilt and rebuilt.pack.version == unchanged.pack.version + 1
