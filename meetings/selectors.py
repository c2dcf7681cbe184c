"""Reads for the public pages: each returns everything a page shows in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Max, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from meetings.audience import Audience
from meetings.minutes_source import minutes_source
from meetings.models import (
    PACK_CONTENTS,
    REMOVED_AS_EXEMPT,
    AgendaItem,
    AgendaPack,
    AgendaSection,
    BackgroundPaper,
    Document,
    Meeting,
    Membership,
    Panel,
    ScheduleChange,
    WorkProgrammeTopic,
    variant_for,
)
from meetings.municipal_year import MunicipalYear
from portal.formats import short_date


def visible_documents(audience: Audience) -> Prefetch:
    return Prefetch(
        "documents",
        queryset=Document.objects.visible_to(audience)
        .select_related("meeting__panel")
        .defer("body_html")
        .order_by("position"),
        to_attr="visible_documents",
    )


def visible_items(audience: Audience) -> Prefetch:
    return Prefetch(
        "agenda_items",
        queryset=AgendaItem.objects.visible_to(audience)
        .select_related("presenter", "section")
        .prefetch_related(visible_documents(audience))
        .order_by("position"),
        to_attr="visible_items",
    )


@dataclass
class MembershipList:
    municipal_year: MunicipalYear | None
    seats: list[Membership] = field(default_factory=list)

    @property
    def members(self) -> list[Membership]:
        return [seat for seat in self.seats if not seat.is_vacant]

    @property
    def members_names(self) -> list[str]:
        """As printed on an agenda: "D Davison", with the chair's and vice chair's roles."""
        return [
            seat.councillor.short_name
            + (f" ({seat.get_role_display()})" if seat.role != Membership.Role.MEMBER else "")
            for seat in self.members
        ]

    @property
    def vacancies(self) -> int:
        return sum(1 for seat in self.seats if seat.is_vacant)


def membership_for(panel: Panel, on: datetime.date) -> MembershipList:
    """The seats of the latest municipal year that has any, up to the one containing `on`."""
    current = MunicipalYear.containing(on).start_year
    latest = panel.memberships.filter(municipal_year__lte=current).aggregate(year=Max("municipal_year"))["year"]
    if latest is None:
        return MembershipList(municipal_year=None)
    seats = list(
        panel.memberships.filter(municipal_year=latest, ends_on__isnull=True)
        .select_related("councillor")
        .order_by("position")
    )
    return MembershipList(municipal_year=MunicipalYear(latest), seats=seats)


@dataclass
class WorkProgramme:
    municipal_year: MunicipalYear | None
    by_category: list[tuple[str, list[WorkProgrammeTopic]]] = field(default_factory=list)


def work_programme_for(panel: Panel, on: datetime.date, audience: Audience) -> WorkProgramme:
    current = MunicipalYear.containing(on).start_year
    latest = panel.work_programme.filter(municipal_year__lte=current).aggregate(year=Max("municipal_year"))["year"]
    if latest is None:
        return WorkProgramme(municipal_year=None)
    order = list(WorkProgrammeTopic.Category.values)
    topics = sorted(
        panel.work_programme.filter(municipal_year=latest)
        .select_related("approved_by", "submitted_to__panel", "agreed_at__panel")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.visible_to(audience).select_related("meeting__panel"),
                to_attr="visible_items",
            )
        ),
        key=lambda topic: (order.index(topic.category), topic.position),
    )
    labels = dict(WorkProgrammeTopic.Category.choices)
    grouped = [(labels[key], list(group)) for key, group in groupby(topics, key=lambda t: t.category)]
    return WorkProgramme(municipal_year=MunicipalYear(latest), by_category=grouped)


def panels_for_listing() -> list[Panel]:
    return list(Panel.objects.select_related("parent", "contact_officer").order_by("kind", "name"))


@dataclass
class PanelPage:
    panel: Panel
    membership: MembershipList
    upcoming: list[Meeting]
    past: list[Meeting]
    work_programme: WorkProgramme
    reports_to: Panel | None
    sub_panels: list[Panel]


def panel_page(slug: str, audience: Audience, today: datetime.date) -> PanelPage:
    panel = get_object_or_404(Panel.objects.select_related("parent", "contact_officer", "council"), slug=slug)
    meetings = list(panel.meetings.visible_to(audience).order_by("date", "start_time"))
    return PanelPage(
        panel=panel,
        membership=membership_for(panel, today),
        upcoming=[meeting for meeting in meetings if meeting.date >= today],
        past=[meeting for meeting in reversed(meetings) if meeting.date < today],
        work_programme=work_programme_for(panel, today, audience),
        reports_to=panel.parent,
        sub_panels=list(panel.children.order_by("name")),
    )


def _meeting_queryset(audience: Audience):
    return Meeting.objects.visible_to(audience).select_related("panel__council", "panel__contact_officer", "signatory")


def meeting_or_404(slug: str, date: datetime.date, audience: Audience) -> Meeting:
    return get_object_or_404(_meeting_queryset(audience), panel__slug=slug, date=date)


def moved_meeting(slug: str, date: datetime.date) -> Meeting | None:
    """The meeting that used to be on `date` and was moved, so its old address can redirect."""
    change = (
        ScheduleChange.objects.filter(meeting__panel__slug=slug, previous_date=date)
        .select_related("meeting__panel")
        .order_by("-recorded_at")
        .first()
    )
    return change.meeting if change else None


def meeting_page(slug: str, date: datetime.date, audience: Audience) -> Meeting:
    """The meeting with its visible agenda (items, sections, papers) and its schedule history."""
    queryset = _meeting_queryset(audience).prefetch_related(
        visible_items(audience),
        Prefetch("schedule_changes", queryset=ScheduleChange.objects.order_by("recorded_at"), to_attr="changes"),
        Prefetch(
            "documents",
            queryset=Document.objects.visible_to(audience).filter(agenda_item__isnull=True).defer("body_html"),
            to_attr="meeting_papers",
        ),
    )
    meeting = get_object_or_404(queryset, panel__slug=slug, date=date)
    papers = [doc for item in meeting.visible_items for doc in item.visible_documents] + meeting.meeting_papers
    attach_background_papers(papers, BackgroundPaper.objects.visible_to(audience).filter(document__meeting=meeting))
    attach_paper_urls(meeting, papers)
    meeting.agenda_parts = agenda_parts(meeting.visible_items)
    meeting.pack_versions = pack_versions(meeting, audience)
    meeting.visible_minutes = minutes_source().visible_minutes(meeting, audience)
    return meeting


def attach_background_papers(documents: list[Document], papers) -> None:
    """Give each report its `listed_background_papers` (s100D(1)), read in one query from `papers`, a visibility
    queryset (`BackgroundPaper.objects.visible_to`)."""
    by_document: dict[int, list[BackgroundPaper]] = {}
    for paper in papers.order_by("document_id", "position", "pk"):
        by_document.setdefault(paper.document_id, []).append(paper)
    for document in documents:
        document.listed_background_papers = by_document.get(document.pk, [])


PAPER_SLUG = "paper-slug"  # stands for each paper's slug in the addresses reversed once per meeting


def attach_paper_urls(meeting: Meeting, documents: list[Document]) -> None:
    """Give each paper its `page_url` (Document.get_absolute_url) and `pdf_url`, reversed once for the meeting
    rather than twice per paper: on a 200-item agenda, reversing was a sixth of the page's time."""
    kwargs = {"slug": meeting.panel.slug, "date": meeting.date, "document": PAPER_SLUG}
    page = reverse("meetings:document_detail", kwargs=kwargs).rpartition(PAPER_SLUG)
    pdf = reverse("meetings:document_pdf", kwargs=kwargs).rpartition(PAPER_SLUG)
    for document in documents:
        document.page_url = f"{page[0]}{document.slug}{page[2]}"
        document.pdf_url = f"{pdf[0]}{document.slug}{pdf[2]}"


def agenda_parts(items: list[AgendaItem]) -> list[tuple[AgendaSection | None, list[AgendaItem]]]:
    """Consecutive items grouped under their section heading (None for items under no heading)."""
    return [(section, list(group)) for section, group in groupby(items, key=lambda item: item.section)]


def document_or_404(slug: str, date: datetime.date, document_slug: str, audience: Audience) -> Document:
    """One paper, or 404 alike for a missing paper and one this audience may not read."""
    document = (
        Document.objects.visible_to(audience)
        .select_related("meeting__panel__council", "agenda_item", "minutes")
        .filter(meeting__panel__slug=slug, meeting__date=date, slug=document_slug)
        .first()
    )
    if document is None:
        raise Http404("No such document")
    return document


def document_page(slug: str, date: datetime.date, document_slug: str, audience: Audience) -> Document:
    """One paper for its page, with its background papers."""
    document = document_or_404(slug, date, document_slug, audience)
    attach_background_papers([document], BackgroundPaper.objects.visible_to(audience).filter(document=document))
    return document


def upcoming_meetings(audience: Audience, today: datetime.date, limit: int = 6) -> list[Meeting]:
    return list(Meeting.objects.visible_to(audience).upcoming(today).select_related("panel")[:limit])


def latest_documents(audience: Audience, limit: int = 6) -> list[Document]:
    return list(
        Document.objects.visible_to(audience)
        .published()
        .select_related("meeting__panel", "agenda_item")
        .defer("body_html")
        .order_by("-published_at", "-meeting__date", "position")[:limit]
    )


def recent_meetings(audience: Audience, today: datetime.date, limit: int = 4) -> list[Meeting]:
    return list(Meeting.objects.visible_to(audience).past(today).select_related("panel")[:limit])


@dataclass
class PackListing:
    """One variant's versions as the meeting page lists them: the one to download, and every version (withdrawn
    ones say when and why, and open only for those who may read them)."""

    variant: str
    label: str
    current: AgendaPack | None
    versions: list[AgendaPack]


def pack_versions(meeting: Meeting, audience: Audience) -> list[PackListing]:
    """Every published version of the meeting's packs this audience sees listed, newest first, by variant."""
    packs = list(
        AgendaPack.objects.filter(meeting=meeting)
        .listed_for(audience)
        .select_related("meeting__panel", "withdrawal")
        .order_by("variant", "-version")
    )
    labels = dict(AgendaPack.Variant.choices)
    return [
        PackListing(
            variant=variant,
            label=labels[variant],
            current=next((pack for pack in versions if pack.is_readable and not pack.is_withdrawn), None),
            versions=versions,
        )
        for variant, group in groupby(packs, key=lambda pack: pack.variant)
        for versions in [list(group)]
    ]


def front_sheet_pack(meeting: Meeting, audience: Audience) -> AgendaPack | None:
    """The latest pack whose front sheet this reader gets: the members' pack if there is one they may read,
    otherwise the public pack; None before the first is published."""
    current = {listing.variant: listing.current for listing in pack_versions(meeting, audience)}
    return current.get(variant_for(audience, meeting)) or current.get(AgendaPack.Variant.PUBLIC)


def pack_or_404(meeting: Meeting, variant: str, audience: Audience, version: int | None = None) -> AgendaPack:
    """One version, or without `version` the latest one not withdrawn; 404 alike for a missing version and one
    this audience may not read."""
    packs = (
        AgendaPack.objects.visible_to(audience)
        .filter(meeting=meeting, variant=variant)
        .select_related("meeting__panel", "withdrawal")
    )
    pack = packs.filter(version=version).first() if version else packs.current().order_by("-version").first()
    if pack is None:
        raise Http404("No such pack")
    return pack


def latest_pack(meeting: Meeting, variant: str) -> AgendaPack | None:
    """The latest version of a variant that is not withdrawn (the one the next build is compared with)."""
    return AgendaPack.objects.filter(meeting=meeting, variant=variant).current().order_by("-version").first()


@dataclass
class ExposedVersion:
    """A public pack version still served that prints something which is now exempt (or was removed as exempt):
    the officer is asked to withdraw it."""

    pack: AgendaPack
    things: list[str]


def versions_exposing_exempt(meeting: Meeting) -> list[ExposedVersion]:
    """The public versions, not withdrawn, that hold this meeting's now-exempt content: its own packs, and the
    later packs whose minutes papers printed its now-exempt minutes. A fixed number of queries."""
    exempt_minutes = minutes_source().exempt_minute_entry_ids(meeting)
    holds = Q(meeting=meeting)
    for minute in exempt_minutes:
        holds |= Q(contents__minute_entries__contains=[minute])
    packs = list(
        AgendaPack.objects.filter(holds, variant=AgendaPack.Variant.PUBLIC)
        .current()
        .select_related("meeting__panel")
        .order_by("meeting__date", "version")
    )
    if not packs:
        return []
    listed = {kind: {pk for pack in packs for pk in pack.contents.get(kind, [])} for kind in PACK_CONTENTS}
    items = {item.pk: item for item in AgendaItem.objects.exempt().filter(pk__in=listed["items"])}
    papers = {
        paper.pk: paper
        for paper in Document.objects.exempt().filter(pk__in=listed["documents"]).select_related("agenda_item")
    }
    minutes = minutes_source().exempt_minute_entries(listed["minute_entries"])
    removed_items = _removed_as_exempt(AgendaItem, listed["items"])
    removed_papers = _removed_as_exempt(Document, listed["documents"])
    exposed = []
    for pack in packs:
        things = []
        for pk in pack.contents.get("items", []):
            if pk in items:
                things.append(f"Item {items[pk].number}: {items[pk].title} (now exempt)")
            elif pk in removed_items:
                things.append(f"Item {removed_items[pk]} (removed: it held exempt information)")
        for pk in pack.contents.get("documents", []):
            if pk in papers:
                things.append(f"The paper “{papers[pk].title}” (now exempt)")
            elif pk in removed_papers:
                things.append(f"The paper “{removed_papers[pk]}” (removed: it held exempt information)")
        for pk in pack.contents.get("minute_entries", []):
            if pk in minutes:
                minute = minutes[pk]
                things.append(f"The minute “{minute}” of {short_date(minute.minutes.meeting.date)} (now exempt)")
        if things:
            exposed.append(ExposedVersion(pack=pack, things=things))
    return exposed


def _removed_as_exempt(model, pks: set[int]) -> dict[int, str]:
    """Of these ids, the objects deleted because they held exempt information, with their titles."""
    missing = pks - set(model.objects.filter(pk__in=pks).values_list("pk", flat=True)) if pks else set()
    if not missing:
        return {}
    deletions = model.history.filter(id__in=missing, history_type="-", history_change_reason=REMOVED_AS_EXEMPT)
    return {record.id: record.title for record in deletions}
