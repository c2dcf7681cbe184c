"""Each paper alone as a PDF: uploaded PDFs byte for byte; authored reports and minutes rendered like their
pages in the pack, cached in storage under a name derived from their content, so a request renders a paper at
most once."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from meetings.minutes_source import minutes_source
from meetings.models import AgendaPack, Document
from meetings.packs.collect import ItemEntry, PackContent, Paper, audience_for_variant
from meetings.packs.render import prepare_inserted_pages, render_pdf_document, write_tagged_pdf
from meetings.packs.renderer import RENDERER_VERSIONS
from portal.formats import short_date

RENDITION_VERSION = "2"  # 2: PDF/UA fixes (meetings/packs/tagging.py)


def paper_for(document: Document) -> tuple[Paper, ItemEntry]:
    minutes = None
    if document.minutes_id:
        # The paper shows the minutes as its readers may see them: exempt minutes only in an exempt paper. The
        # paper is readable only while its minutes are public (Document.objects.visible_to).
        variant = AgendaPack.Variant.MEMBERS if document.is_exempt else AgendaPack.Variant.PUBLIC
        audience = audience_for_variant(document.meeting, variant, confirming=[document.minutes.meeting_id])
        minutes = minutes_source().readable_minutes(audience, [document.minutes_id])[document.minutes_id]
    paper = Paper(document=document, exempt_paragraph=document.effective_exempt_paragraph, minutes=minutes)
    return paper, ItemEntry(item=document.agenda_item, papers=[paper])


def paper_title(document: Document) -> str:
    """The PDF's title, the same in its Info dictionary and its XMP metadata (PDF/UA checks they agree)."""
    return f"{document.title} ({document.meeting.panel.name}, {short_date(document.meeting.date)})"


def render_paper_html(document: Document) -> str:
    paper, entry = paper_for(document)
    content = PackContent(
        meeting=document.meeting, variant="paper", audience=None, parts=[(None, [entry])], membership=None
    )  # "paper": one paper alone, neither pack
    page_rules, _, _ = prepare_inserted_pages(content, read_file=None)
    return render_to_string(
        "meetings/pack/document.html",
        {
            "paper": paper,
            "entry": entry,
            "meeting": document.meeting,
            "page_rules": page_rules,
            "title": paper_title(document),
        },
    )


def rendered_paper_pdf(document: Document) -> bytes:
    """The paper as a tagged PDF, from the storage cache when its content has not changed."""
    html = render_paper_html(document)
    key = hashlib.sha256(f"{RENDITION_VERSION}|{RENDERER_VERSIONS}|{html}".encode()).hexdigest()
    name = f"renditions/{document.uuid}-{key[:20]}.pdf"
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as cached:
            return cached.read()
    pdf = write_tagged_pdf(render_pdf_document(html))
    default_storage.save(name, ContentFile(pdf))
    return pdf
