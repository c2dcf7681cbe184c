"""Hostile and unusual PDFs, built in tests/pdfs.py: refused at upload with a clear message within the limits, or
published as a cleaned copy; a bad paper that reaches a pack build is named."""

import io
import time

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from pypdf import PdfReader

from meetings.models import Document
from meetings.packs import build_pack
from meetings.packs.render import UnreadablePaper
from meetings.pdf_files import UnusablePdf, extract_text, inspect_pdf
from meetings.services import attach_pdf
from tests import factories, pdfs
from tests.meetings.manage.test_agenda import future_meeting, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(officer_user):
    return officer_user


@pytest.fixture
def agenda():
    meeting = future_meeting()
    return meeting, meeting.agenda_items.get(title="Budget monitoring")


def read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def refused(officer_client, agenda, data: bytes) -> tuple[str, float]:
    meeting, item = agenda
    started = time.perf_counter()
    response = upload(officer_client, meeting, item, data)
    seconds = time.perf_counter() - started
    assert response.status_code == 422
    assert not item.documents.exists()
    return response.content.decode(), seconds


def test_a_decompression_bomb_is_refused_at_once(officer_client, agenda):
    bomb = pdfs.decompression_bomb()
    assert len(bomb) < 10_000
    page, seconds = refused(officer_client, agenda, bomb)
    assert "more than 256 MB of drawing instructions" in page
    assert seconds < 10


@override_settings(PORTAL_PDF_MAX_CONTENT_MB=100_000, PORTAL_PDF_CHECK_SECONDS=2, PORTAL_PDF_CHECK_MEMORY_MB=8192)
def test_a_file_that_takes_too_long_to_read_is_refused_when_the_time_is_up(agenda):
    bomb = pdfs.decompression_bomb(pages=100, distinct=True)
    started = time.perf_counter()
    with pytest.raises(UnusablePdf, match="took more than 2 seconds to read"):
        inspect_pdf(bomb)
    assert time.perf_counter() - started < 6


@override_settings(PORTAL_PDF_MAX_CONTENT_MB=100_000, PORTAL_PDF_CHECK_MEMORY_MB=300)
def test_a_file_that_needs_too_much_memory_is_refused(agenda):
    with pytest.raises(UnusablePdf, match="more memory or time"):
        inspect_pdf(pdfs.decompression_bomb(pages=10, distinct=True))


def test_an_encrypted_pdf_is_refused_with_a_message_not_a_500(officer_client, agenda):
    page, _ = refused(officer_client, agenda, pdfs.encrypted_pdf())
    assert "password-protected or encrypted" in page


def test_absurd_page_sizes_are_refused(officer_client, agenda):
    page, _ = refused(officer_client, agenda, pdfs.page_box_pdf((0, 0, 1e30, 1e30)))
    assert "pages can be at most 200 inches on a side" in page and "page 1 is" in page


@override_settings(PORTAL_PDF_MAX_PAGES=3)
def test_too_many_pages_are_refused(officer_client, agenda):
    page, _ = refused(officer_client, agenda, pdfs.make_pdf(["a", "b", "c", "d"]))
    assert "it has 4 pages; papers can have at most 3" in page


@pytest.mark.parametrize(
    "box", [(-297.6, -421, 297.6, 421), (0, 0, -595, -842), (595, 842, 0, 0)], ids=["centred", "negative", "reversed"]
)
def test_legal_page_boxes_anywhere_are_accepted_and_shifted_into_the_pack(officer, box):
    meeting = factories.published_meeting()
    item = factories.item(meeting, title="Maps")
    data = pdfs.page_box_pdf(box, marker="Boxed map")
    document = attach_pdf(item, data, title="Map", by=officer, published_at=item.published_at)
    published = PdfReader(io.BytesIO(read(document.published_file)))
    assert [float(value) for value in published.pages[0].mediabox] == [
        min(box[0], box[2]),
        min(box[1], box[3]),
        max(box[0], box[2]),
        max(box[1], box[3]),
    ]
    pack = build_pack(meeting, "public").pack
    texts = pdfs.page_texts(read(pack.file))
    page = next(number for number, text in enumerate(texts) if "Boxed map" in text)
    placed = PdfReader(io.BytesIO(read(pack.file))).pages[page]
    assert round(float(placed.mediabox.width)) == 595 and round(float(placed.mediabox.height)) == 842


def test_active_content_is_left_out_of_what_the_portal_republishes(officer_client, officer, agenda):
    meeting, item = agenda
    original = pdfs.active_content_pdf(marker="Scripted report")
    response = upload(officer_client, meeting, item, original)
    assert response.status_code == 302
    document = item.documents.get()
    assert read(document.file) == original  # the original, byte for byte, for officers
    message = officer_client.get(response["Location"]).content.decode()
    assert "leaves out content that could run" in message and "javascript: link" in message

    published = read(document.published_file)
    for marker in (b"/JavaScript", b"/OpenAction", b"/AA", b"/EmbeddedFiles", b"javascript:", b"file:///"):
        assert marker not in published, marker
    links = [
        annotation.get_object()["/A"]["/URI"]
        for annotation in PdfReader(io.BytesIO(published)).pages[0].get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    assert links == ["https://www.example.gov.uk/report"]
    assert "Scripted report" in pdfs.page_texts(published)[0]

    from meetings.services import publish_agenda

    publish_agenda(meeting, by=officer, urgency_reason="Testing hostile uploads")
    pack = meeting.packs.filter(variant="public").latest("version")
    pack_bytes = read(pack.file)
    assert b"javascript:" not in pack_bytes and b"/JavaScript" not in pack_bytes and b"file:///" not in pack_bytes
    texts = pdfs.page_texts(pack_bytes)
    number = next(number for number, text in enumerate(texts) if "Scripted report" in text)
    # The paper's one safe link comes with its page, where it was on the page, printable like the pack's own.
    page = PdfReader(io.BytesIO(pack_bytes)).pages[number]
    links = [annotation.get_object() for annotation in page.get("/Annots", [])]
    uploaded = [link for link in links if link.get("/A", {}).get("/URI") == "https://www.example.gov.uk/report"]
    assert len(uploaded) == 1
    assert [float(value) for value in uploaded[0]["/Rect"]] == [50, 600, 250, 620]
    assert uploaded[0]["/F"] == 4 and uploaded[0]["/P"].get_object() == page.get_object()


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_a_turned_page_goes_in_the_way_it_is_read(officer, rotation):
    from meetings.packs.assemble import Placement

    meeting = factories.published_meeting()
    item = factories.item(meeting, title="Letters")
    attach_pdf(
        item,
        pdfs.rotated_pdf(rotation, marker="Turned letter"),
        title="Letter",
        by=officer,
        published_at=item.published_at,
    )
    pack = read(build_pack(meeting, "public").pack.file)
    number = next(number for number, text in enumerate(pdfs.page_texts(pack)) if "Turned letter" in text)
    box = PdfReader(io.BytesIO(pack)).pages[number].mediabox
    landscape = rotation != 180
    assert (float(box.width) > float(box.height)) == landscape
    # The upload's top left corner lands where the turn takes it: top right, bottom right, bottom left.
    place = Placement(left=0, bottom=0, width=595, height=842, rotation=rotation)
    assert place.point(0, 842) == {90: (842, 595), 180: (595, 0), 270: (0, 0)}[rotation]
    assert place.point(595, 842) == {90: (842, 0), 180: (0, 0), 270: (0, 595)}[rotation]
    # ...and the pack's page draws the upload turned so, before its own running header.
    underlay = PdfReader(io.BytesIO(pack)).pages[number]["/Contents"][0].get_object().get_data().decode()
    turn = {90: "0 -1 1 0", 180: "-1 0 0 -1", 270: "0 1 -1 0"}[rotation]
    assert underlay.startswith("q " + " ".join(f"{int(n):f}" for n in turn.split()))


def test_text_extraction_of_a_bomb_is_bounded_too():
    started = time.perf_counter()
    with pytest.raises(UnusablePdf, match="drawing instructions"):
        extract_text(pdfs.decompression_bomb())
    assert time.perf_counter() - started < 10


def test_a_paper_that_cannot_be_read_fails_the_build_naming_it(officer):
    """A file that never went through today's upload check (uploaded before it existed, or changed on disk)."""
    meeting = factories.published_meeting()
    item = factories.item(meeting, title="Contracts", number="7")
    document = Document(meeting=meeting, agenda_item=item, slug="old-bomb", title="Old appendix", kind="appendix")
    document.file.save("upload.pdf", ContentFile(pdfs.decompression_bomb()), save=False)
    document.published_at = meeting.agenda_published_at
    document.save()
    with pytest.raises(UnreadablePaper, match=r"The paper “Old appendix” \(item 7\) could not be put into the pack"):
        build_pack(meeting, "public")
