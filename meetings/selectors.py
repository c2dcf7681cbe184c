"""Reads for the public pages: each returns everything a page shows in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Max, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from meetings.audience import Audience
from meetings.models import (
    AgendaItem,
    AgendaPack,
    AgendaSection,
    Document,
    Meeting,
    Membership,
    Panel,
    ScheduleChange,
    WorkProgrammeTopic,
)
from meetings.municipal_year import MunicipalYear


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
    from minutes.models import Minutes

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
    meeting.agenda_parts = agenda_parts(meeting.visible_items)
    meeting.pack_versions = pack_versions(meeting, audience)
    meeting.visible_minutes = Minutes.objects.visible_to(audience).filter(meeting=meeting).first()
    return meeting


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


def pack_versions(meeting: Meeting, audience: Audience) -> list[AgendaPack]:
    """Every published version of the meeting's packs this audience may download, newest first."""
    variants = [AgendaPack.Variant.PUBLIC]
    if audience.may_read_exempt(meeting.panel_id, meeting.date):
        variants.append(AgendaPack.Variant.MEMBERS)
    return list(
        AgendaPack.objects.filter(meeting=meeting, variant__in=variants)
        .select_related("meeting__panel")
        .order_by("variant", "-version")
    )


def front_sheet_pack(meeting: Meeting, audience: Audience) -> AgendaPack | None:
    """The latest pack whose front sheet this reader gets: the members' pack if there is one they may read,
    otherwise the public pack; None before the first is published."""
    packs = {pack.variant: pack for pack in reversed(pack_versions(meeting, audience))}  # newest wins
    return packs.get(AgendaPack.Variant.MEMBERS) or packs.get(AgendaPack.Variant.PUBLIC)


def pack_or_404(meeting: Meeting, variant: str, audience: Audience, version: int | None = None) -> AgendaPack:
    if variant == AgendaPack.Variant.MEMBERS and not audience.may_read_exempt(meeting.panel_id, meeting.date):
        raise Http404("No such pack")
    packs = AgendaPack.objects.filter(meeting=meeting, variant=variant).select_related("meeting__panel")
    pack = packs.filter(version=version).first() if version else packs.order_by("-version").first()
    if pack is None:
        raise Http404("No such pack")
    return pack
