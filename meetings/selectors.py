"""Reads for the public pages: each returns everything a page shows in a fixed number of queries."""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Max, Prefetch, Q, QuerySet, Window
from django.db.models.functions import Lag
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from meetings.audience import PUBLIC, Audience
from meetings.exclusion import name_excluded_items
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
    Officer,
    Panel,
    ScheduleChange,
    WorkProgrammeTopic,
    variant_for,
)
from meetings.municipal_year import MunicipalYear
from meetings.notice import publication_deadline
from meetings.revisions import with_last_revised
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


# The officers' schedule of a panel's year ----------------------------------------------------------------------

# Municipal years the workspace will show; anything else is a mistyped address.
FIRST_YEAR, LAST_YEAR = 1990, 2200


def panel_or_404(slug: str) -> Panel:
    """A panel for the officers' pages (retired ones included)."""
    return get_object_or_404(Panel.objects.select_related("parent"), slug=slug)


def year_or_404(year: int) -> MunicipalYear:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("No such municipal year")
    return MunicipalYear(year)


def current_year() -> MunicipalYear:
    return MunicipalYear.containing(timezone.localdate())


def meeting_to_plan(slug: str, date: datetime.date) -> Meeting:
    """A meeting for the officers' planning pages, whatever its state."""
    return get_object_or_404(Meeting.objects.select_related("panel"), panel__slug=slug, date=date)


def meeting_is_open(meeting: Meeting) -> bool:
    """Still to be held (or its date passed unrecorded): it can be moved or cancelled."""
    return meeting.status in {Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED}


def year_schedule(panel: Panel, year: MunicipalYear) -> list[Meeting]:
    """The panel's meetings in the municipal year, with their moves and agenda sizes, in two queries."""
    today = timezone.localdate()
    meetings = list(
        panel.meetings.filter(date__range=(year.first_day, year.last_day))
        .annotate(item_count=Count("agenda_items"))
        .prefetch_related(
            Prefetch("schedule_changes", queryset=ScheduleChange.objects.order_by("recorded_at"), to_attr="changes")
        )
        .order_by("date", "start_time")
    )
    for meeting in meetings:
        meeting.panel = panel
        meeting.publish_by = publication_deadline(meeting.date)
        meeting.is_open = meeting_is_open(meeting)
        # s100B(3): the five clear working days can no longer be given; the agenda will need a reason for urgency.
        meeting.short_notice = (
            meeting.is_open and not meeting.agenda_is_published and meeting.date >= today and meeting.publish_by < today
        )
    return meetings


# The officers' work programme of a panel -------------------------------------------------------------------------

# The routine items of every agenda take no topic forward; they are left out of the choice of items to link.
PROCEDURAL_KINDS = [
    AgendaItem.Kind.CHAIR_PRO_TEM,
    AgendaItem.Kind.APOLOGIES,
    AgendaItem.Kind.DECLARATIONS,
    AgendaItem.Kind.PREVIOUS_MINUTES,
    AgendaItem.Kind.NEXT_MEETING,
    AgendaItem.Kind.URGENT_ITEMS,
]


def _linked_items() -> Prefetch:
    # Officers see every item, published or not (AgendaItem.objects.visible_to(OFFICER) hides nothing).
    return Prefetch(
        "agenda_items",
        queryset=AgendaItem.objects.select_related("meeting").order_by("meeting__date", "position"),
        to_attr="linked_items",
    )


def _topics():
    return WorkProgrammeTopic.objects.select_related("panel", "approved_by", "submitted_to__panel", "agreed_at")


def programme_by_category(panel: Panel, year: MunicipalYear) -> list[tuple[str, str, list[WorkProgrammeTopic]]]:
    """The year's topics in category order, each category (value, label, topics), in two queries."""
    topics = list(
        _topics()
        .filter(panel=panel, municipal_year=year.start_year)
        .prefetch_related(_linked_items())
        .order_by("position", "pk")
    )
    return [
        (value, label, [topic for topic in topics if topic.category == value])
        for value, label in WorkProgrammeTopic.Category.choices
        if any(topic.category == value for topic in topics)
    ]


def topic_or_404(slug: str, pk: int) -> WorkProgrammeTopic:
    return get_object_or_404(_topics().prefetch_related(_linked_items()), pk=pk, panel__slug=slug)


def approving_bodies(panel: Panel):
    """The bodies that approve a panel's work programme: its parent and any overview and scrutiny board of its own
    council (never another council's board)."""
    return Panel.objects.filter(
        Q(pk=panel.parent_id) | Q(kind=Panel.Kind.SCRUTINY_BOARD), council_id=panel.council_id
    ).exclude(pk=panel.pk)


def council_officers(panel_id: int) -> QuerySet[Officer]:
    """The officers a panel may name (presenter, signatory, an action's owner, a recommendation's lead): its
    council's own, and people of other bodies (who belong to no council); never another council's officers."""
    return Officer.objects.filter(Q(council__panels=panel_id) | Q(council__isnull=True)).order_by(
        "surname", "first_name"
    )


def officer_choices(panel: Panel) -> list[tuple[int, str]]:
    return [(officer.pk, officer.name_and_title) for officer in council_officers(panel.pk)]


def year_range(year: int) -> tuple:
    return (MunicipalYear(year).first_day, MunicipalYear(year).last_day)


def with_year_before(year: int) -> tuple:
    # A year's topics are often chosen, and sent for approval, at the end of the year before.
    return (MunicipalYear(year - 1).first_day, MunicipalYear(year).last_day)


def linkable_items(topic: WorkProgrammeTopic) -> list[AgendaItem]:
    """The items of the panel's agendas for the topic's year that could take it forward and are not linked yet."""
    linked = [item.pk for item in topic.linked_items]
    return list(
        AgendaItem.objects.filter(
            meeting__panel_id=topic.panel_id, meeting__date__range=year_range(topic.municipal_year)
        )
        .exclude(kind__in=PROCEDURAL_KINDS)
        .exclude(pk__in=linked)
        .select_related("meeting")
        .order_by("meeting__date", "position")
    )


# Calendars and feeds of meetings (portal/calendars.py) ----------------------------------------------------------

CALENDAR_PAGE_SIZE = 20
CALENDAR_RECENT_MEETINGS = 5
# The month pages stop somewhere, so that a crawler following "next month" does not walk on for ever.
CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR = 1990, 2100


def panels_for_filter() -> list[Panel]:
    return list(Panel.objects.order_by("name"))


def calendar_meetings(audience: Audience, panel: Panel | None = None) -> QuerySet[Meeting]:
    meetings = Meeting.objects.visible_to(audience).select_related("panel")
    return meetings.filter(panel=panel) if panel is not None else meetings


def cancellation_changes(meetings: QuerySet[Meeting]) -> dict[int, int]:
    """How many times each meeting was cancelled or reinstated (being created cancelled counts as once), from its
    recorded history. Meetings with no history at all (loaded from fixtures) are absent."""
    rows = (
        Meeting.history.model.objects.filter(id__in=meetings.values("pk"))
        .annotate(
            previous_status=Window(
                Lag("status"), partition_by=[F("id")], order_by=[F("history_date").asc(), F("history_id").asc()]
            )
        )
        # Only each meeting's first record and the records that changed its status.
        .filter(Q(previous_status__isnull=True) | ~Q(previous_status=F("status")))
        .values_list("id", "status", "previous_status")
    )
    cancelled = Meeting.Status.CANCELLED
    changes: dict[int, int] = {}
    for pk, status, previous in rows:
        changes[pk] = changes.get(pk, 0) + ((status == cancelled) != (previous == cancelled))
    return changes


def feed_meetings(panel: Panel | None = None) -> list[Meeting]:
    """Every meeting for a feed, with its moves (`changes`), `last_revised` and its iCalendar `sequence`.

    Feeds are public and anonymous, so they are read as the public reads them, whoever asks."""
    meetings = calendar_meetings(PUBLIC, panel).select_related("panel__council")
    meetings = with_last_revised(meetings).prefetch_related(
        Prefetch("schedule_changes", queryset=ScheduleChange.objects.order_by("recorded_at"), to_attr="changes")
    )
    meetings = list(meetings.order_by("date", "start_time", "pk"))
    cancellations = cancellation_changes(calendar_meetings(PUBLIC, panel))
    for meeting in meetings:
        meeting.sequence = schedule_sequence(meeting, cancellations.get(meeting.pk))
    return meetings


def schedule_sequence(meeting: Meeting, cancellation_changes: int | None) -> int:
    """RFC 5545 SEQUENCE: goes up with every move and every cancellation or reinstatement, so that calendar apps
    replace the entry they hold. A cancelled meeting without recorded history counts as cancelled once."""
    if cancellation_changes is None:
        cancellation_changes = 1 if meeting.is_cancelled else 0
    return len(meeting.changes) + cancellation_changes


@dataclass
class MeetingList:
    when: str
    page: Page
    recent: list[Meeting] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return "Past meetings" if self.when == "past" else "Upcoming meetings"


def meeting_list(audience: Audience, panel: Panel | None, when: str, page_number: str | None) -> MeetingList:
    today = timezone.localdate()
    meetings = calendar_meetings(audience, panel)
    if when == "past":
        chosen = meetings.filter(date__lt=today).order_by("-date", "-start_time", "panel__name")
    else:
        chosen = meetings.filter(date__gte=today).order_by("date", "start_time", "panel__name")
    page = Paginator(chosen, CALENDAR_PAGE_SIZE).get_page(page_number)
    recent = []
    if when == "upcoming" and page.number == 1:
        recent = list(
            meetings.filter(date__lt=today).order_by("-date", "-start_time", "panel__name")[:CALENDAR_RECENT_MEETINGS]
        )
    return MeetingList(when=when, page=page, recent=recent)


@dataclass
class Day:
    date: datetime.date
    meetings: list[Meeting]
    is_today: bool


@dataclass
class Month:
    first_day: datetime.date
    weeks: list[list[Day | None]]
    previous: datetime.date | None
    following: datetime.date | None
    meeting_count: int

    @property
    def weekday_names(self) -> list[str]:
        return list(calendar.day_name)


def month_grid(audience: Audience, panel: Panel | None, year: int, month: int) -> Month:
    """The month as weeks from Monday to Sunday; days of the neighbouring months are None."""
    first_day = datetime.date(year, month, 1)
    last_day = datetime.date(year, month, calendar.monthrange(year, month)[1])
    meetings = calendar_meetings(audience, panel).filter(date__range=(first_day, last_day))
    by_date: dict[datetime.date, list[Meeting]] = defaultdict(list)
    for meeting in meetings.order_by("date", "start_time", "panel__name"):
        by_date[meeting.date].append(meeting)
    today = timezone.localdate()
    weeks = [
        [Day(day, by_date.get(day, []), day == today) if day.month == month else None for day in week]
        for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    ]
    previous = (first_day - datetime.timedelta(days=1)).replace(day=1)
    following = last_day + datetime.timedelta(days=1)
    return Month(
        first_day=first_day,
        weeks=weeks,
        previous=previous if previous.year >= CALENDAR_FIRST_YEAR else None,
        following=following if following.year <= CALENDAR_LAST_YEAR else None,
        meeting_count=sum(len(day_meetings) for day_meetings in by_date.values()),
    )


def panels_for_listing() -> tuple[list[Panel], list[Panel]]:
    """The panels that still meet, by kind, and apart from them the retired ones, latest retired first: one query."""
    panels = list(Panel.objects.select_related("parent", "contact_officer", "council").order_by("kind", "name"))
    retired = sorted((panel for panel in panels if panel.retired_on), key=lambda panel: panel.retired_on, reverse=True)
    return [panel for panel in panels if not panel.retired_on], retired


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
    """Consecutive items grouped under their section heading (None for items under no heading). An exclusion
    item gets the wording naming the exempt items after it (meetings.exclusion), as the agenda prints it."""
    name_excluded_items(items)
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
