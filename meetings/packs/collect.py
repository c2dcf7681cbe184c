"""Stage 1 of the pack pipeline: collect what a pack contains, for one variant, through the visibility rules."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch

from meetings.audience import PUBLIC, Audience, members_of
from meetings.minutes_source import minutes_source
from meetings.models import AgendaItem, AgendaPack, BackgroundPaper, Document, Meeting
from meetings.selectors import MembershipList, agenda_parts, attach_background_papers, membership_for


@dataclass
class Paper:
    document: Document
    exempt_paragraph: int | None
    minutes: object | None = None  # decorated minutes.models.Minutes, for minutes papers

    @property
    def anchor(self) -> str:
        return f"paper-{self.document.pk}"

    @property
    def is_uploaded_pdf(self) -> bool:
        return self.document.is_uploaded_pdf


@dataclass
class ItemEntry:
    item: AgendaItem
    papers: list[Paper] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"item-{self.item.pk}"

    @property
    def end_anchor(self) -> str:
        return f"item-{self.item.pk}-end"


@dataclass
class PackContent:
    meeting: Meeting
    variant: str
    audience: Audience
    parts: list[tuple[object, list[ItemEntry]]]
    membership: MembershipList

    @property
    def entries(self) -> list[ItemEntry]:
        return [entry for _, entries in self.parts for entry in entries]

    @property
    def entries_with_papers(self) -> list[ItemEntry]:
        return [entry for entry in self.entries if entry.papers]

    @property
    def is_members_pack(self) -> bool:
        return self.variant == AgendaPack.Variant.MEMBERS

    @property
    def manifest(self) -> dict[str, list[int]]:
        """What the pack prints, for `AgendaPack.contents`: the items whose content it shows (not those only
        listed as exempt), its papers, and the minutes in its minutes papers. It tells the officer which
        published versions hold something that later became exempt."""
        return {
            "items": sorted(entry.item.pk for entry in self.entries if not entry.item.is_restricted),
            "documents": sorted(paper.document.pk for entry in self.entries for paper in entry.papers),
            "minute_entries": sorted(
                minute.pk
                for entry in self.entries
                for paper in entry.papers
                if paper.minutes is not None
                for minute in paper.minutes.entry_list
            ),
            # Published draft minutes go out frozen: [minutes id, draft version] (minutes.services starts a new
            # draft version on the next change).
            "minutes_versions": sorted(
                [paper.minutes.pk, paper.minutes.draft_version]
                for entry in self.entries
                for paper in entry.papers
                if paper.minutes is not None and paper.minutes.status == "published"
            ),
        }


def audience_for_variant(meeting: Meeting, variant: str, *, confirming: Iterable[int] = ()) -> Audience:
    """The public pack is what the public may read; the members' pack is what the panel's members may read about
    the meeting, and the minutes of the meetings `confirming` that it submits for confirmation."""
    if variant == AgendaPack.Variant.MEMBERS:
        return members_of(meeting.pk, confirming=confirming)
    return PUBLIC


def collect(meeting: Meeting, variant: str, *, preview: bool = False) -> PackContent:
    """What the pack of this variant holds. With `preview`, unpublished items and papers are included as if
    published, so an officer sees the front sheet the public will get."""
    audience = audience_for_variant(meeting, variant)
    if preview:
        items = AgendaItem.objects.with_restrictions(audience)
        documents = Document.objects.readable_by(audience)
    else:
        items = AgendaItem.objects.visible_to(audience)
        documents = Document.objects.visible_to(audience)
    items = list(
        items.filter(meeting=meeting)
        .select_related("presenter", "section")
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=documents.select_related("agenda_item", "minutes").order_by("position"),
                to_attr="pack_documents",
            )
        )
        .order_by("position")
    )
    # A report's background papers (s100D(1)) go with it, wherever it is printed: attached only to the papers read
    # above through their visibility rule; one query, whatever the number.
    attach_background_papers(
        [doc for item in items for doc in item.pack_documents],
        BackgroundPaper.objects.filter(document__meeting=meeting),
    )
    minutes_papers = [doc for item in items for doc in item.pack_documents if doc.minutes_id]
    minutes_audience = audience_for_variant(
        meeting, variant, confirming={doc.minutes.meeting_id for doc in minutes_papers}
    )
    minutes_by_id = minutes_source().readable_minutes(minutes_audience, {doc.minutes_id for doc in minutes_papers})
    entries = {}
    for item in items:
        papers = []
        for document in item.pack_documents:
            if document.minutes_id and document.minutes_id not in minutes_by_id:
                continue  # minutes not (yet) public: never put them in a pack for this audience
            papers.append(
                Paper(
                    document=document,
                    exempt_paragraph=document.effective_exempt_paragraph,
                    minutes=minutes_by_id.get(document.minutes_id),
                )
            )
        entries[item.pk] = ItemEntry(item=item, papers=papers)
    parts = [(section, [entries[item.pk] for item in group]) for section, group in agenda_parts(items)]
    return PackContent(
        meeting=meeting,
        variant=variant,
        audience=audience,
        parts=parts,
        membership=membership_for(meeting.panel, meeting.date),
    )
