"""Writes with rules: compiling an agenda, attaching papers, publishing agendas and their packs.

Every change to an agenda goes through `_claim_agenda`, which moves the meeting's agenda version on by one only
if the editor saw the latest version, so two officers never overwrite each other silently (`StaleEdit`). Every
change locks its rows in the one order of meetings/locking.py (meeting first), and two changes colliding in the
database anyway come back as `SaveCollided`: the officer's typed text is kept and they save again. Any other
refusal is a `Refused` with the officer's message (portal/errors.py).
"""

import contextlib
import datetime
import hashlib
import logging
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.db.models import F, Max, Prefetch, Q
from django.tasks import TaskResultStatus, default_task_backend
from django.tasks.exceptions import TaskResultDoesNotExist
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_update_with_history

from meetings.locking import lock_meeting_agenda
from meetings.models import (
    REMOVED_AS_EXEMPT,
    AgendaItem,
    AgendaPack,
    AgendaSection,
    BackgroundPaper,
    Document,
    Meeting,
    Officer,
    PackBuildJob,
    PackWithdrawal,
)
from meetings.notice import clear_working_days, notice_is_met
from meetings.packs import (
    PackBuild,
    RenderedPack,
    build_pack,
    discard_files_on_failure,
    fingerprint,
    plan_pack,
    render_plan,
    store,
)
from meetings.packs.collect import collect
from meetings.pdf_files import PdfFacts, inspect_pdf
from meetings.planning import create_standard_items, refresh_standard_items
from meetings.retention import BACKGROUND_PAPERS, refuse_inside_period
from meetings.text_extraction import extract_after_commit
from portal.collisions import atomic_write
from portal.errors import Change, Refused, SaveCollided, StaleEdit
from portal.formats import clock_time, short_date
from portal.history import delete_by, save_by, stamp
from portal.page_cache import bump_content_version
from portal.sanitise import clean_html

logger = logging.getLogger("meetings.publishing")


# A service's transaction: `with writing():`. A collision with another save comes back as SaveCollided.
writing = atomic_write(SaveCollided)


def _who(user) -> str:
    return user.get_full_name() or user.email if user else "someone"


def _latest_change(meeting: Meeting) -> tuple[str, datetime.datetime | None]:
    record = meeting.history.select_related("history_user").order_by("-history_date").first()
    if record is None:
        return "someone", None
    return _who(record.history_user), record.history_date


def _claim_agenda(meeting: Meeting, agenda_version: int, by, **rows) -> Meeting:
    """Lock the meeting (then any `sections`, `items`, `documents` named) and move its agenda version on, or raise
    StaleEdit if the editor's view is out of date."""
    locked = lock_meeting_agenda(meeting, **rows)
    if locked.agenda_version != agenda_version:
        who, when = _latest_change(locked)
        raise StaleEdit(
            "The agenda was changed by someone else after you opened it. Here is the agenda as it is now; "
            "check it and make your change again.",
            by=who,
            at=when,
        )
    locked.agenda_version = F("agenda_version") + 1
    save_by(locked, by, update_fields=["agenda_version"])
    locked.refresh_from_db(fields=["agenda_version"])
    return locked


def _sub_letters():
    """A, B ... Z, then AA, AB ...: the sub-numbers of late items."""
    letters = [chr(code) for code in range(ord("A"), ord("Z") + 1)]
    yield from letters
    for first in letters:
        for second in letters:
            yield first + second


def agenda_numbers(meeting: Meeting, items: list[AgendaItem]) -> list[str]:
    """The printed numbers of the items in this order. Before the agenda is published they follow the order
    (1, 2, 3); once it is, a published item keeps its number wherever it moves (the pack, the minutes and the
    public quoted it), and an item added since takes the next free sub-number after the published item before it
    ("5A", then "5B")."""
    if meeting.agenda_published_at is None:
        return [str(number) for number in range(1, len(items) + 1)]
    taken = {item.number for item in items if item.published_at}
    numbers, root = [], ""
    for item in items:
        if item.published_at:
            numbers.append(item.number)
            root = item.number.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            continue
        number = next(f"{root}{letters}" for letters in _sub_letters() if f"{root}{letters}" not in taken)
        taken.add(number)
        numbers.append(number)
    return numbers


def _renumber(meeting: Meeting, by, order: list[int] | None = None) -> None:
    """Positions follow the order (`order`, or the current one) and numbers follow `agenda_numbers`: the items that
    changed are saved in one statement, and their history rows in one more."""
    items = list(meeting.agenda_items.order_by("position", "pk"))
    if order is not None:
        by_pk = {item.pk: item for item in items}
        items = [by_pk[pk] for pk in order]
    moved = []
    for position, (item, number) in enumerate(zip(items, agenda_numbers(meeting, items), strict=True), start=1):
        if item.position != position or item.number != number:
            item.position, item.number = position, number
            moved.append(item)
    _save_moved(moved, ["position", "number"], by)


def _save_moved(rows: list, fields: list[str], by) -> None:
    """Save the rows that moved in one statement, and their history rows in one more. A bulk update sends no
    signals: positions and numbers are not searched, and a published row's move changes the public agenda, so the
    public cache is moved on here."""
    if not rows:
        return
    model = type(rows[0])
    for row in rows:
        stamp(row, by)
    bulk_update_with_history(rows, model, fields, default_user=by)
    if any(getattr(row, "published_at", None) is not None for row in rows):
        bump_content_version()


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


# The default of an update's arguments: a field not given keeps its value (`update_item(item, ..., title="New")`).
KEEP: Any = _Keep()


def _given(**values) -> dict[str, Any]:
    return {name: value for name, value in values.items() if value is not KEEP}


# Items -------------------------------------------------------------------------------------------------------


def add_item(
    meeting: Meeting,
    *,
    agenda_version: int,
    by,
    after: AgendaItem | None = None,
    title: str,
    kind: str = AgendaItem.Kind.REPORT,
    description: str = "",
    presenter: Officer | None = None,
    section: AgendaSection | None = None,
    exempt_paragraph: int | None = None,
    exemption_reasons: str = "",
    exempt_until: datetime.date | None = None,
    exemption_review_on: datetime.date | None = None,
    urgency_reason: str = "",
    confirms_minutes: Iterable[Any] | None = None,
) -> AgendaItem:
    """Add an item at the end, or just after the item `after` (a late item placed where it will be taken).
    `confirms_minutes`: the earlier meetings' minutes it submits for confirmation."""
    with writing():
        meeting = _claim_agenda(meeting, agenda_version, by)
        position = (meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0) + 1
        submitted = confirms_minutes
        item = AgendaItem(
            meeting=meeting,
            position=position,
            number=str(position),
            title=title,
            kind=kind,
            description=description,
            presenter=presenter,
            section=section,
            exempt_paragraph=exempt_paragraph,
            exemption_reasons=exemption_reasons,
            exempt_until=exempt_until,
            exemption_review_on=exemption_review_on,
            urgency_reason=urgency_reason,
        )
        if meeting.agenda_published_at is not None:
            item.is_late = True  # added after publication: goes out with a supplementary agenda
        save_by(item, by, reason=submitted_minutes_reason(submitted) if submitted else None)
        rows = list(
            meeting.agenda_items.exclude(pk=item.pk).order_by("position", "pk").values_list("pk", "published_at")
        )
        order = [pk for pk, _ in rows]
        index = order.index(after.pk) + 1 if after is not None and after.pk in order else len(order)
        while index < len(rows) and after is not None and rows[index][1] is None:
            index += 1  # after the late items already placed behind it: 5A, then 5B
        order.insert(index, item.pk)
        _renumber(meeting, by, order)
        item.refresh_from_db(fields=["position", "number"])
        if submitted is not None:
            _submit_minutes(item, submitted, by=by)
        return item


ITEM_FIELDS = [
    "title",
    "kind",
    "description",
    "presenter",
    "section",
    "exempt_paragraph",
    "exemption_reasons",
    "exempt_until",
    "exemption_review_on",
]


def _display(item, field: str) -> str:
    value = getattr(item, field)
    if field == "exempt_paragraph":
        return f"Paragraph {value}" if value else "Not exempt"
    if field == "kind":
        return item.get_kind_display()
    return "" if value is None else str(value)


def update_item(
    item: AgendaItem,
    *,
    version: int,
    by,
    title: str = KEEP,
    kind: str = KEEP,
    description: str = KEEP,
    presenter: Officer | None = KEEP,
    section: AgendaSection | None = KEEP,
    exempt_paragraph: int | None = KEEP,
    exemption_reasons: str = KEEP,
    exempt_until: datetime.date | None = KEEP,
    exemption_review_on: datetime.date | None = KEEP,
    confirms_minutes: Iterable[Any] | None = KEEP,
) -> AgendaItem:
    """Save the item's fields given (the others keep their values), or raise StaleEdit listing what the other
    editor changed. `confirms_minutes`: the earlier meetings' minutes it submits for confirmation."""
    fields = _given(
        title=title,
        kind=kind,
        description=description,
        presenter=presenter,
        section=section,
        exempt_paragraph=exempt_paragraph,
        exemption_reasons=exemption_reasons,
        exempt_until=exempt_until,
        exemption_review_on=exemption_review_on,
        confirms_minutes=confirms_minutes,
    )
    with writing():
        lock_meeting_agenda(item.meeting_id, items=[item.pk])
        current = AgendaItem.objects.select_related("presenter", "section").get(pk=item.pk)
        if current.version != version:
            yours = AgendaItem(**{field: fields.get(field, getattr(current, field)) for field in ITEM_FIELDS})
            changes = [
                Change(
                    field=AgendaItem._meta.get_field(field).verbose_name.capitalize(),
                    yours=_display(yours, field),
                    theirs=_display(current, field),
                )
                for field in ITEM_FIELDS
                if field in fields and _display(yours, field) != _display(current, field)
            ]
            record = current.history.select_related("history_user").order_by("-history_date").first()
            raise StaleEdit(
                "Someone else saved this item after you opened it. Your changes are below, not yet saved; "
                "compare them with theirs and save again.",
                changes=changes,
                current=current,
                loaded_version=version,
                by=_who(record.history_user) if record else "someone",
                at=record.history_date if record else None,
            )
        submitted = fields.pop("confirms_minutes", None)
        for field, value in fields.items():
            setattr(current, field, value)
        current.version = current.version + 1
        changed_minutes = submitted is not None and {m.pk for m in submitted} != set(
            current.confirms_minutes.values_list("pk", flat=True)
        )
        save_by(current, by, reason=submitted_minutes_reason(submitted) if changed_minutes else None)
        if submitted is not None:
            _submit_minutes(current, submitted, by=by)
        Meeting.objects.filter(pk=current.meeting_id).update(agenda_version=F("agenda_version") + 1)
        return current


def submitted_minutes_reason(minutes_list) -> str:
    """The history's words for what an item submits, by meeting, never by id."""
    if not minutes_list:
        return "Submits no minutes"
    named = sorted(minutes_list, key=lambda minutes: (minutes.meeting.date, minutes.meeting.panel.name))
    reason = "Submits the minutes of " + "; ".join(
        f"{minutes.meeting.panel.name}, {short_date(minutes.meeting.date)}" for minutes in named
    )
    return reason if len(reason) <= 100 else reason[:99] + "…"  # the history's reason holds 100 characters


def _submit_minutes(item: AgendaItem, minutes_list, *, by) -> None:
    """The item submits exactly these earlier meetings' minutes (of its panel or another of the council): each
    published one gets its paper under the item; an unpublished paper of minutes no longer submitted goes."""
    for minutes in minutes_list:
        held = minutes.meeting
        if held.date >= item.meeting.date or held.panel.council_id != item.meeting.panel.council_id:
            raise Refused(
                f"The minutes of {held.panel.name}, {short_date(held.date)} cannot be submitted here: choose "
                "minutes of an earlier meeting of this council.",
                field="confirms_minutes",
            )
    item.confirms_minutes.set(minutes_list)
    kept = {minutes.pk for minutes in minutes_list}
    for paper in item.documents.filter(minutes__isnull=False, published_at__isnull=True).exclude(minutes__in=kept):
        delete_by(paper, by)
    for minutes in minutes_list:
        _add_minutes_paper(item, minutes, by=by)


def remove_item(item: AgendaItem, *, agenda_version: int, by, as_exempt: bool = False) -> None:
    """Remove an item and its papers. `as_exempt`: they held exempt information, so the history says so and the
    agenda editor asks for the published pack versions that printed them to be withdrawn."""
    with writing():
        papers = list(item.documents.all())
        meeting = _claim_agenda(
            item.meeting, agenda_version, by, items=[item.pk], documents=[paper.pk for paper in papers]
        )
        published = item.published_at is not None or any(paper.published_at for paper in papers)
        if published and not as_exempt:
            refuse_inside_period(f"item {item.number}, “{item.title}”,", meeting.date)
        for document in papers:
            delete_by(document, by, reason=REMOVED_AS_EXEMPT if as_exempt else None)
        delete_by(item, by, reason=REMOVED_AS_EXEMPT if as_exempt else None)
        _renumber(meeting, by)


def move_item(item: AgendaItem, *, offset: int, agenda_version: int, by) -> None:
    """Move an item up (-1) or down (+1) one place."""
    with writing():
        meeting = _claim_agenda(item.meeting, agenda_version, by)
        order = list(meeting.agenda_items.order_by("position", "pk").values_list("pk", flat=True))
        index = order.index(item.pk)
        target = max(0, min(len(order) - 1, index + offset))
        order.insert(target, order.pop(index))
        _apply_order(meeting, order, by)


def reorder_items(meeting: Meeting, order: list[int], *, agenda_version: int, by) -> None:
    with writing():
        meeting = _claim_agenda(meeting, agenda_version, by)
        existing = list(meeting.agenda_items.order_by("position", "pk").values_list("pk", flat=True))
        if sorted(order) != sorted(existing):
            raise StaleEdit("The agenda's items changed while you were moving them. Here is the agenda as it is now.")
        _apply_order(meeting, order, by)


def _apply_order(meeting: Meeting, order: list[int], by) -> None:
    _renumber(meeting, by, order)


def add_section(meeting: Meeting, *, heading: str, excludes_public: bool, agenda_version: int, by) -> AgendaSection:
    with writing():
        meeting = _claim_agenda(meeting, agenda_version, by)
        position = (meeting.sections.aggregate(last=Max("position"))["last"] or 0) + 1
        section = AgendaSection(meeting=meeting, heading=heading, excludes_public=excludes_public, position=position)
        save_by(section, by)
        return section


def update_meeting_details(
    meeting: Meeting,
    *,
    agenda_version: int,
    by,
    venue: str,
    is_virtual: bool,
    livestream_url: str,
    livestream_note: str,
    signatory: str,
    signatory_address: str,
) -> Meeting:
    """Where the meeting is held (or that it is virtual), its livestream, and who signs its agenda."""
    with writing():
        meeting = _claim_agenda(meeting, agenda_version, by)
        meeting.venue, meeting.is_virtual = venue, is_virtual
        meeting.livestream_url, meeting.livestream_note = livestream_url, livestream_note
        meeting.signatory, meeting.signatory_address = signatory, signatory_address
        save_by(meeting, by)
        return meeting


def add_standard_items(meeting: Meeting, *, chair_pro_tem: bool, agenda_version: int, by) -> list[AgendaItem]:
    """Start an empty agenda (a meeting loaded from elsewhere, or one whose items were all removed) with the
    standard items, worded from the schedule as for a newly added meeting. Refused when the agenda already has
    items: the standard ones are added to a blank agenda only, never mixed into a compiled one."""
    with writing():
        meeting = _claim_agenda(meeting, agenda_version, by)
        if meeting.agenda_items.exists():
            raise Refused("The agenda already has items: add any standard item you need one by one.")
        create_standard_items(meeting, chair_pro_tem=chair_pro_tem, by=by)
    return list(meeting.agenda_items.order_by("position"))


# Papers ------------------------------------------------------------------------------------------------------


def unique_document_slug(meeting: Meeting, title: str, taken: set[str] | None = None) -> str:
    """A slug for a new paper of the meeting. A writer that saves several papers at once passes the meeting's
    slugs as `taken` (read once), and each slug given out is added to it."""
    base = slugify(title)[:100] or "paper"
    if taken is None:
        taken = set(Document.objects.filter(meeting=meeting, slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _next_paper_position(item: AgendaItem) -> int:
    return (item.documents.aggregate(last=Max("position"))["last"] or 0) + 1


def attach_pdf(
    item: AgendaItem,
    data: bytes,
    *,
    title: str,
    kind: str = Document.Kind.REPORT,
    by=None,
    facts: PdfFacts | None = None,
    published_at: datetime.datetime | None = None,
    exempt_paragraph: int | None = None,
    exemption_reasons: str = "",
    exempt_until: datetime.date | None = None,
    exemption_review_on: datetime.date | None = None,
) -> Document:
    """Attach an uploaded PDF to an item as its last paper. Raises UnusablePdf with the reason if it cannot be.
    The original is kept as uploaded; its cleaned copy is what packs and downloads republish; its text is read
    in the background. `facts` is the check already made of exactly these bytes (by the upload form)."""
    if facts is None or facts.sha256 != hashlib.sha256(data).hexdigest():
        facts = inspect_pdf(data)
    with writing():
        lock_meeting_agenda(item.meeting_id, items=[item.pk])
        document = Document(
            meeting=item.meeting,
            agenda_item=item,
            position=_next_paper_position(item),
            slug=unique_document_slug(item.meeting, title),
            title=title,
            kind=kind,
            page_count=facts.page_count,
            file_sha256=facts.sha256,
            file_size=facts.size,
            published_at=published_at,
            exempt_paragraph=exempt_paragraph,
            exemption_reasons=exemption_reasons,
            exempt_until=exempt_until,
            exemption_review_on=exemption_review_on,
        )
        document.file.save("upload.pdf", ContentFile(data), save=False)
        document.published_file.save("published.pdf", ContentFile(facts.published), save=False)
        save_by(document, by)
        Meeting.objects.filter(pk=item.meeting_id).update(agenda_version=F("agenda_version") + 1)
        extract_after_commit(document)
        return document


def add_report(
    item: AgendaItem,
    *,
    by,
    title: str,
    body_html: str,
    kind: str = Document.Kind.REPORT,
    author: str = "",
    date: datetime.date | None = None,
    exempt_paragraph: int | None = None,
    exemption_reasons: str = "",
    exempt_until: datetime.date | None = None,
    exemption_review_on: datetime.date | None = None,
) -> Document:
    """An authored report (its body is sanitised by Document.save)."""
    with writing():
        lock_meeting_agenda(item.meeting_id, items=[item.pk])
        document = Document(
            meeting=item.meeting,
            agenda_item=item,
            position=_next_paper_position(item),
            slug=unique_document_slug(item.meeting, title),
            title=title,
            kind=kind,
            author=author,
            date=date,
            body_html=body_html,
            exempt_paragraph=exempt_paragraph,
            exemption_reasons=exemption_reasons,
            exempt_until=exempt_until,
            exemption_review_on=exemption_review_on,
        )
        save_by(document, by)
        Meeting.objects.filter(pk=item.meeting_id).update(agenda_version=F("agenda_version") + 1)
        return document


REPORT_FIELDS = [
    "title",
    "kind",
    "author",
    "date",
    "body_html",
    "exempt_paragraph",
    "exemption_reasons",
    "exempt_until",
    "exemption_review_on",
]


def update_report(
    document: Document,
    *,
    version: int,
    by,
    title: str = KEEP,
    kind: str = KEEP,
    author: str = KEEP,
    date: datetime.date | None = KEEP,
    body_html: str = KEEP,
    exempt_paragraph: int | None = KEEP,
    exemption_reasons: str = KEEP,
    exempt_until: datetime.date | None = KEEP,
    exemption_review_on: datetime.date | None = KEEP,
) -> Document:
    """Save the authored report's fields given (the others keep their values), or raise StaleEdit listing what
    the other editor changed."""
    fields = _given(
        title=title,
        kind=kind,
        author=author,
        date=date,
        body_html=body_html,
        exempt_paragraph=exempt_paragraph,
        exemption_reasons=exemption_reasons,
        exempt_until=exempt_until,
        exemption_review_on=exemption_review_on,
    )
    with writing():
        lock_meeting_agenda(document.meeting_id, documents=[document.pk])
        current = Document.objects.get(pk=document.pk)
        if current.version != version:
            record = current.history.select_related("history_user").order_by("-history_date").first()
            changes = [
                Change(
                    field=Document._meta.get_field(field).verbose_name.capitalize(),
                    yours="(your text below)" if field == "body_html" else str(fields[field] or ""),
                    theirs="(changed)" if field == "body_html" else str(getattr(current, field) or ""),
                )
                for field in REPORT_FIELDS
                if field in fields and str(fields[field] or "") != str(getattr(current, field) or "")
            ]
            raise StaleEdit(
                "Someone else saved this paper after you opened it. Your text is below, not yet saved.",
                changes=changes,
                current=current,
                loaded_version=version,
                by=_who(record.history_user) if record else "someone",
                at=record.history_date if record else None,
            )
        if (
            current.published_at is not None
            and clean_html(fields.get("body_html", current.body_html)) != current.body_html
        ):
            # Making it exempt is a withdrawal, not a replacement; its text is kept as it was published.
            refuse_inside_period(f"the published text of “{current.title}”", current.meeting.date, action="replaced")
        for field, value in fields.items():
            setattr(current, field, value)
        current.version += 1
        save_by(current, by)
        Meeting.objects.filter(pk=current.meeting_id).update(agenda_version=F("agenda_version") + 1)
        return current


def remove_document(document: Document, *, agenda_version: int, by, as_exempt: bool = False) -> None:
    """Remove a paper. `as_exempt`: as for `remove_item`. A public paper inside its retention period stays."""
    with writing():
        meeting = _claim_agenda(document.meeting, agenda_version, by, documents=[document.pk])
        if document.published_at is not None and not as_exempt:
            refuse_inside_period(f"the paper “{document.title}”", meeting.date)
        delete_by(document, by, reason=REMOVED_AS_EXEMPT if as_exempt else None)


def add_background_paper(document: Document, *, title: str, inspection: str, url: str = "", by) -> BackgroundPaper:
    """List a background paper of a report (s100D(1)), after those already listed."""
    with writing():
        lock_meeting_agenda(document.meeting_id, documents=[document.pk])
        position = (document.background_papers.aggregate(last=Max("position"))["last"] or 0) + 1
        paper = BackgroundPaper(document=document, position=position, title=title, inspection=inspection, url=url)
        save_by(paper, by)
        return paper


def update_background_paper(paper: BackgroundPaper, *, title: str, inspection: str, url: str, by) -> BackgroundPaper:
    """Say where to inspect it, or link it once published. Its title, once its report is public, is part of the
    list s100D keeps for four years: a different paper is listed beside it, not in its place."""
    with writing():
        document = paper.document
        lock_meeting_agenda(document.meeting_id, documents=[document.pk])
        current = BackgroundPaper.objects.select_for_update(no_key=True).get(pk=paper.pk)
        if document.published_at is not None and title != current.title:
            refuse_inside_period(
                f"the background paper “{current.title}”",
                document.meeting.date,
                period=BACKGROUND_PAPERS,
                action="replaced",
            )
        current.title, current.inspection, current.url = title, inspection, url
        save_by(current, by)
        return current


def remove_background_paper(paper: BackgroundPaper, *, by) -> None:
    """Take a background paper off its report's list: refused for a public report inside the four years of
    s100D(2)."""
    with writing():
        document = paper.document
        meeting = lock_meeting_agenda(document.meeting_id, documents=[document.pk])
        if document.published_at is not None:
            refuse_inside_period(f"the background paper “{paper.title}”", meeting.date, period=BACKGROUND_PAPERS)
        delete_by(paper, by)


def move_document(document: Document, *, offset: int, agenda_version: int, by) -> None:
    with writing():
        _claim_agenda(document.meeting, agenda_version, by)
        papers = list(document.agenda_item.documents.order_by("position", "pk"))
        index = next(i for i, paper in enumerate(papers) if paper.pk == document.pk)
        target = max(0, min(len(papers) - 1, index + offset))
        papers.insert(target, papers.pop(index))
        moved = []
        for position, paper in enumerate(papers, start=1):
            if paper.position != position:
                paper.position = position
                moved.append(paper)
        _save_moved(moved, ["position"], by)


# Publishing --------------------------------------------------------------------------------------------------


def meeting_has_exempt_content(meeting: Meeting) -> bool:
    """An exempt item or paper, or a minutes paper whose minutes have an exempt part (an exempt minute, or a
    declaration about an exempt item): the members' pack carries that part in full."""
    exempt_minutes = (
        Q(minutes__entries__exempt_paragraph__isnull=False)
        | Q(minutes__entries__agenda_item__exempt_paragraph__isnull=False)
        | Q(minutes__declarations__agenda_item__exempt_paragraph__isnull=False)
    )
    return (
        meeting.agenda_items.exempt().exists()
        or meeting.documents.exempt().exists()
        or meeting.documents.filter(exempt_minutes).exists()
    )


def build_meeting_packs(meeting: Meeting, *, by=None, note: str = "", force: bool = False) -> list[PackBuild]:
    """Build the public pack, and the members' pack when there are exempt papers to put in it."""
    return [build_pack(meeting, variant, by=by, note=note, force=force) for variant in pack_variants(meeting)]


def build_published_packs(meetings: Iterable[Meeting], *, force: bool = False) -> Iterator[tuple[Meeting, PackBuild]]:
    """The packs of each of these meetings whose agenda is published (`build_packs --all`, and the worker after
    `make run` loads the seed), one build at a time."""
    started = timezone.now()
    for meeting in meetings:
        for result in build_meeting_packs(meeting, force=force):
            published = meeting.agenda_published_at
            if result.rebuilt and result.pack.version == 1 and published is not None and published < started:
                # The first pack of an agenda published before this build (a council's history loaded at
                # set-up): it was published with the agenda, on its dispatch date, not today.
                AgendaPack.objects.filter(pk=result.pack.pk).update(built_at=published)
                result.pack.built_at = published
                # The meeting page may have been cached since the pack was stored (the server is up while the
                # worker builds after `make run`): it would show today's date.
                bump_content_version()
            yield meeting, result


def published_meetings():
    """Every meeting whose agenda is published, oldest first, ready for its packs."""
    return (
        Meeting.objects.select_related("panel__council", "panel__contact_officer", "signatory")
        .filter(agenda_published_at__isnull=False)
        .order_by("date")
    )


@dataclass(frozen=True)
class NoticeCheck:
    clear_days: int
    met: bool
    first_publication: bool
    unpublished_items: int
    unpublished_papers: int

    @property
    def needs_reason(self) -> bool:
        return not self.met


def notice_check(meeting: Meeting, today: datetime.date | None = None) -> NoticeCheck:
    today = today or timezone.localdate()
    return NoticeCheck(
        clear_days=clear_working_days(today, meeting.date),
        met=notice_is_met(today, meeting.date),
        first_publication=meeting.agenda_published_at is None,
        unpublished_items=meeting.agenda_items.filter(published_at__isnull=True).count(),
        unpublished_papers=meeting.documents.filter(published_at__isnull=True).count(),
    )


def request_publication(meeting: Meeting, *, by, agenda_version: int, urgency_reason: str = "") -> PackBuildJob:
    """Check the statutory notice and queue the publication; the background worker builds the packs."""
    today = timezone.localdate()
    urgency_reason = urgency_reason.strip()
    _refuse_unpublishable(meeting, today)
    check = notice_check(meeting, today)
    if check.first_publication and not meeting.agenda_items.exists():
        raise Refused("Add the agenda's items before publishing it.")
    if meeting.is_historical_record:
        # A record of the past: no notice to give, nothing to excuse; its packs are built on this request.
        with writing():
            _claim_agenda(meeting, agenda_version, by)
            return _queue_publication(meeting, by=by, note="Entered from the council's records", urgency_reason="")
    if check.needs_reason and not urgency_reason:
        raise Refused(
            f"Publishing today gives {check.clear_days} clear working day{'s' if check.clear_days != 1 else ''} "
            "of notice; the law asks for five. Give the reason for urgency, which the public will see.",
            field="urgency_reason",
        )
    fail_stuck_jobs(meeting)
    with writing():
        _claim_agenda(meeting, agenda_version, by)
        return _queue_publication(
            meeting,
            by=by,
            note="" if check.first_publication else "Supplementary agenda",
            urgency_reason=urgency_reason if check.needs_reason else "",
        )


def retry_publication(job: PackBuildJob, *, by) -> PackBuildJob:
    """Queue a failed publication again, as it was asked for (with its reason for urgency, if it had one)."""
    _refuse_unpublishable(job.meeting, timezone.localdate())
    if job.status != PackBuildJob.Status.FAILED:
        raise Refused("Only a publication that failed can be tried again.")
    with writing():
        lock_meeting_agenda(job.meeting)
        return _queue_publication(job.meeting, by=by, note=job.note, urgency_reason=job.urgency_reason, retry_of=job)


def _refuse_unpublishable(meeting: Meeting, today: datetime.date) -> None:
    if meeting.date < today and not meeting.is_historical_record:
        raise Refused("This meeting has already taken place, so its agenda can no longer be published.")
    if meeting.status == Meeting.Status.CANCELLED:
        raise Refused("This meeting is cancelled. Reinstate it before publishing its agenda.")


def _queue_publication(meeting: Meeting, *, by, note: str, urgency_reason: str, retry_of=None) -> PackBuildJob:
    """A job and its task, with the meeting locked (so two officers cannot both start one)."""
    from meetings.tasks import publish_agenda_task

    if PackBuildJob.objects.active().filter(meeting=meeting).exists():
        raise Refused("This agenda is being published already. Wait for that to finish.")
    job = PackBuildJob.objects.create(
        meeting=meeting, requested_by=by, note=note, urgency_reason=urgency_reason, retry_of=retry_of
    )
    # The queue is a table in this same database (django-tasks-db), so the task is written in the job's own
    # transaction: the job and its task exist together or not at all. (Queuing after the commit would leave a
    # job that no worker will ever run if the process died in between.)
    result = publish_agenda_task.enqueue(job.pk)
    PackBuildJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


class PublicationAbandoned(Exception):
    """The job was given up (its worker looked dead) while this build went on: another may be running now."""


def run_publication(job: PackBuildJob, urgency_reason: str = "") -> PackBuildJob:
    """The background half of publishing: stamp the unpublished items and papers, build and freeze the packs.

    If a build fails, nothing is published, the previous pack versions stay as they were and no file of the
    failed attempt is left in storage; the job records why, for the officer. While it builds, the job's heartbeat
    shows the worker is alive.
    """
    now = timezone.now()
    started = PackBuildJob.objects.filter(pk=job.pk, status=PackBuildJob.Status.QUEUED).update(
        status=PackBuildJob.Status.RUNNING, started_at=now, heartbeat_at=now
    )
    if not started:  # given up before a worker got to it (or run already): nothing to do
        job.refresh_from_db()
        return job
    try:
        with heartbeat(job), discard_files_on_failure():
            publish_agenda(
                job.meeting,
                by=job.requested_by,
                note=job.note,
                urgency_reason=job.urgency_reason or urgency_reason,
                job=job,
            )
    except PublicationAbandoned:
        logger.warning("Publishing %s: job %s was given up meanwhile; its build is discarded", job.meeting, job.pk)
    except Exception as exc:  # noqa: BLE001 - any failure is reported to the officer, and logged
        logger.exception("Publishing %s failed", job.meeting)
        PackBuildJob.objects.filter(pk=job.pk, status=PackBuildJob.Status.RUNNING).update(
            status=PackBuildJob.Status.FAILED,
            finished_at=timezone.now(),
            error=f"The pack could not be built ({type(exc).__name__}: {exc}). Nothing was published; "
            "the previous version of the pack is still the published one.",
        )
    job.refresh_from_db()
    return job


@contextlib.contextmanager
def heartbeat(job: PackBuildJob):
    """While the block runs, a thread of its own (with its own database connection) records every few seconds
    that the worker is alive. A worker killed mid-build stops beating, and its job is then given up."""
    stop = threading.Event()
    interval = settings.PACK_BUILD_HEARTBEAT_SECONDS

    def beat():
        from django.db import connections

        try:
            while not stop.wait(interval):
                try:
                    PackBuildJob.objects.filter(pk=job.pk, status=PackBuildJob.Status.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError as exc:
                    logger.warning("Pack build %s: could not record its heartbeat (%s)", job.pk, exc)
                    connections["default"].close()
        finally:
            connections.close_all()

    thread = threading.Thread(target=beat, name=f"pack-build-{job.pk}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def fail_stuck_jobs(meeting: Meeting | None = None) -> list[PackBuildJob]:
    """Give up, with the reason, every unfinished job that will never finish: its worker stopped beating, its task
    failed or vanished, or no worker took it up. Returns the jobs given up."""
    now = timezone.now()
    jobs = PackBuildJob.objects.active().select_related("meeting")
    if meeting is not None:
        jobs = jobs.filter(meeting=meeting)
    given_up = []
    for job in jobs:
        reason = _why_stuck(job, now)
        if not reason:
            continue
        # Only if it has not moved on meanwhile (a beat, a start, the end of the build).
        updated = PackBuildJob.objects.filter(pk=job.pk, status=job.status, heartbeat_at=job.heartbeat_at).update(
            status=PackBuildJob.Status.FAILED,
            finished_at=now,
            error=f"{reason} Nothing was published; the previous version of the pack is still the published one. "
            "Try again.",
        )
        if updated:
            logger.warning("Pack build %s for %s given up: %s", job.pk, job.meeting, reason)
            job.refresh_from_db()
            given_up.append(job)
    return given_up


def _why_stuck(job: PackBuildJob, now: datetime.datetime) -> str:
    stale = datetime.timedelta(seconds=settings.PACK_BUILD_STALE_SECONDS)
    if job.status == PackBuildJob.Status.RUNNING:
        last_sign = job.heartbeat_at or job.started_at or job.created_at
        if now - last_sign > stale:
            return (
                "The background worker building the pack stopped (no sign of life since "
                f"{clock_time(timezone.localtime(last_sign))})."
            )
    task = _task_result(job)
    if task is not None and task.status == TaskResultStatus.FAILED:
        error = task.errors[-1].exception_class_path if task.errors else "an unknown error"
        return f"The background task building the pack failed ({error})."
    if task is not None and task.status == TaskResultStatus.SUCCESSFUL and job.status == PackBuildJob.Status.QUEUED:
        return "The background task ended without building the pack."
    if job.status == PackBuildJob.Status.QUEUED:
        waiting = now - job.created_at
        if task is None and job.task_id and default_task_backend.supports_get_result and waiting > stale:
            return "The build was lost from the queue of background work."
        if waiting > datetime.timedelta(seconds=settings.PACK_BUILD_QUEUE_SECONDS):
            minutes = round(settings.PACK_BUILD_QUEUE_SECONDS / 60)
            return (
                f"No background worker started the build within {minutes} minute{'s' if minutes != 1 else ''}: "
                "check that the worker is running (see the operations guide)."
            )
    return ""


def _task_result(job: PackBuildJob):
    from meetings.tasks import publish_agenda_task

    if not job.task_id or not default_task_backend.supports_get_result:
        return None
    try:
        return publish_agenda_task.get_result(job.task_id)
    except TaskResultDoesNotExist:
        return None


def _minutes_with_their_meetings():
    # By name: meetings sits below minutes in the layers (meetings/minutes_source.py).
    return apps.get_model("minutes", "Minutes").objects.select_related("meeting__panel")


def attach_minutes_papers(meeting: Meeting, *, by) -> list[Document]:
    """Give each item the papers of the minutes it submits, once those minutes are published: the paper is
    rendered from the minutes themselves."""
    refresh_standard_items(meeting.panel, by=by)
    lock_meeting_agenda(meeting)
    items = (
        meeting.agenda_items.filter(confirms_minutes__isnull=False)
        .distinct()
        .prefetch_related(
            Prefetch(
                "confirms_minutes",
                queryset=apps.get_model("minutes", "Minutes").objects.select_related("meeting__panel"),
            )
        )
    )
    added = [_add_minutes_paper(item, minutes, by=by) for item in items for minutes in item.confirms_minutes.all()]
    return [document for document in added if document is not None]


def _add_minutes_paper(item: AgendaItem, minutes, *, by) -> Document | None:
    """The paper of minutes the item submits, rendered from the minutes themselves: added once they are
    published (a draft waits), once per meeting."""
    if minutes.status == "draft" or minutes.text_not_held:
        return None
    meeting = item.meeting
    if Document.objects.filter(meeting=meeting, minutes=minutes).exists():
        return None
    held = minutes.meeting
    other_panel = "" if held.panel_id == meeting.panel_id else f" of the {held.panel.name}"
    document = Document(
        meeting=meeting,
        agenda_item=item,
        position=_next_paper_position(item),
        slug=unique_document_slug(meeting, f"minutes {held.panel.slug if other_panel else ''} {held.date:%Y-%m-%d}"),
        title=f"Minutes of the meeting{other_panel} held on {short_date(held.date)}",
        kind=Document.Kind.MINUTES,
        date=held.date,
        minutes=minutes,
    )
    return save_by(document, by)


def minutes_submission_warnings(meeting: Meeting) -> list[str]:
    """Before publishing: a "minutes" item that submits no minutes, and submitted minutes still in draft (their
    paper joins the pack only once they are published)."""
    warnings = []
    items = meeting.agenda_items.prefetch_related(
        Prefetch("confirms_minutes", queryset=_minutes_with_their_meetings())
    ).order_by("position")
    for item in items:
        submitted = list(item.confirms_minutes.all())
        if item.kind == AgendaItem.Kind.PREVIOUS_MINUTES and not submitted:
            warnings.append(
                f"Item {item.number} ({item.title}) submits no minutes: edit the item and choose the meetings "
                "whose minutes it submits, or its pack goes out without them."
            )
        for minutes in submitted:
            if minutes.status == "draft":
                held = minutes.meeting
                warnings.append(
                    f"Item {item.number} submits the minutes of {held.panel.name}, {short_date(held.date)}, "
                    "which are still a draft: publish them first, or the pack goes out without them."
                )
    return warnings


# Publication renders with no transaction open: an officer can go on editing while the pack builds. The content
# is taken in a short transaction, rendered outside any, and stored in another short one that checks the content
# is still what was rendered; if an edit landed meanwhile, the pack is built again from the new content.
PUBLICATION_ATTEMPTS = 3


@dataclass
class Rehearsal:
    """What a publication will publish, read in a transaction that was then rolled back."""

    first_publication: bool
    item_ids: list[int]
    document_ids: list[int]
    plans: dict[str, object]  # variant -> meetings.packs.PackPlan

    @property
    def fingerprints(self) -> dict[str, str]:
        return {variant: plan.fingerprint for variant, plan in self.plans.items()}


def publish_agenda(
    meeting: Meeting, *, by, note: str = "", urgency_reason: str = "", job: PackBuildJob | None = None
) -> list[PackBuild]:
    """Publish every unpublished item and paper of the meeting and freeze a new version of its packs.

    Items published after the agenda first was are late items; the revised pack is the supplementary agenda.
    Row locks are held only while the content is read and while the versions are stored, never while rendering.
    """
    with writing():
        attach_minutes_papers(meeting, by=by)
    now = timezone.now()
    for attempt in range(1, PUBLICATION_ATTEMPTS + 1):
        started = time.perf_counter()
        rehearsal = _rehearse_publication(meeting, by=by, urgency_reason=urgency_reason, now=now)
        rendered = {
            variant: render_plan(plan) for variant, plan in rehearsal.plans.items() if not plan.unchanged
        }  # the slow part, with no transaction open
        seconds = time.perf_counter() - started
        with writing():
            locked = lock_meeting_agenda(meeting)
            if job is not None:
                _check_still_wanted(job)
            _stamp_publication(locked, rehearsal, by=by, urgency_reason=urgency_reason, now=now)
            if attempt < PUBLICATION_ATTEMPTS and _fingerprints_now(locked) != rehearsal.fingerprints:
                logger.info("Publishing %s: the agenda changed during the build; building again", meeting)
                transaction.set_rollback(True)
                continue
            # The content is what was rendered (or, after edits during every attempt, each version keeps the
            # fingerprint of the content it holds, and the agenda page shows the pack is not the latest).
            default_note = "" if rehearsal.first_publication else "Supplementary agenda"
            builds = [
                _keep_or_store(plan, rendered.get(variant), seconds=seconds, by=by, note=note or default_note)
                for variant, plan in rehearsal.plans.items()
            ]
            if job is not None:
                job.packs.set([build.pack for build in builds])
                PackBuildJob.objects.filter(pk=job.pk).update(
                    status=PackBuildJob.Status.DONE, finished_at=timezone.now()
                )
            return builds
    raise AssertionError("unreachable: the last attempt always stores")


def _check_still_wanted(job: PackBuildJob) -> None:
    status = PackBuildJob.objects.select_for_update().values_list("status", flat=True).get(pk=job.pk)
    if status != PackBuildJob.Status.RUNNING:
        raise PublicationAbandoned(job.pk)


def _keep_or_store(plan, rendered: RenderedPack | None, *, seconds: float, by, note: str) -> PackBuild:
    if rendered is None:
        return PackBuild(pack=plan.latest, rebuilt=False, seconds=0.0)
    return PackBuild(pack=store(rendered, seconds=seconds, by=by, note=note), rebuilt=True, seconds=seconds)


def pack_variants(meeting: Meeting) -> list[str]:
    """The public pack, and the members' pack when there are exempt papers to put in it."""
    variants = [AgendaPack.Variant.PUBLIC]
    if meeting_has_exempt_content(meeting):
        variants.append(AgendaPack.Variant.MEMBERS)
    return variants


def _for_packs(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_related("panel__council", "panel__contact_officer", "signatory").get(pk=meeting.pk)


def _fingerprints_now(meeting: Meeting) -> dict[str, str]:
    meeting = _for_packs(meeting)
    return {variant: fingerprint(collect(meeting, variant)) for variant in pack_variants(meeting)}


def _rehearse_publication(meeting: Meeting, *, by, urgency_reason: str, now) -> Rehearsal:
    """Stamp the publication and read the packs' content as it will be, in a transaction then rolled back."""
    with transaction.atomic():
        locked = lock_meeting_agenda(meeting)
        rehearsal = Rehearsal(
            first_publication=locked.agenda_published_at is None,
            item_ids=list(locked.agenda_items.filter(published_at__isnull=True).values_list("pk", flat=True)),
            document_ids=list(locked.documents.filter(published_at__isnull=True).values_list("pk", flat=True)),
            plans={},
        )
        _stamp_publication(locked, rehearsal, by=by, urgency_reason=urgency_reason, now=now)
        meeting = _for_packs(locked)
        rehearsal.plans = {variant: plan_pack(meeting, variant) for variant in pack_variants(meeting)}
        transaction.set_rollback(True)
    return rehearsal


def _stamp_publication(meeting: Meeting, rehearsal: Rehearsal, *, by, urgency_reason: str, now) -> None:
    """Publish the items and papers that were unpublished when the build began (an item added during the build
    waits for the next publication), and the agenda itself the first time."""
    unpublished = AgendaItem.objects.filter(pk__in=rehearsal.item_ids, published_at__isnull=True)
    if rehearsal.first_publication or meeting.is_historical_record:
        unpublished.update(published_at=now)  # a record of the past has no late items
    else:
        unpublished.update(published_at=now, is_late=True, urgency_reason=urgency_reason)
    Document.objects.filter(pk__in=rehearsal.document_ids, published_at__isnull=True).update(published_at=now)
    # Queryset updates send no signals: the public pages learn of the publication here, the search index from
    # the meeting's save below.
    bump_content_version()
    if rehearsal.first_publication and meeting.agenda_published_at is None:
        meeting.agenda_published_at = now
        if not meeting.is_historical_record:  # never a dispatch date the record does not show
            meeting.dispatch_date = meeting.dispatch_date or timezone.localdate(now)
        if urgency_reason:
            meeting.urgency_reason = urgency_reason
    if meeting.status == Meeting.Status.SCHEDULED:
        meeting.status = Meeting.Status.AGENDA_PUBLISHED
    save_by(meeting, by)


# Withdrawing a published version -----------------------------------------------------------------------------


def withdraw_pack(pack: AgendaPack, *, reason: str, by) -> PackWithdrawal:
    """Take a published public pack version out of public view, for the record kept: members and officers still
    read it, and the meeting page says when and why it was withdrawn. Public pages and feeds change at once."""
    reason = reason.strip()
    if not reason:
        raise Refused("Give the reason for withdrawing it: the public will read it on the meeting page.")
    if pack.variant != AgendaPack.Variant.PUBLIC:
        raise Refused("Only public pack versions are withdrawn; the members' pack is never public.")
    with transaction.atomic():
        AgendaPack.objects.select_for_update().filter(pk=pack.pk).first()  # two officers withdraw it once
        if PackWithdrawal.objects.filter(pack=pack).exists():
            raise Refused(f"Version {pack.version} was withdrawn already.")
        withdrawal = PackWithdrawal(pack=pack, reason=reason, withdrawn_by=by)
        save_by(withdrawal, by)
        bump_content_version()
    return withdrawal
