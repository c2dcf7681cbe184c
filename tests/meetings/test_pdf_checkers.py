"""Many PDFs through the long-lived sandbox servers (meetings/pdf_checkers.py), as an import checks them: the
same facts, cleaned copy, text and refusals as an upload's two sandbox runs, each file in a child of its own with
the same limits; a file that takes too long costs only its own child, and a server that ends is replaced."""

import os
import time

import pytest
from django.test import override_settings

from meetings.pdf_checkers import PdfCheckers
from meetings.pdf_files import UnusablePdf, extract_text, inspect_pdf
from tests import pdfs


@pytest.fixture
def checkers():
    with PdfCheckers(1) as pool:
        yield pool


def test_a_paper_gets_the_same_facts_cleaned_copy_and_text_as_an_upload(checkers):
    for data in (pdfs.make_pdf(["Budget monitoring", "Page two"]), pdfs.active_content_pdf(marker="Scripted")):
        checked, upload = checkers.check(data), inspect_pdf(data)
        assert checked.facts.page_count == upload.page_count and checked.facts.page_sizes == upload.page_sizes
        assert checked.facts.sha256 == upload.sha256 and checked.facts.removed == upload.removed
        assert checked.facts.published == upload.published and b"/JavaScript" not in checked.facts.published
        assert checked.text == extract_text(data) and checked.text_refused == ""
    assert "Budget monitoring" in checkers.check(pdfs.make_pdf(["Budget monitoring"])).text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (pdfs.decompression_bomb(), "more than 256 MB of drawing instructions"),
        (pdfs.encrypted_pdf(), "password-protected or encrypted"),
        (pdfs.page_box_pdf((0, 0, 1e30, 1e30)), "pages can be at most 200 inches on a side"),
        (b"%PDF-1.4 not really", "damaged"),
        (b"<html>not a PDF</html>", "is not a PDF"),
    ],
    ids=["bomb", "encrypted", "absurd-page", "damaged", "not-a-pdf"],
)
def test_hostile_files_are_refused_with_the_uploads_words(checkers, data, message):
    with pytest.raises(UnusablePdf, match=message):
        checkers.check(data)
    assert checkers.check(pdfs.make_pdf(["Next paper"])).facts.page_count == 1  # the next file is read as usual


@override_settings(PORTAL_PDF_MAX_CONTENT_MB=100_000, PORTAL_PDF_CHECK_SECONDS=2, PORTAL_PDF_CHECK_MEMORY_MB=8192)
def test_a_file_that_takes_too_long_is_refused_when_its_time_is_up_and_the_server_goes_on(checkers):
    started = time.perf_counter()
    with pytest.raises(UnusablePdf, match="took more than 2 seconds to read"):
        checkers.check(pdfs.decompression_bomb(pages=100, distinct=True))
    assert time.perf_counter() - started < 8
    assert checkers.check(pdfs.make_pdf(["After the slow one"])).text.startswith("After the slow one")


@override_settings(PORTAL_PDF_MAX_CONTENT_MB=100_000, PORTAL_PDF_CHECK_MEMORY_MB=300)
def test_a_file_that_needs_too_much_memory_is_refused(checkers):
    with pytest.raises(UnusablePdf, match="more memory or time"):
        checkers.check(pdfs.decompression_bomb(pages=10, distinct=True))
    assert checkers.check(pdfs.make_pdf(["After the large one"])).facts.page_count == 1


def test_a_server_that_ended_is_replaced(checkers):
    checkers.check(pdfs.make_pdf(["First"]))
    server = checkers._idle.get()
    checkers._idle.put(server)
    before = server.process.pid
    os.kill(before, 9)
    server.process.wait()
    assert checkers.check(pdfs.make_pdf(["Second"])).text.startswith("Second")
    server = checkers._idle.get()
    checkers._idle.put(server)
    assert server.process.pid != before and server.process.poll() is None
