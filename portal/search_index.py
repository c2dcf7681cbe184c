"""The search index: one SearchEntry per agenda item, paper, minute and resolution, kept current by signals.

A change to one item, paper or minute re-indexes it at once (a few statements). A change that touches a whole
meeting's entries (its date or panel, a panel's address, a publication) re-indexes the meeting in the background
(`index_meeting_task`, run by the worker) once its transaction commits: once per meeting however many changes the
transaction holds, and not at all while a re-index of that meeting is still waiting for the worker.

Each entry carries the two facts its visibility is decided on, taken from the indexed object's own rule (its
`is_published` and its exempt paragraph in effect, the twins of its visibility queryset), and its meeting, panel
and date; `SearchEntry.objects.visible_to` (portal/models.py) combines them with the audience's `readable`,
exactly as the models' querysets do, so that a search is one indexed query and finds only what the reader may open.
"""

import contextlib
import contextvars
import logging
import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser

from django.contrib.postgres.search import SearchVector
from django.db import transaction
from django.db.models import Q, QuerySet, Value
from django.db.models.signals import post_delete, post_save
from django.tasks import task
from django.urls import reverse

from meetings.models import AgendaItem, Document, Meeting, Panel
from minutes.models import MinuteEntry, Minutes, Resolution, ResolutionPart
from minutes.signals import minutes_bulk_changed
from portal.after_commit import once_on_commit
from portal.models import SearchEntry

log = logging.getLogger("portal.search")

SEARCH_CONFIG = "english"
# ts_headline marks matches with these; they are stripped from indexed text, so only PostgreSQL puts them there.
START_MARK, STOP_MARK = "\ue000", "\ue001"
# A tsvector holds at most 1 MB, and snippets are cut from the body on every results page: long papers are
# searchable by their first pages only.
MAX_BODY_CHARS = 60_000
BATCH_SIZE = 500


# --- text ---------------------------------------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "br", "hr", "div", "li", "dt", "dd", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "table", "caption", "ul", "ol", "dl", "section",
}  # fmt: skip
_SPACES = re.compile(r"[^\S\n]+")  # runs of white space other than line breaks
_LINE_BREAKS = re.compile(r" ?\n\s*")  # a line break, with the spaces and blank lines around it


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def plain_text(text: str, limit: int = MAX_BODY_CHARS) -> str:
    """Text as it goes into the index: no markers, no NUL (PostgreSQL refuses it), tidy spaces, capped."""
    text = text.replace("\x00", "").replace(START_MARK, "").replace(STOP_MARK, "")
    text = _LINE_BREAKS.sub("\n", _SPACES.sub(" ", text))
    return text.strip()[:limit]


def html_text(html: str) -> str:
    """The words of an HTML fragment, with a line break between blocks so that paragraphs never run together."""
    if not html:
        return ""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return plain_text("".join(extractor.parts))


def pdf_text(document: Document) -> str:
    """The text of an uploaded PDF as the background extraction read it (meetings/text_extraction.py): a PDF is
    never parsed while a request waits. Until it has been read, the paper is found by its title and summary."""
    return plain_text(document.extracted_text)


# --- entries ------------------------------------------------------------------------------------------------------


def _agenda_item_row(item: AgendaItem) -> dict:
    meeting = item.meeting
    body = [item.description]
    if item.presenter_id:
        body.append(f"Presented by {item.presenter.name_and_title}")
    return {
        "kind": "agenda_item",
        "object_id": item.pk,
        "panel_id": meeting.panel_id,
        "meeting_id": meeting.pk,
        "date": meeting.date,
        "title": item.title,
        "body": "\n".join(body),
        "document_kind": "",
        "url": f"{meeting.get_absolute_url()}#item-{item.pk}",
        "published": item.is_published,
        "exempt_paragraph": item.exempt_paragraph,
    }


def _document_text(document: Document) -> str:
    if document.body_html:
        return html_text(document.body_html)
    if document.file:
        return pdf_text(document)
    return ""  # minutes papers: their minutes are indexed entry by entry


def _document_row(document: Document, text: str) -> dict:
    meeting = document.meeting
    if document.minutes_id:
        url = reverse("minutes:minutes_detail", kwargs={"slug": meeting.panel.slug, "date": meeting.date})
    else:
        url = document.get_absolute_url()
    return {
        "kind": "document",
        "object_id": document.pk,
        "panel_id": meeting.panel_id,
        "meeting_id": meeting.pk,
        "date": meeting.date,
        "title": document.title,
        "body": "\n".join(part for part in (document.summary, text) if part),
        "document_kind": document.kind,
        "published": document.is_published,
        "exempt_paragraph": document.effective_exempt_paragraph,
        "url": url,
    }


def _minutes_url(minutes: Minutes, entry_id: int) -> str:
    return f"{minutes.get_absolute_url()}#minute-{entry_id}"


def _minute_entry_row(entry: MinuteEntry) -> dict:
    meeting = entry.minutes.meeting
    return {
        "kind": "minute",
        "object_id": entry.pk,
        "panel_id": meeting.panel_id,
        "meeting_id": meeting.pk,
        "date": meeting.date,
        "title": entry.heading,
        "body": html_text(entry.body_html),
        "document_kind": "",
        "url": _minutes_url(entry.minutes, entry.pk),
        "published": entry.is_published,
        "exempt_paragraph": entry.effective_exempt_paragraph,
    }


def _resolution_row(resolution: Resolution) -> dict:
    entry = resolution.entry
    meeting = entry.minutes.meeting
    parts = [f"({part.label}) {part.text}" for part in resolution.parts.all()]
    return {
        "kind": "resolution",
        "object_id": resolution.pk,
        "panel_id": meeting.panel_id,
        "meeting_id": meeting.pk,
        "date": meeting.date,
        "title": entry.heading,
        "body": "\n".join([resolution.text, *parts]),
        "document_kind": "",
        "url": _minutes_url(entry.minutes, entry.pk),
        # A resolution is part of its minute: it is seen exactly when its minute is.
        "published": entry.is_published,
        "exempt_paragraph": entry.effective_exempt_paragraph,
    }


def _save(rows: Iterable[dict]) -> int:
    """Insert or replace entries, computing each one's weighted vector (title A, body B) in the same statement."""

    entries = []
    for row in rows:
        row["title"] = plain_text(row["title"], limit=500)
        row["body"] = plain_text(row["body"])
        vector = SearchVector(Value(row["title"]), weight="A", config=SEARCH_CONFIG) + SearchVector(
            Value(row["body"]), weight="B", config=SEARCH_CONFIG
        )
        entries.append(SearchEntry(**row, search_vector=vector))
    if entries:
        SearchEntry.objects.bulk_create(
            entries,
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=[
                "panel",
                "meeting",
                "date",
                "title",
                "body",
                "document_kind",
                "url",
                "published",
                "exempt_paragraph",
                "search_vector",
                "indexed_at",
            ],
            batch_size=BATCH_SIZE,
        )
    return len(entries)


def _batches(queryset: QuerySet) -> Iterator[list]:
    batch = []
    for row in queryset.iterator(chunk_size=BATCH_SIZE):
        batch.append(row)
        if len(batch) == BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def index_agenda_items(items: QuerySet[AgendaItem]) -> int:
    items = items.select_related("meeting__panel", "presenter").order_by("pk")
    return sum(_save(_agenda_item_row(item) for item in batch) for batch in _batches(items))


def index_documents(documents: QuerySet[Document], *, reuse_file_text: bool = False) -> int:
    """Index papers. With `reuse_file_text`, uploaded PDFs already in the index keep their extracted text: for
    changes to their item or meeting, which never change the file."""
    documents = documents.select_related("meeting__panel", "agenda_item", "minutes").order_by("pk")
    count = 0
    for batch in _batches(documents):
        known = {}
        if reuse_file_text:
            uploaded = [document.pk for document in batch if document.file]
            known = dict(
                SearchEntry.objects.filter(kind="document", object_id__in=uploaded).values_list("object_id", "body")
            )
        rows = []
        for document in batch:
            if document.pk in known:
                # The stored body already starts with the summary; keep it as it is.
                row = _document_row(document, "")
                row["body"] = known[document.pk]
            else:
                row = _document_row(document, _document_text(document))
            rows.append(row)
        count += _save(rows)
    return count


def index_minute_entries(entries: QuerySet[MinuteEntry]) -> int:
    entries = entries.select_related("minutes__meeting__panel", "agenda_item").order_by("pk")
    return sum(_save(_minute_entry_row(entry) for entry in batch) for batch in _batches(entries))


def index_resolutions(resolutions: QuerySet[Resolution]) -> int:
    resolutions = (
        resolutions.select_related("entry__minutes__meeting__panel", "entry__agenda_item")
        .prefetch_related("parts")
        .order_by("pk")
    )
    return sum(_save(_resolution_row(resolution) for resolution in batch) for batch in _batches(resolutions))


def index_minutes(minutes_id: int) -> int:
    """Every minute and resolution of one set of minutes, and the papers made from them: the minutes' status
    decides whether they are published."""
    return (
        index_minute_entries(MinuteEntry.objects.filter(minutes_id=minutes_id))
        + index_resolutions(Resolution.objects.filter(entry__minutes_id=minutes_id))
        + index_documents(Document.objects.filter(minutes_id=minutes_id))
    )


def index_meeting(meeting_id: int) -> int:
    """Everything of one meeting: its date, panel and publication decide every entry's visibility and address."""
    return (
        index_agenda_items(AgendaItem.objects.filter(meeting_id=meeting_id))
        + index_documents(Document.objects.filter(meeting_id=meeting_id), reuse_file_text=True)
        + index_minute_entries(MinuteEntry.objects.filter(minutes__meeting_id=meeting_id))
        + index_resolutions(Resolution.objects.filter(entry__minutes__meeting_id=meeting_id))
    )


@task()
def index_meeting_task(meeting_id: int) -> int:
    """Re-index a meeting in the background; it reads the meeting as it is when it runs, so running it twice is
    harmless. Search pages cached for the public are then out of date: the content version moves on."""
    from portal.page_cache import bump_content_version

    with transaction.atomic():
        count = index_meeting(meeting_id)
        bump_content_version()
    return count


def _reindex_waiting(meeting_id: int) -> bool:
    """Is a re-index of this meeting queued and not yet started? It will read this change when it runs. (Known for
    the database queue only; with another backend every request is queued.)"""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(index_meeting_task.get_backend(), DatabaseBackend):
        return False
    return (
        DBTaskResult.objects.ready()
        .filter(task_path=index_meeting_task.module_path, args_kwargs__args=[meeting_id])
        .exists()
    )


def index_meeting_after_commit(meeting_id: int) -> None:
    """Re-index the meeting in the background once the current transaction commits (nothing if it rolls back)."""

    def enqueue() -> None:
        if not _reindex_waiting(meeting_id):
            index_meeting_task.enqueue(meeting_id)

    once_on_commit(("search-index-meeting", meeting_id), enqueue)


def remove(kind: str, object_ids: Iterable[int]) -> None:
    SearchEntry.objects.filter(kind=kind, object_id__in=list(object_ids)).delete()


def rebuild() -> int:
    """The whole index again from the records, in one transaction: readers see the old index until it commits,
    then the content version moves on (search pages cached for the public would be out of date)."""
    from django.db import transaction

    from portal.page_cache import bump_content_version

    with transaction.atomic():
        SearchEntry.objects.all().delete()
        count = (
            index_agenda_items(AgendaItem.objects.all())
            + index_documents(Document.objects.all())
            + index_minute_entries(MinuteEntry.objects.all())
            + index_resolutions(Resolution.objects.all())
        )
        bump_content_version()
    return count


# --- keeping it current -------------------------------------------------------------------------------------------
# Fixture loading saves raw rows (and related rows may not exist yet): `load_seed` rebuilds the index afterwards.


# Fields that are no part of any entry: a save of only these leaves the index as it is.
ITEM_BOOKKEEPING = frozenset({"position", "number", "version", "is_late", "urgency_reason", "section"})
MEETING_INDEXED = frozenset({"date", "panel", "panel_id"})


def _agenda_item_saved(sender, instance: AgendaItem, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw or (update_fields is not None and set(update_fields) <= ITEM_BOOKKEEPING):
        return
    index_agenda_items(AgendaItem.objects.filter(pk=instance.pk))
    # Papers inherit the item's exemption and publication; its minutes and their resolutions its exemption.
    index_documents(Document.objects.filter(agenda_item_id=instance.pk), reuse_file_text=True)
    index_minute_entries(MinuteEntry.objects.filter(agenda_item_id=instance.pk))
    index_resolutions(Resolution.objects.filter(entry__agenda_item_id=instance.pk))


def _document_saved(sender, instance: Document, raw: bool = False, **kwargs) -> None:
    if not raw:
        index_documents(Document.objects.filter(pk=instance.pk))


def _minutes_saved(sender, instance: Minutes, raw: bool = False, **kwargs) -> None:
    if not raw:
        index_minutes(instance.pk)


def _minute_entry_saved(sender, instance: MinuteEntry, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    index_minute_entries(MinuteEntry.objects.filter(pk=instance.pk))
    index_resolutions(Resolution.objects.filter(entry_id=instance.pk))


def _resolution_saved(sender, instance: Resolution, raw: bool = False, **kwargs) -> None:
    if not raw:
        index_resolutions(Resolution.objects.filter(pk=instance.pk))


def _resolution_part_changed(sender, instance: ResolutionPart, raw: bool = False, **kwargs) -> None:
    origin = kwargs.get("origin")
    if raw:
        return
    if origin is not None and not (
        isinstance(origin, ResolutionPart) or (isinstance(origin, QuerySet) and origin.model is ResolutionPart)
    ):
        # Deleted along with its resolution (or minute, or meeting): that deletion removes the entry.
        return
    index_resolutions(Resolution.objects.filter(pk=instance.resolution_id))


def _meeting_saved(
    sender, instance: Meeting, raw: bool = False, created: bool = False, update_fields=None, **kwargs
) -> None:
    """Re-index the meeting only if its entries no longer say what it is: they carry its date and panel (a moved
    meeting may fall in another municipal year, which changes who may read its exempt papers), and publishing an
    agenda marks its items and papers published in bulk, then saves the meeting. Not for the agenda's
    bookkeeping (its version), which saves only that."""
    if raw or created or (update_fields is not None and not set(update_fields) & MEETING_INDEXED):
        return
    if _entries_out_of_date(instance):
        index_meeting_after_commit(instance.pk)


def _entries_out_of_date(meeting: Meeting) -> bool:
    """One query: does any entry of the meeting carry another date or panel, or say unpublished for an item or
    paper published since."""
    from portal.models import SearchEntry

    published_items = AgendaItem.objects.filter(meeting=meeting).published().values("pk")
    published_papers = Document.objects.filter(meeting=meeting, published_at__isnull=False).values("pk")
    return (
        SearchEntry.objects.filter(meeting=meeting)
        .filter(
            ~Q(date=meeting.date)
            | ~Q(panel=meeting.panel_id)
            | Q(kind="agenda_item", published=False, object_id__in=published_items)
            | Q(kind="document", published=False, object_id__in=published_papers)
        )
        .exists()
    )


def _panel_saved(sender, instance: Panel, raw: bool = False, created: bool = False, **kwargs) -> None:
    if raw or created:
        return
    # Addresses carry the panel's slug: re-index only if it changed.
    if SearchEntry.objects.filter(panel=instance).exclude(url__startswith=instance.get_absolute_url()).exists():
        for meeting_id in instance.meetings.values_list("pk", flat=True):
            index_meeting_after_commit(meeting_id)


def _agenda_item_deleted(sender, instance: AgendaItem, **kwargs) -> None:
    remove("agenda_item", [instance.pk])


def _document_deleted(sender, instance: Document, **kwargs) -> None:
    remove("document", [instance.pk])


def _minute_entry_deleted(sender, instance: MinuteEntry, **kwargs) -> None:
    remove("minute", [instance.pk])


def _resolution_deleted(sender, instance: Resolution, **kwargs) -> None:
    remove("resolution", [instance.pk])


def _minutes_bulk_changed(sender, minutes_id: int, **kwargs) -> None:
    index_minutes(minutes_id)


_deferred = contextvars.ContextVar("search_index_deferred", default=False)


@contextlib.contextmanager
def deferred():
    """Within it, saves leave the index alone: for writers that save a whole meeting's records at once (an import)
    and then call index_meeting once, in the same transaction, instead of re-indexing a few rows per save. Deletes
    still remove their entries. Per thread (and per task), so other work in the process is unaffected."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def _unless_deferred(handler):
    def guarded(*args, **kwargs) -> None:
        if not _deferred.get():
            handler(*args, **kwargs)

    return guarded


def connect_signals() -> None:
    minutes_bulk_changed.connect(
        _unless_deferred(_minutes_bulk_changed), sender=Minutes, dispatch_uid="search-index-minutes-bulk", weak=False
    )
    saved = [
        (AgendaItem, _agenda_item_saved),
        (Document, _document_saved),
        (Minutes, _minutes_saved),
        (MinuteEntry, _minute_entry_saved),
        (Resolution, _resolution_saved),
        (ResolutionPart, _resolution_part_changed),
        (Meeting, _meeting_saved),
        (Panel, _panel_saved),
    ]
    for model, handler in saved:
        uid = f"search-index-save-{model._meta.label_lower}"
        post_save.connect(_unless_deferred(handler), sender=model, dispatch_uid=uid, weak=False)
    removed = [
        (AgendaItem, _agenda_item_deleted),
        (Document, _document_deleted),
        (MinuteEntry, _minute_entry_deleted),
        (Resolution, _resolution_deleted),
        (ResolutionPart, _resolution_part_changed),
    ]
    for model, handler in removed:
        post_delete.connect(handler, sender=model, dispatch_uid=f"search-index-delete-{model._meta.label_lower}")
