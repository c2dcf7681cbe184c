"""An import run: committees → panels, meetings → meetings (with items, papers, members, attendance and minutes),
each meeting in its own transaction, so that a failure skips that meeting whole and the run goes on.

Papers are fetched and checked (SHA-256, page count, text for search, the cleaned copy the portal republishes)
before the meeting's transaction opens, so no transaction waits on the network. The next meetings' responses and
papers are fetched and checked by a few threads while this one is written (each PDF in a sandboxed child of a
long-lived sandbox server, meetings/pdf_checkers.py); only this thread touches the database, and meetings are
written in the order of the queue. Restricted items and papers
(ModernGov's `isrestricted`) arrive exempt with their paragraph not yet set, an officer's task; a restricted paper
is never fetched, since the public service does not serve it."""

import datetime
import hashlib
import json
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from meetings.models import (
    LONDON,
    PARAGRAPH_NOT_SET,
    AgendaItem,
    Council,
    Councillor,
    Document,
    Meeting,
    Membership,
    Panel,
)
from meetings.municipal_year import MunicipalYear
from meetings.pdf_checkers import CheckedPdf, PdfCheckers
from meetings.pdf_files import UnusablePdf
from meetings.services import unique_document_slug
from minutes.models import Attendance, MinuteEntry, Minutes
from portal import search_index
from portal.formats import long_date
from portal.imports.models import ImportRun, SourceRecord
from portal.imports.moderngov import mapping, parse
from portal.imports.moderngov.parse import BadRecord
from portal.imports.moderngov.source import SourceError
from portal.page_cache import bump_content_version

EARLIEST = datetime.date(1990, 1, 1)
# Meetings whose responses and papers are fetched ahead of the one being written.
LOOKAHEAD = 4
Kind = SourceRecord.Kind
# What an import sets on an item it brought in before.
ITEM_FIELDS = ["meeting", "position", "number", "title", "description", "published_at", "exempt_paragraph"]


class DryRun(Exception):
    """Raised at the end of a dry run to roll back everything it wrote."""


@dataclass
class Options:
    committee_ids: list[str] = field(default_factory=list)
    from_date: datetime.date | None = None
    to_date: datetime.date | None = None
    dry_run: bool = False
    # PDF checks at a time (each a sandboxed child process); by default one per core.
    workers: int = 0


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)
    tasks: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "summary": dict(sorted(self.counts.items())),
            "warnings": self.warnings,
            "failures": self.failures,
            "tasks": self.tasks,
        }


@dataclass
class FetchedPaper:
    paper: parse.Paper
    data: bytes
    page_count: int
    sha256: str
    published: bytes
    text: str


@dataclass
class Pending:
    """A meeting on its way: its response being fetched, then its papers being fetched and checked."""

    panel: Panel
    meeting_id: str
    response: Future
    source: parse.Meeting | None = None
    fingerprint: str = ""
    papers: dict[str, tuple[parse.Paper, Future]] | None = None
    error: Exception | None = None
    unchanged: bool = False

    def ready(self) -> bool:
        if self.papers is None:
            return False
        return all(future.done() for _, future in self.papers.values())


def london_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=LONDON)


class Importer:
    def __init__(self, source, council: Council, options: Options, progress: Callable[[Iterable], Iterable] = iter):
        self.source = source
        self.council = council
        self.options = options
        self.progress = progress
        self.report = Report()
        self.today = timezone.localdate()
        self._types: dict[type, ContentType] = {}
        # While a meeting is written: its records already imported and what they point at (read in a query per
        # kind), and the records to write (in one statement at the end).
        self._loaded: dict[tuple[str, str], models.Model | None] | None = None
        self._records: dict[tuple[str, str], SourceRecord] = {}
        self._to_remember: dict[tuple[str, str], SourceRecord] = {}

    # Source ids ----------------------------------------------------------------------------------------------

    def _record(self, kind: str, source_id: str) -> SourceRecord | None:
        return SourceRecord.objects.filter(council=self.council, kind=kind, source_id=source_id).first()

    def _target(self, kind: str, source_id: str, model: type[models.Model]):
        if self._loaded is not None and (kind, source_id) in self._loaded:
            return self._loaded[kind, source_id]
        record = self._record(kind, source_id)
        return model.objects.filter(pk=record.object_id).first() if record else None

    def _remember(self, kind: str, source_id: str, obj: models.Model, fingerprint: str = "", data=None) -> None:
        content_type = self._types.get(type(obj)) or ContentType.objects.get_for_model(obj)
        self._types[type(obj)] = content_type
        if self._loaded is not None:
            self._loaded[kind, source_id] = obj
            self._to_remember[kind, source_id] = SourceRecord(
                council=self.council,
                kind=kind,
                source_id=source_id,
                content_type=content_type,
                object_id=obj.pk,
                fingerprint=fingerprint,
                data=data or {},
            )
            return
        SourceRecord.objects.update_or_create(
            council=self.council,
            kind=kind,
            source_id=source_id,
            defaults={
                "content_type": content_type,
                "object_id": obj.pk,
                "fingerprint": fingerprint,
                "data": data or {},
            },
        )

    def _load(self, source: parse.Meeting) -> None:
        """The meeting's records imported before, and what they point at: a query per kind, not two per record."""
        wanted = {
            (Kind.MEETING, Meeting): [source.id],
            (Kind.AGENDA_ITEM, AgendaItem): [entry.id for entry in source.items],
            (Kind.MINUTE, MinuteEntry): [entry.id for entry in source.items if entry.minutes_html],
            (Kind.PAPER, Document): [paper.id for entry in source.items for paper in entry.papers],
            (Kind.MEMBER, Councillor): [attendee.id for attendee in source.attendees],
        }
        query = Q()
        for (kind, _), ids in wanted.items():
            if ids:
                query |= Q(kind=kind, source_id__in=ids)
        records = {(r.kind, r.source_id): r for r in SourceRecord.objects.filter(query, council=self.council)}
        self._loaded = {}
        for (kind, model), ids in wanted.items():
            found = model.objects.in_bulk([r.object_id for (k, _), r in records.items() if k == kind])
            for source_id in ids:
                record = records.get((kind, source_id))
                self._loaded[kind, source_id] = found.get(record.object_id) if record else None
        self._to_remember = {}

    def _write_remembered(self) -> None:
        SourceRecord.objects.bulk_create(
            list(self._to_remember.values()),
            update_conflicts=True,
            unique_fields=["council", "system", "kind", "source_id"],
            update_fields=["content_type", "object_id", "fingerprint", "data", "imported_at"],
        )
        self._to_remember = {}

    def _forget_loaded(self) -> None:
        self._loaded, self._to_remember = None, {}

    # The run -------------------------------------------------------------------------------------------------

    def run(self) -> Report:
        committees = parse.committees(self.source.committees())
        wanted = set(self.options.committee_ids)
        if wanted:
            unknown = wanted - {committee.id for committee in committees}
            for committee_id in sorted(unknown):
                self.report.warnings.append(f"Committee {committee_id} is not in the site's list of committees.")
            committees = [committee for committee in committees if committee.id in wanted]
        if not self.options.dry_run:
            self._run(committees)  # each meeting in its own transaction
            return self.report
        try:
            with transaction.atomic():
                self._run(committees)
                raise DryRun
        except DryRun:
            pass
        return self.report

    def _run(self, committees: list[parse.Committee]) -> None:
        from_date = self.options.from_date or EARLIEST
        to_date = self.options.to_date or self.today + datetime.timedelta(days=366)
        queue: list[tuple[Panel, parse.MeetingSummary]] = []
        panels: list[tuple[parse.Committee, Panel]] = []
        for committee in committees:
            panel = self.panel_for(committee)
            panels.append((committee, panel))
            self.report.counts["committees"] += 1
            try:
                listing = self.source.meetings(committee.id, f"{from_date:%d/%m/%Y}", f"{to_date:%d/%m/%Y}")
            except SourceError as exc:
                self.report.failures.append({"committee": committee.id, "error": str(exc)})
                continue
            for summary in parse.meeting_summaries(listing):
                if summary.committee_id not in {"", committee.id}:
                    continue
                if summary.date and not from_date <= summary.date <= to_date:
                    continue
                queue.append((panel, summary))
        workers = self.options.workers or min(4, os.cpu_count() or 1)
        # Threads wait on the network and on the sandboxes: enough to keep every sandbox busy while others download.
        with PdfCheckers(workers) as self.checkers, ThreadPoolExecutor(2 * workers + 2, "import") as self.threads:
            window: deque[Pending] = deque()
            for panel, summary in self.progress(queue):
                window.append(Pending(panel, summary.id, self.threads.submit(self.source.meeting, summary.id)))
                self.advance(window, LOOKAHEAD)
            self.advance(window, 0)
        for committee, panel in panels:
            self.settle_retirement(committee, panel)

    def advance(self, window: deque[Pending], lookahead: int) -> None:
        """Start the papers of each meeting whose response has come; write the oldest meetings that are ready, and
        any beyond the lookahead (waiting for them)."""
        for pending in window:
            if pending.papers is None and pending.response.done():
                self.prepare(pending)
        while window and (len(window) > lookahead or window[0].ready()):
            pending = window.popleft()
            if pending.papers is None:
                self.prepare(pending)
            self.finish(pending)

    # Committees ----------------------------------------------------------------------------------------------

    def panel_for(self, committee: parse.Committee) -> Panel:
        record = self._record(Kind.COMMITTEE, committee.id)
        panel = Panel.objects.filter(pk=record.object_id).first() if record else None
        kind = mapping.panel_kind(committee.title, committee.category)
        if panel is None:
            panel = Panel.objects.create(
                council=self.council, name=committee.title[:200], slug=self._panel_slug(committee.title), kind=kind
            )
            self.report.counts["panels_created"] += 1
        elif panel.name != committee.title[:200]:
            panel.name = committee.title[:200]
            panel.save(update_fields=["name"])
        data = {"category": committee.category, "expired": committee.expired, "deleted": committee.deleted}
        if record and record.object_id == panel.pk and record.data.get("retired_by_import"):
            data["retired_by_import"] = True
        self._remember(Kind.COMMITTEE, committee.id, panel, data=data)
        return panel

    def settle_retirement(self, committee: parse.Committee, panel: Panel) -> None:
        """A committee ModernGov calls expired or deleted is a retired panel, as of its last meeting (or the day
        of the import, if it has none); its meetings keep their record. One that comes back is reopened, unless
        an officer retired it rather than an import."""
        record = self._record(Kind.COMMITTEE, committee.id)
        gone = committee.expired or committee.deleted
        panel.refresh_from_db(fields=["retired_on"])
        if gone and panel.retired_on is None:
            last = panel.meetings.filter(date__lte=self.today).aggregate(last=models.Max("date"))["last"]
            panel.retired_on = last or self.today
            panel.save(update_fields=["retired_on"])
            record.data["retired_by_import"] = True
            record.save(update_fields=["data"])
            self.report.counts["panels_retired"] += 1
            since = "its last meeting" if last else "the day of this import"
            self.report.warnings.append(
                f"{panel.name}: {'deleted' if committee.deleted else 'expired'} in ModernGov, so the panel is "
                f"retired as of {long_date(panel.retired_on)} ({since}); its meetings keep their record. An officer "
                "can correct the date."
            )
        elif not gone and panel.retired_on is not None and record.data.get("retired_by_import"):
            panel.retired_on = None
            panel.save(update_fields=["retired_on"])
            del record.data["retired_by_import"]
            record.save(update_fields=["data"])
            self.report.counts["panels_reopened"] += 1
            self.report.warnings.append(f"{panel.name}: current again in ModernGov, so the panel is no longer retired.")

    def _panel_slug(self, title: str) -> str:
        base = slugify(title)[:90] or "committee"
        slug, n = base, 2
        while Panel.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    # Meetings ------------------------------------------------------------------------------------------------

    def prepare(self, pending: Pending) -> None:
        """Its response read; unless unchanged since the last run, its papers sent to be fetched and checked."""
        pending.papers = {}
        try:
            root, body = pending.response.result()
            pending.fingerprint = hashlib.sha256(body).hexdigest()
            record = self._record(Kind.MEETING, pending.meeting_id)
            if record and record.fingerprint == pending.fingerprint:
                pending.unchanged = True
                return
            pending.source = parse.meeting(root)
        except (SourceError, BadRecord, DatabaseError) as exc:
            pending.error = exc
            return
        wanted = [
            paper
            for item in pending.source.items
            for paper in item.papers
            if not (paper.restricted or item.restricted or paper.is_url)
        ]
        known = set(
            SourceRecord.objects.filter(
                council=self.council, kind=Kind.PAPER, source_id__in=[paper.id for paper in wanted]
            ).values_list("source_id", flat=True)
        )
        for paper in wanted:
            if paper.id in known or paper.id in pending.papers:
                continue
            if self.options.dry_run:
                self.report.counts["papers_to_download"] += 1
                continue
            pending.papers[paper.id] = (paper, self.threads.submit(self.fetch_paper, paper.id))

    def fetch_paper(self, paper_id: str) -> tuple[bytes, CheckedPdf]:
        """In a thread: the paper downloaded and checked in a sandbox (no database here)."""
        data = self.source.paper(paper_id, "")
        return data, self.checkers.check(data)

    def finish(self, pending: Pending) -> None:
        """Its papers collected, the meeting written in one transaction; or its failure reported."""
        if pending.unchanged:
            self.report.counts["meetings_unchanged"] += 1
            return
        try:
            if pending.error is not None:
                raise pending.error
            papers, complete = self.collect_papers(pending)
            with transaction.atomic(), search_index.deferred():
                self._load(pending.source)
                meeting = self.write_meeting(
                    pending.panel, pending.source, papers, pending.fingerprint if complete else ""
                )
                self._write_remembered()
                # Indexed once, whole, in the same transaction, rather than a few rows at each save.
                search_index.index_meeting(meeting.pk)
        except (SourceError, BadRecord, IntegrityError, DatabaseError) as exc:
            self.report.counts["meetings_failed"] += 1
            self.report.failures.append({"meeting": pending.meeting_id, "error": _reason(exc)})
        finally:
            self._forget_loaded()

    def collect_papers(self, pending: Pending) -> tuple[dict[str, FetchedPaper], bool]:
        """The public papers not yet imported, fetched and checked; and whether every one of them was."""
        fetched, complete, source = {}, True, pending.source
        for paper, future in pending.papers.values():
            try:
                data, checked = future.result()
            except (SourceError, UnusablePdf) as exc:
                complete = False
                self.report.counts["papers_failed"] += 1
                self.report.failures.append(
                    {"meeting": source.id, "paper": paper.id, "title": paper.title, "error": str(exc)}
                )
                self.report.tasks.append(
                    {
                        "task": "paper_failed",
                        "meeting": source.id,
                        "paper": paper.id,
                        "title": paper.title,
                        "detail": str(exc),
                    }
                )
                continue
            if checked.text_refused:
                self.report.warnings.append(f"Paper {paper.id} ({paper.title}): its text could not be read.")
            facts = checked.facts
            text = checked.text.replace("\x00", "")
            fetched[paper.id] = FetchedPaper(paper, data, facts.page_count, facts.sha256, facts.published, text)
        return fetched, complete

    def meeting_status(self, source: parse.Meeting) -> tuple[str, str]:
        """(status, cancellation reason). ModernGov's status is free text: "Cancelled" (perhaps with a reason
        after it), "Confirmed", "Confirmed; Budget Council"...; the portal's follows from it and the date."""
        text = source.status.strip()
        if text.lower().startswith("cancel"):
            return Meeting.Status.CANCELLED, text[len("cancelled") :].strip(" ;:,-") if len(text) > 9 else ""
        if source.date < self.today:
            return Meeting.Status.HELD, ""
        if source.agenda_published:
            return Meeting.Status.AGENDA_PUBLISHED, ""
        return Meeting.Status.SCHEDULED, ""

    def write_meeting(self, panel: Panel, source: parse.Meeting, papers: dict, fingerprint: str) -> Meeting:
        status, reason = self.meeting_status(source)
        end_time = source.planned_finish
        if end_time is not None and (source.start_time is None or end_time <= source.start_time):
            self.report.warnings.append(
                f"Meeting {source.id}: the planned finish {end_time:%H:%M} is not after the start; left out."
            )
            end_time = None
        if source.start_time is None and source.time_text:
            self.report.warnings.append(f"Meeting {source.id}: the time {source.time_text!r} is not a time.")
        publications = [p.publication_date for item in source.items for p in item.papers if p.publication_date]
        published_at = None
        if source.agenda_published:
            published_at = london_midnight(min(publications) if publications else source.date)
        fields = {
            "panel": panel,
            "date": source.date,
            "start_time": source.start_time,
            "end_time": end_time,
            "venue": source.location[:200],
            "status": status,
            "cancellation_reason": reason,
            "livestream_note": "Webcast (see the council's ModernGov site)." if source.is_webcast else "",
            "agenda_published_at": published_at,
        }
        meeting = self._target(Kind.MEETING, source.id, Meeting)
        if meeting is None:
            if Meeting.objects.filter(panel=panel, date=source.date).exists():
                raise BadRecord(
                    f"{panel} already has a meeting on {source.date:%-d %B %Y} that this import did not bring in "
                    f"(ModernGov meeting {source.id} is skipped)."
                )
            meeting = Meeting.objects.create(**fields)
            self.report.counts["meetings_created"] += 1
        else:
            for name, value in fields.items():
                setattr(meeting, name, value)
            meeting.save()
            self.report.counts["meetings_updated"] += 1
        items = self.write_items(meeting, source, published_at)
        self.write_papers(meeting, source, items, papers, published_at)
        seats = self.write_members(panel, source)
        self.write_minutes(meeting, source, items, seats, held=status == Meeting.Status.HELD)
        self._remember(Kind.MEETING, source.id, meeting, fingerprint, data={"status_text": source.status})
        return meeting

    def write_items(self, meeting: Meeting, source: parse.Meeting, published_at) -> dict[str, AgendaItem]:
        """The meeting's items, new ones in one statement and known ones in another, each with its history row."""
        entries, new, known = [], [], []
        for position, entry in enumerate(source.items, start=1):
            description = mapping.word_html_to_text(entry.text_html)
            if entry.presenter:
                description = f"{description}\n\nPresented by: {entry.presenter}".strip()
            item = self._target(Kind.AGENDA_ITEM, entry.id, AgendaItem) or AgendaItem(meeting=meeting)
            created = item.pk is None
            item.meeting = meeting
            item.position = position
            item.number = entry.number[:10]
            item.title = entry.title[:500]
            item.description = description
            if created:
                item.kind = mapping.item_kind(entry.title)
            item.published_at = published_at
            if entry.restricted and item.exempt_paragraph is None:
                item.exempt_paragraph = PARAGRAPH_NOT_SET
            elif not entry.restricted and item.exempt_paragraph == PARAGRAPH_NOT_SET:
                self.report.warnings.append(
                    f"Item {entry.id} ({entry.title}) is no longer restricted in ModernGov; it stays exempt until an "
                    "officer decides."
                )
            (new if created else known).append(item)
            entries.append((entry, item, created))
        self._bulk_write(AgendaItem, new, known, ITEM_FIELDS)
        items = {}
        for entry, item, created in entries:
            self.report.counts["items_created" if created else "items_updated"] += 1
            if item.exempt_paragraph == PARAGRAPH_NOT_SET:
                self.report.tasks.append(
                    {"task": "exempt_paragraph", "meeting": source.id, "item": item.pk, "title": item.title}
                )
            self._remember(Kind.AGENDA_ITEM, entry.id, item)
            items[entry.id] = item
        return items

    def _bulk_write(self, model: type[models.Model], new: list, known: list, fields: list[str]) -> None:
        """Rows of one meeting in two statements (and two for their history rows) rather than one save each. Bulk
        writes send no save signals: the search index is rebuilt for the whole meeting anyway, and public pages
        are told the content changed here."""
        if new:
            bulk_create_with_history(new, model)
        if known:
            bulk_update_with_history(known, model, fields)
        if new or known:
            bump_content_version()

    def write_papers(self, meeting, source: parse.Meeting, items: dict, papers: dict, published_at) -> None:
        new, known, remembered, slugs = [], [], [], None
        for entry in source.items:
            item = items[entry.id]
            for position, paper in enumerate(entry.papers, start=1):
                document = self._target(Kind.PAPER, paper.id, Document)
                if document is not None:
                    document.title = paper.title[:300]
                    document.position = position
                    document.published_at = published_at and (
                        london_midnight(paper.publication_date) if paper.publication_date else published_at
                    )
                    known.append(document)
                    self.report.counts["papers_unchanged"] += 1
                    continue
                if paper.restricted or entry.restricted:
                    self.report.counts["papers_restricted"] += 1
                    self.report.tasks.append(
                        {
                            "task": "restricted_paper",
                            "meeting": source.id,
                            "item": item.pk,
                            "paper": paper.id,
                            "title": paper.title,
                        }
                    )
                    continue
                if paper.is_url:
                    self.report.counts["papers_skipped"] += 1
                    self.report.warnings.append(f"Paper {paper.id} ({paper.title}) is a link, not a PDF: left out.")
                    continue
                fetched = papers.get(paper.id)
                if fetched is None:
                    continue  # failed to download (reported) or a dry run
                if slugs is None:  # the meeting's slugs, read once: the new papers are saved together below
                    slugs = set(Document.objects.filter(meeting=meeting).values_list("slug", flat=True))
                document = Document(
                    meeting=meeting,
                    agenda_item=item,
                    position=position,
                    slug=unique_document_slug(meeting, paper.title, slugs),
                    title=paper.title[:300],
                    kind=mapping.paper_kind(paper.title, paper.owner_title),
                    date=paper.publication_date,
                    page_count=fetched.page_count,
                    file_sha256=fetched.sha256,
                    file_size=len(fetched.data),
                    extracted_text=fetched.text,
                    text_extracted_at=timezone.now(),
                    published_at=published_at
                    and (london_midnight(paper.publication_date) if paper.publication_date else published_at),
                )
                document.file.save("upload.pdf", ContentFile(fetched.data), save=False)
                document.published_file.save("published.pdf", ContentFile(fetched.published), save=False)
                new.append(document)
                remembered.append((paper.id, document, fetched.sha256))
        self._bulk_write(Document, new, known, ["title", "position", "published_at"])
        for paper_id, document, sha256 in remembered:
            self.report.counts["papers_downloaded"] += 1
            self._remember(Kind.PAPER, paper_id, document, sha256)

    def write_members(self, panel: Panel, source: parse.Meeting) -> dict[str, tuple[Councillor, str | None]]:
        seats = {}
        year = MunicipalYear.containing(source.date).start_year
        year_seats = {seat.councillor_id: seat for seat in panel.memberships.filter(municipal_year=year)}
        for attendee in source.attendees:
            name = mapping.councillor_name(attendee.name)
            if name is None:
                continue
            councillor = self._target(Kind.MEMBER, attendee.id, Councillor)
            if councillor is None:
                first_name, surname = name
                councillor = Councillor.objects.create(
                    council=self.council,
                    first_name=first_name[:100],
                    surname=surname[:100],
                    slug=self._councillor_slug(f"{first_name} {surname}"),
                    party=attendee.party[:100],
                    ward=attendee.ward[:100],
                )
                self.report.counts["councillors_created"] += 1
                self._remember(Kind.MEMBER, attendee.id, councillor)
            elif (councillor.party, councillor.ward) != (attendee.party[:100], attendee.ward[:100]):
                councillor.party, councillor.ward = attendee.party[:100], attendee.ward[:100]
                councillor.save()
            role = mapping.membership_role(attendee.role)
            if role is not None:
                seat = year_seats.get(councillor.pk)
                if seat is None:
                    seat = Membership.objects.create(
                        panel=panel, councillor=councillor, municipal_year=year, role=role, position=len(year_seats)
                    )
                    year_seats[councillor.pk] = seat
                    self.report.counts["seats_created"] += 1
                elif seat.role != role and role != Membership.Role.MEMBER:
                    seat.role = role
                    seat.save(update_fields=["role"])
            seats[attendee.id] = (councillor, role)
        return seats

    def _councillor_slug(self, name: str) -> str:
        base = slugify(name)[:40] or "councillor"
        slug, n = base, 2
        while Councillor.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def write_minutes(self, meeting: Meeting, source: parse.Meeting, items: dict, seats: dict, held: bool) -> None:
        minuted = [entry for entry in source.items if entry.minutes_html]
        attended = [a for a in source.attendees if held and mapping.attendance_category(a.attendance)]
        if not minuted and not attended:
            return
        record, created = Minutes.objects.get_or_create(meeting=meeting)
        if source.minutes_published and record.status == Minutes.Status.DRAFT:
            record.status, record.published_at = Minutes.Status.PUBLISHED, timezone.now()
            record.save()
        self.report.counts["minutes_created" if created else "minutes_updated"] += 1
        if attended:
            record.attendance.all().delete()
            for position, attendee in enumerate(attended, start=1):
                councillor, role = seats.get(attendee.id, (None, None))
                Attendance.objects.create(
                    minutes=record,
                    position=position,
                    category=mapping.attendance_category(attendee.attendance),
                    councillor=councillor,
                    name="" if councillor else attendee.name[:200],
                    role=mapping.attendance_role(role) if councillor else "",
                )
        for position, entry in enumerate(minuted, start=1):
            if record.status != Minutes.Status.DRAFT and not entry.minute_published:
                self.report.warnings.append(f"Item {entry.id}: its minute is not published in ModernGov; left out.")
                continue
            minute = self._target(Kind.MINUTE, entry.id, MinuteEntry) or MinuteEntry(minutes=record)
            minute.minutes = record
            minute.position = position
            minute.number = entry.minutes_number[:20]
            minute.heading = entry.title[:500]
            minute.agenda_item = items[entry.id]
            minute.body_html = mapping.word_html(entry.minutes_html)
            if entry.restricted and minute.exempt_paragraph is None:
                minute.exempt_paragraph = PARAGRAPH_NOT_SET
            minute.save()
            self.report.counts["minute_entries"] += 1
            self._remember(Kind.MINUTE, entry.id, minute)


def _reason(exc: Exception) -> str:
    if isinstance(exc, IntegrityError | DatabaseError):
        return f"The portal refused the meeting ({exc.__class__.__name__}: {str(exc).splitlines()[0]})."
    return str(exc)


def execute(run: ImportRun, source, progress=iter, report_path: Path | None = None, workers: int = 0) -> Report:
    """Run `run` against `source`, recording its outcome on the run (and in a JSON file, if given); `workers` PDF
    checks at a time (by default one per core, at most four)."""
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING, started_at=timezone.now())
    options = Options(run.committee_ids, run.from_date, run.to_date, run.dry_run, workers)
    importer = Importer(source, run.council, options, progress)
    status, error = ImportRun.Status.DONE, ""
    try:
        importer.run()
    except SourceError as exc:
        status, error = ImportRun.Status.FAILED, str(exc)
    report = importer.report
    report.counts["requests"] = source.requests
    run.status, run.error, run.finished_at = status, error, timezone.now()
    run.summary, run.warnings, run.failures, run.tasks = (
        dict(report.counts),
        report.warnings,
        report.failures,
        report.tasks,
    )
    run.save()
    if report_path is not None:
        report_path.parent.mkdir(parents=True, exist_ok=True)
        document = {"run": run.pk, "source": run.source, "status": status, "error": error} | report.as_dict()
        report_path.write_text(json.dumps(document, indent=2, default=str))
    return report
