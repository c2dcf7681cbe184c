"""Writes with rules: publishing agendas and their packs."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from meetings.models import AgendaItem, AgendaPack, Document, Meeting
from meetings.packs import PackBuild, build_pack
from meetings.pdf_files import inspect_pdf


def unique_document_slug(meeting: Meeting, title: str) -> str:
    base = slugify(title)[:100] or "paper"
    taken = set(Document.objects.filter(meeting=meeting, slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def attach_pdf(item: AgendaItem, data: bytes, *, title: str, kind: str = Document.Kind.REPORT, **fields) -> Document:
    """Attach an uploaded PDF to an item as its last paper. Raises UnusablePdf with the reason if it cannot be."""
    facts = inspect_pdf(data)
    position = (item.documents.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    document = Document(
        meeting=item.meeting,
        agenda_item=item,
        position=position,
        slug=unique_document_slug(item.meeting, title),
        title=title,
        kind=kind,
        page_count=facts.page_count,
        file_sha256=facts.sha256,
        file_size=facts.size,
        **fields,
    )
    document.file.save("upload.pdf", ContentFile(data), save=False)
    document.save()
    return document


def meeting_has_exempt_content(meeting: Meeting) -> bool:
    return (
        meeting.agenda_items.filter(exempt_paragraph__isnull=False).exists()
        or meeting.documents.filter(exempt_paragraph__isnull=False).exists()
    )


def build_meeting_packs(meeting: Meeting, *, by=None, note: str = "", force: bool = False) -> list[PackBuild]:
    """Build the public pack, and the members' pack when there are exempt papers to put in it."""
    variants = [AgendaPack.Variant.PUBLIC]
    if meeting_has_exempt_content(meeting):
        variants.append(AgendaPack.Variant.MEMBERS)
    return [build_pack(meeting, variant, by=by, note=note, force=force) for variant in variants]


def publish_agenda(meeting: Meeting, *, by, note: str = "") -> list[PackBuild]:
    """Publish every unpublished item and paper of the meeting and freeze a new version of its packs.

    Items published after the agenda first was are late items; the revised pack is the supplementary agenda.
    """
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        now = timezone.now()
        first_publication = meeting.agenda_published_at is None
        unpublished = meeting.agenda_items.filter(published_at__isnull=True)
        if not first_publication:
            unpublished.update(is_late=True)
        unpublished.update(published_at=now)
        Document.objects.filter(meeting=meeting, published_at__isnull=True).update(published_at=now)
        if first_publication:
            meeting.agenda_published_at = now
        if meeting.status == Meeting.Status.SCHEDULED:
            meeting.status = Meeting.Status.AGENDA_PUBLISHED
        meeting.save()
    meeting = Meeting.objects.select_related("panel__council", "panel__contact_officer", "signatory").get(pk=meeting.pk)
    return build_meeting_packs(meeting, by=by, note=note or ("" if first_publication else "Supplementary agenda"))
