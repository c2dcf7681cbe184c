"""Alternative formats: every paper page offers the paper as a web page where the portal has one, and uploaded
PDFs have a reading copy of their text (headings from a tagged PDF), labelled as such, for those who may read
the paper and nobody else."""

import datetime

import pytest
import weasyprint
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings.models import Document
from meetings.reading_copy import reading_copy
from meetings.services import attach_pdf
from meetings.text_extraction import extract_paper_text
from tests import factories
from tests.pdfs import make_pdf

pytestmark = pytest.mark.usefixtures("seed")
PANEL = "children-and-young-peoples-social-care-and-services"


def tagged_pdf() -> bytes:
    html = (
        '<html lang="en-GB"><title>Budget</title><h1>Budget report</h1><p>Spending is on plan.</p>'
        "<h2>Risks</h2><p>Energy prices.</p><p>Staff costs.</p>"
        "<style>@page { @bottom-center { content: counter(page) } }</style></html>"
    )
    return weasyprint.HTML(string=html).write_pdf(pdf_tags=True)


def test_a_tagged_pdf_keeps_its_headings_and_drops_page_numbers():
    copy = reading_copy(tagged_pdf())
    assert copy.tagged
    assert [(block.tag, block.text) for block in copy.blocks] == [
        ("h2", "Budget report"),
        ("p", "Spending is on plan."),
        ("h3", "Risks"),
        ("p", "Energy prices."),
        ("p", "Staff costs."),
    ]


def test_an_untagged_pdf_reads_page_by_page():
    copy = reading_copy(make_pdf(["First page text", "Second page text"]))
    assert not copy.tagged and copy.pages == 2
    assert [(block.tag, block.text) for block in copy.blocks] == [
        ("h2", "Page 1"),
        ("p", "First page text"),
        ("h2", "Page 2"),
        ("p", "Second page text"),
    ]


def published_upload(committed, exempt_paragraph=None):
    """An uploaded paper, published, once the background worker has read it."""
    meeting = factories.published_meeting(factories.panel(), date=timezone.localdate() + datetime.timedelta(days=9))
    item = factories.item(meeting, title="Budget", exempt_paragraph=exempt_paragraph)
    with committed():
        document = attach_pdf(item, tagged_pdf(), title="Budget report", published_at=timezone.now())
    return Document.objects.select_related("meeting__panel").get(pk=document.pk)


def text_url(document) -> str:
    return reverse(
        "meetings:document_text",
        kwargs={"slug": document.meeting.panel.slug, "date": document.meeting.date, "document": document.slug},
    )


def test_the_reading_copy_page_is_labelled_and_linked_from_the_paper(client, committed):
    document = published_upload(committed)
    paper = client.get(document.get_absolute_url()).content.decode()
    assert text_url(document) in paper and "Reading copy: the text of the PDF as a web page" in paper
    page = client.get(text_url(document)).content.decode()
    assert "<strong>This is a reading copy.</strong>" in page
    assert "Its headings are the PDF&#x27;s own." in page or "Its headings are the PDF's own." in page
    assert "<h2>Budget report</h2>" in page and "<h3>Risks</h3>" in page and "<p>Energy prices.</p>" in page
    assert reverse("accessibility_statement") + "#accessible-formats" in page


def test_the_reading_copy_of_an_exempt_paper_is_only_for_those_allowed(client, officer_client, committed):
    document = published_upload(committed, exempt_paragraph=3)
    assert client.get(text_url(document)).status_code == 404
    assert Client().get(text_url(document)).status_code == 404
    page = officer_client.get(text_url(document))
    assert page.status_code == 200 and "NOT FOR PUBLICATION" in page.content.decode()


def test_authored_papers_are_their_own_web_page(client):
    url = reverse(
        "meetings:document_detail", kwargs={"slug": PANEL, "date": "2021-09-21", "document": "locality-working"}
    )
    page = client.get(url).content.decode()
    assert "Web page: the full text is below on this page" in page
    text = reverse(
        "meetings:document_text", kwargs={"slug": PANEL, "date": "2021-09-21", "document": "locality-working"}
    )
    assert client.get(text).url == url


def test_a_scanned_pdf_without_text_says_to_ask_for_another_format(client, committed):
    document = published_upload(committed)
    blank = weasyprint.HTML(string="<div style='height: 5cm; background: #ccc'></div>").write_pdf()
    document.file.save("x.pdf", ContentFile(blank), save=False)
    document.file_sha256 = "blank"
    document.save()
    extract_paper_text(document)  # as the worker does for a new file
    page = client.get(text_url(document)).content.decode()
    assert "holds no text that can be read out of it" in page


def test_the_reading_copy_is_read_by_the_worker_never_in_the_request(client, committed, monkeypatch):
    from meetings import reading_copy as module

    document = published_upload(committed)

    def parse_in_request(data):
        raise AssertionError("a PDF was parsed while a request waited")

    monkeypatch.setattr(module, "reading_copy", parse_in_request)
    page = client.get(text_url(document))
    assert page.status_code == 200 and "<h2>Budget report</h2>" in page.content.decode()


def test_until_the_worker_has_read_it_the_page_says_the_copy_is_being_prepared(client):
    meeting = factories.published_meeting(factories.panel(), date=timezone.localdate() + datetime.timedelta(days=9))
    item = factories.item(meeting, title="Budget")
    document = attach_pdf(item, tagged_pdf(), title="Budget report", published_at=timezone.now())  # not committed
    page = client.get(text_url(document)).content.decode()
    assert "The reading copy is being prepared." in page and "<h2>Budget report</h2>" not in page
