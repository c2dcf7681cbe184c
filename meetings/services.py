"""Writes with rules: compiling an agenda, attaching papers, publishing agendas and their packs.

Every change to an agenda goes through `_claim_agenda`, which moves the meeting's agenda version on by one only
if the editor saw the latest version, so two officers never overwrite each other silently.
"""

import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify

from meetings.models import (
    REMOVED_AS_EXEMPT,
    AgendaItem,
    AgendaPack,
    AgendaSection,
    Document,
    Meeting,
    PackBuildJob,
    PackWithdrawal,
)
from meetings.notice import clear_working_days, notice_is_met
from meetings.packs import PackBuild, build_pack, discard_files_on_failure
from meetings.pdf_files import inspect_pdf
from portal.page_cache import bump_content_version


@dataclass(frozen=True)
class Change:
    field: str
    yours: str
    theirs: str


class StaleEdit(Exception):
    """Someone else saved first. `changes` says what they changed; the caller keeps what this editor typed."""

    def __init__(self, message: str, changes: list[Change] | None = None, by: str = "", at=None):
        super().__init__(message)
        self.changes = changes or []
        self.by = by
        self.at = at


class PublicationRefused(Exception):
    """Publishing cannot go ahead; the message tells the officer what to do (about `field`, if one)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _who(user) -> str:
    return user.get_full_name() or user.email if user else "someone"


def _latest_change(meeting: Meeting) -> tuple[str, datetime.datetime | None]:
    record = meeting.history.select_related("history_user").order_by("-history_date").first()
    if record is None:
        return "someone", None
    return _who(record.history_user), record.history_date


def _claim_agenda(meeting: Meeting, agenda_version: int, by) -> Meeting:
    """Lock the meeting and move its agenda version on, or raise StaleEdit if the editor's view is out of date."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.agenda_version != agenda_version:
        who, when = _latest_change(locked)
        raise StaleEdit(
            "The agenda was changed by someone else after you opened it. Here is the agenda as it is now; "
            "check it and make your change again.",
            by=who,
            at=when,
        )
    locked.agenda_version = F("agenda_version") + 1
    locked._history_user = by
    locked.save(update_fields=["agenda_version"])
    locked.refresh_from_db(fields=["agenda_version"])
    return locked


def _renumber(meeting: Meeting, by) -> None:
    """Numbers follow the order: 1, 2, 3 ... The history records a renumbering only for items that moved."""
    for number, item in enumerate(meeting.agenda_items.order_by("position", "pk"), start=1):
        if item.position != number or item.number != str(number):
            item.position, item.number = number, str(number)
            item._history_user = by
            item.save(update_fields=["position", "number"])


# Items -------------------------------------------------------------------------------------------------------


def add_item(meeting: Meeting, *, agenda_version: int, by, **fields) -> AgendaItem:
    with transaction.atomic():
        meeting = _claim_agenda(meeting, agenda_version, by)
        position = (meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0) + 1
        item = AgendaItem(meeting=meeting, position=position, number=str(position), **fields)
        if meeting.agenda_published_at is not None:
            item.is_late = True  # added after publication: goes out with a supplementary agenda
        item._history_user = by
        item.save()
        return item


ITEM_FIELDS = ["title", "kind", "description", "presenter", "section", "exempt_paragraph"]


def _display(item, field: str) -> str:
    value = getattr(item, field)
    if field == "exempt_paragraph":
        return f"Paragraph {value}" if value else "Not exempt"
    if field == "kind":
        return item.get_kind_display()
    return "" if value is None else str(value)


def update_item(item: AgendaItem, *, version: int, by, **fields) -> AgendaItem:
    """Save an item's fields, or raise StaleEdit listing what the other editor changed."""
    with transaction.atomic():
        current = (
            AgendaItem.objects.select_for_update(of=("self",)).select_related("presenter", "section").get(pk=item.pk)
        )
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
                by=_who(record.history_user) if record else "someone",
                at=record.history_date if record else None,
            )
        for field, value in fields.items():
            setattr(current, field, value)
        current.version = current.version + 1
        current._history_user = by
        current.save()
        Meeting.objects.filter(pk=current.meeting_id).update(agenda_version=F("agenda_version") + 1)
        return current


def remove_item(item: AgendaItem, *, agenda_version: int, by, as_exempt: bool = False) -> None:
    """Remove an item and its papers. `as_exempt`: they held exempt information, so the history says so and the
    agenda editor asks for the published pack versions that printed them to be withdrawn."""
    with transaction.atomic():
        meeting = _claim_agenda(item.meeting, agenda_version, by)
        for document in item.documents.all():
            document._history_user = by
            document._change_reason = REMOVED_AS_EXEMPT if as_exempt else None
            document.delete()
        item._history_user = by
        item._change_reason = REMOVED_AS_EXEMPT if as_exempt else None
        item.delete()
        _renumber(meeting, by)


def move_item(item: AgendaItem, *, offset: int, agenda_version: int, by) -> None:
    """Move an item up (-1) or down (+1) one place."""
    with transaction.atomic():
        meeting = _claim_agenda(item.meeting, agenda_version, by)
        order = list(meeting.agenda_items.order_by("position", "pk").values_list("pk", flat=True))
        index = order.index(item.pk)
        target = max(0, min(len(order) - 1, index + offset))
        order.insert(target, order.pop(index))
        _apply_order(meeting, order, by)


def reorder_items(meeting: Meeting, order: list[int], *, agenda_version: int, by) -> None:
    with transaction.atomic():
        meeting = _claim_agenda(meeting, agenda_version, by)
        existing = list(meeting.agenda_items.order_by("position", "pk").values_list("pk", flat=True))
        if sorted(order) != sorted(existing):
            raise StaleEdit("The agenda's items changed while you were moving them. Here is the agenda as it is now.")
        _apply_order(meeting, order, by)


def _apply_order(meeting: Meeting, order: list[int], by) -> None:
    items = {item.pk: item for item in meeting.agenda_items.all()}
    for position, pk in enumerate(order, start=1):
        item = items[pk]
        if item.position != position or item.number != str(position):
            item.position, item.number = position, str(position)
            item._history_user = by
            item.save(update_fields=["position", "number"])


def add_section(meeting: Meeting, *, heading: str, excludes_public: bool, agenda_version: int, by) -> AgendaSection:
    with transaction.atomic():
        meeting = _claim_agenda(meeting, agenda_version, by)
        position = (meeting.sections.aggregate(last=Max("position"))["last"] or 0) + 1
        section = AgendaSection(meeting=meeting, heading=heading, excludes_public=excludes_public, position=position)
        section._history_user = by
        section.save()
        return section


def update_meeting_details(meeting: Meeting, *, agenda_version: int, by, **fields) -> Meeting:
    with transaction.atomic():
        meeting = _claim_agenda(meeting, agenda_version, by)
        for field, value in fields.items():
            setattr(meeting, field, value)
        meeting._history_user = by
        meeting.save()
        return meeting


# Papers ------------------------------------------------------------------------------------------------------


def unique_document_slug(meeting: Meeting, title: str) -> str:
    base = slugify(title)[:100] or "paper"
    taken = set(Document.objects.filter(meeting=meeting, slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _next_paper_position(item: AgendaItem) -> int:
    return (item.documents.aggregate(last=Max("position"))["last"] or 0) + 1


def attach_pdf(
    item: AgendaItem, data: bytes, *, title: str, kind: str = Document.Kind.REPORT, by=None, **fields
) -> Document:
    """Attach an uploaded PDF to an item as its last paper. Raises UnusablePdf with the reason if it cannot be."""
    facts = inspect_pdf(data)
    with transaction.atomic():
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
            **fields,
        )
        document.file.save("upload.pdf", ContentFile(data), save=False)
        document._history_user = by
        document.save()
        Meeting.objects.filter(pk=item.meeting_id).update(agenda_version=F("agenda_version") + 1)
        return document


def add_report(item: AgendaItem, *, by, **fields) -> Document:
    """An authored report (its body is sanitised by Document.save)."""
    with transaction.atomic():
        document = Document(
            meeting=item.meeting,
            agenda_item=item,
            position=_next_paper_position(item),
            slug=unique_document_slug(item.meeting, fields["title"]),
            **fields,
        )
        document._history_user = by
        document.save()
        Meeting.objects.filter(pk=item.meeting_id).update(agenda_version=F("agenda_version") + 1)
        return document


REPORT_FIELDS = ["title", "kind", "author", "date", "body_html", "exempt_paragraph"]


def update_report(document: Document, *, version: int, by, **fields) -> Document:
    with transaction.atomic():
        current = Document.objects.select_for_update().get(pk=document.pk)
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
                by=_who(record.history_user) if record else "someone",
                at=record.history_date if record else None,
            )
        for field, value in fields.items():
            setattr(current, field, value)
        current.version += 1
        current._history_user = by
        current.save()
        Meeting.objects.filter(pk=current.meeting_id).update(agenda_version=F("agenda_version") + 1)
        return current


def remove_document(document: Document, *, agenda_version: int, by, as_exempt: bool = False) -> None:
    """Remove a paper. `as_exempt`: as for `remove_item`."""
    with transaction.atomic():
        _claim_agenda(document.meeting, agenda_version, by)
        document._history_user = by
        document._change_reason = REMOVED_AS_EXEMPT if as_exempt else None
        document.delete()


def move_document(document: Document, *, offset: int, agenda_version: int, by) -> None:
    with transaction.atomic():
        _claim_agenda(document.meeting, agenda_version, by)
        papers = list(document.agenda_item.documents.order_by("position", "pk"))
        index = next(i for i, paper in enumerate(papers) if paper.pk == document.pk)
        target = max(0, min(len(papers) - 1, index + offset))
        papers.insert(target, papers.pop(index))
        for position, paper in enumerate(papers, start=1):
            if paper.position != position:
                paper.position = position
                paper._history_user = by
                paper.save(update_fields=["position"])


# Publishing --------------------------------------------------------------------------------------------------


def meeting_has_exempt_content(meeting: Meeting) -> bool:
    return meeting.agenda_items.exempt().exists() or meeting.documents.exempt().exists()


def build_meeting_packs(meeting: Meeting, *, by=None, note: str = "", force: bool = False) -> list[PackBuild]:
    """Build the public pack, and the members' pack when there are exempt papers to put in it."""
    variants = [AgendaPack.Variant.PUBLIC]
    if meeting_has_exempt_content(meeting):
        variants.append(AgendaPack.Variant.MEMBERS)
    return [build_pack(meeting, variant, by=by, note=note, force=force) for variant in variants]


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
    from meetings.tasks import publish_agenda_task

    today = timezone.localdate()
    urgency_reason = urgency_reason.strip()
    if meeting.date < today:
        raise PublicationRefused("This meeting has already taken place, so its agenda can no longer be published.")
    if meeting.status == Meeting.Status.CANCELLED:
        raise PublicationRefused("This meeting is cancelled. Reinstate it before publishing its agenda.")
    check = notice_check(meeting, today)
    if check.first_publication and not meeting.agenda_items.exists():
        raise PublicationRefused("Add the agenda's items before publishing it.")
    if check.needs_reason and not urgency_reason:
        raise PublicationRefused(
            f"Publishing today gives {check.clear_days} clear working day{'s' if check.clear_days != 1 else ''} "
            "of notice; the law asks for five. Give the reason for urgency, which the public will see.",
            field="urgency_reason",
        )
    if PackBuildJob.objects.filter(meeting=meeting, status__in=["queued", "running"]).exists():
        raise PublicationRefused("This agenda is being published already. Wait for that to finish.")
    with transaction.atomic():
        _claim_agenda(meeting, agenda_version, by)
        job = PackBuildJob.objects.create(
            meeting=meeting, requested_by=by, note="" if check.first_publication else "Supplementary agenda"
        )
    result = publish_agenda_task.enqueue(job.pk, urgency_reason if check.needs_reason else "")
    PackBuildJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def run_publication(job: PackBuildJob, urgency_reason: str = "") -> PackBuildJob:
    """The background half of publishing: stamp the unpublished items and papers, build and freeze the packs.

    It all happens in one transaction: if a build fails, nothing is published, the previous pack versions stay
    as they were and no file of the failed attempt is left in storage; the job records why, for the officer.
    """
    PackBuildJob.objects.filter(pk=job.pk).update(status=PackBuildJob.Status.RUNNING, started_at=timezone.now())
    try:
        with discard_files_on_failure(), transaction.atomic():
            builds = publish_agenda(job.meeting, by=job.requested_by, note=job.note, urgency_reason=urgency_reason)
            job.packs.set([build.pack for build in builds])
        PackBuildJob.objects.filter(pk=job.pk).update(status=PackBuildJob.Status.DONE, finished_at=timezone.now())
    except Exception as exc:  # noqa: BLE001 - any failure is reported to the officer, and logged
        import logging

        logging.getLogger("meetings.publishing").exception("Publishing %s failed", job.meeting)
        PackBuildJob.objects.filter(pk=job.pk).update(
            status=PackBuildJob.Status.FAILED,
            finished_at=timezone.now(),
            error=f"The pack could not be built ({type(exc).__name__}: {exc}). Nothing was published; "
            "the previous version of the pack is still the published one.",
        )
    job.refresh_from_db()
    return job


def attach_minutes_papers(meeting: Meeting, *, by) -> list[Document]:
    """Give each "minutes of the previous meeting" item the minutes it submits as its paper, once those minutes
    are published: the paper is rendered from the minutes themselves."""
    from meetings.planning import refresh_standard_items
    from minutes.models import Minutes

    refresh_standard_items(meeting.panel, by=by)
    added = []
    items = meeting.agenda_items.filter(kind=AgendaItem.Kind.PREVIOUS_MINUTES).prefetch_related("confirms_minutes")
    for item in items:
        for minutes in item.confirms_minutes.all():
            if minutes.status == Minutes.Status.DRAFT or minutes.text_not_held:
                continue
            if Document.objects.filter(meeting=meeting, minutes=minutes).exists():
                continue
            held = minutes.meeting.date
            document = Document(
                meeting=meeting,
                agenda_item=item,
                position=_next_paper_position(item),
                slug=unique_document_slug(meeting, f"minutes-{held:%Y-%m-%d}"),
                title=f"Minutes of the meeting held on {held.day} {held:%B %Y}",
                kind=Document.Kind.MINUTES,
                date=held,
                minutes=minutes,
            )
            document._history_user = by
            document.save()
            added.append(document)
    return added


def publish_agenda(meeting: Meeting, *, by, note: str = "", urgency_reason: str = "") -> list[PackBuild]:
    """Publish every unpublished item and paper of the meeting and freeze a new version of its packs.

    Items published after the agenda first was are late items; the revised pack is the supplementary agenda.
    """
    with transaction.atomic():
        attach_minutes_papers(meeting, by=by)
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        now = timezone.now()
        first_publication = meeting.agenda_published_at is None
        unpublished = meeting.agenda_items.filter(published_at__isnull=True)
        if first_publication:
            unpublished.update(published_at=now)
        else:
            unpublished.update(published_at=now, is_late=True, urgency_reason=urgency_reason)
        Document.objects.filter(meeting=meeting, published_at__isnull=True).update(published_at=now)
        bump_content_version()  # queryset updates send no signals
        if first_publication:
            meeting.agenda_published_at = now
            meeting.dispatch_date = meeting.dispatch_date or timezone.localdate()
            if urgency_reason:
                meeting.urgency_reason = urgency_reason
        if meeting.status == Meeting.Status.SCHEDULED:
            meeting.status = Meeting.Status.AGENDA_PUBLISHED
        meeting._history_user = by
        meeting.save()
        meeting = Meeting.objects.select_related("panel__council", "panel__contact_officer", "signatory").get(
            pk=meeting.pk
        )
        return build_meeting_packs(meeting, by=by, note=note or ("" if first_publication else "Supplementary agenda"))


# Withdrawing a published version -----------------------------------------------------------------------------


class WithdrawalRefused(Exception):
    """The version cannot be withdrawn; the message says why."""


def withdraw_pack(pack: AgendaPack, *, reason: str, by) -> PackWithdrawal:
    """Take a published public pack version out of public view, for the record kept: members and officers still
    read it, and the meeting page says when and why it was withdrawn. Public pages and feeds change at once."""
    reason = reason.strip()
    if not reason:
        raise WithdrawalRefused("Give the reason for withdrawing it: the public will read it on the meeting page.")
    if pack.variant != AgendaPack.Variant.PUBLIC:
        raise WithdrawalRefused("Only public pack versions are withdrawn; the members' pack is never public.")
    with transaction.atomic():
        AgendaPack.objects.select_for_update().filter(pk=pack.pk).first()  # two officers withdraw it once
        if PackWithdrawal.objects.filter(pack=pack).exists():
            raise WithdrawalRefused(f"Version {pack.version} was withdrawn already.")
        withdrawal = PackWithdrawal(pack=pack, reason=reason, withdrawn_by=by)
        withdrawal._history_user = by
        withdrawal.save()
        bump_content_version()
    return withdrawal
