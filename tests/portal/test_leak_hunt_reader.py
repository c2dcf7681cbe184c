"""The leak hunt's PDF reader sees what a reader of the PDF sees, and refuses a PDF it cannot read."""

import io

import pytest
from pypdf import PdfWriter
from pypdf.annotations import Link

from tests.pdfs import make_pdf
from tests.portal.test_leak_hunt import MARKER, pdf_text


def with_extras(pdf: bytes, *, bookmark: str = "", title: str = "", link: str = "") -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    if bookmark:
        writer.add_outline_item(title=bookmark, page_number=0)
    if title:
        writer.add_metadata({"/Title": title})
    if link:
        writer.add_annotation(0, Link(rect=(10, 10, 100, 30), url=link))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_page_text_is_found():
    assert MARKER in pdf_text(make_pdf([f"Scores {MARKER}"]), "/pack.pdf")


@pytest.mark.parametrize(
    "where",
    [
        {"bookmark": f"Tender evaluation {MARKER}"},
        {"title": f"Contract award {MARKER}"},
        {"link": f"https://example.org/{MARKER}"},
    ],
)
def test_bookmarks_properties_and_links_are_read_too(where):
    assert MARKER in pdf_text(with_extras(make_pdf(["Open paper"]), **where), "/pack.pdf")


@pytest.mark.parametrize(
    "broken",
    [
        b"%PDF-1.7\nnot really a pdf",
        make_pdf(["Open paper"])[:-400],  # cut short
        b"<html>an error page served as a PDF</html>",
    ],
)
def test_a_pdf_that_cannot_be_read_fails_the_hunt(broken):
    with pytest.raises(pytest.fail.Exception, match="pypdf cannot read"):
        pdf_text(broken, "/pack.pdf")


def test_an_encrypted_pdf_fails_the_hunt():
    writer = PdfWriter(clone_from=io.BytesIO(make_pdf([f"Scores {MARKER}"])))
    writer.encrypt(user_password="secret", algorithm="RC4-128")  # AES would need cryptography
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(pytest.fail.Exception, match="pypdf cannot read.*encrypted"):
        pdf_text(out.getvalue(), "/pack.pdf")
