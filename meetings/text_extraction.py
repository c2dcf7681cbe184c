"""The text of uploaded PDF papers, read in the background for the search index and the reading copy: an upload
returns at once, and the paper becomes searchable by its content, and readable as a web page, when the worker has
read it (within the upload check's limits)."""

import logging

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from meetings.models import Document
from meetings.pdf_files import UnusablePdf, extract_text
from meetings.reading_copy import ReadingCopy, reading_copy, to_stored

log = logging.getLogger("meetings.text_extraction")


def extract_paper_text(document: Document) -> str:
    """Read the paper's text and its reading copy and save them, which re-indexes it for search. A file that
    cannot be read is searchable by its title and summary only, and its reading copy is empty (the page then says
    to ask for another format); the reason is logged."""
    with document.file.open("rb") as handle:
        data = handle.read()
    try:
        text = extract_text(data)
    except UnusablePdf as exc:
        log.warning("Could not read the text of paper %s (%s): %s", document.pk, document.title, exc)
        text = ""
    try:
        copy = reading_copy(data)
    except Exception as exc:  # noqa: BLE001 - any failure to read an uploaded file leaves an empty reading copy
        log.warning("Could not make the reading copy of paper %s (%s): %s", document.pk, document.title, exc)
        copy = ReadingCopy(blocks=[], tagged=False, pages=document.page_count or 0)
    document.extracted_text = text.replace("\x00", "")
    document.reading_copy = to_stored(copy)
    document.text_extracted_at = timezone.now()
    document.skip_history_when_saving = True  # derived from the file, which history already keeps
    document.save(update_fields=["extracted_text", "reading_copy", "text_extracted_at"])
    return document.extracted_text


@task()
def extract_paper_text_task(document_id: int) -> int:
    document = Document.objects.filter(pk=document_id).exclude(file="").first()
    if document is None:
        return 0  # removed before the worker got to it
    return len(extract_paper_text(document))


def extract_after_commit(document: Document) -> None:
    """Queue the extraction once the paper is saved for good (a rolled-back upload queues nothing)."""
    transaction.on_commit(lambda: extract_paper_text_task.enqueue(document.pk))
