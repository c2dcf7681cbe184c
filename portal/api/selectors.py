"""Reads for the API. Everything is read as the public reads it (the API serves everyone the same answer), through
the visibility querysets, with every child list prefetched so a page of results costs a fixed number of queries.
The filters of each list (portal.api.parameters) apply to these querysets."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from meetings.audience import PUBLIC
from meetings.models import (
    AgendaItem,
    AgendaPack,
    Councillor,
    Document,
    Meeting,
    Membership,
    Panel,
    ScheduleChange,
    WorkProgrammeTopic,
)
from meetings.municipal_year import MunicipalYear
from meetings.revisions import with_last_revised
from minutes.models import Attendance, MinuteEntry, Minutes, Resolution, ResolutionPart
from minutes.scrutiny.models import ExecutiveDecision, Recommendation

AUDIENCE = PUBLIC


def panels() -> QuerySet[Panel]:
    return Panel.objects.select_related("parent", "contact_officer").order_by("name", "pk")


def panel_or_404(slug: str) -> Panel:
    return get_object_or_404(panels(), slug=slug)


def membership_years(panel: Panel) -> list[int]:
    return list(panel.memberships.order_by("-municipal_year").values_list("municipal_year", flat=True).distinct())


def default_membership_year(panel: Panel, today: datetime.date) -> MunicipalYear | None:
    """The latest municipal year with seats, up to the current one (as the panel's page shows)."""
    current = MunicipalYear.containing(today).start_year
    latest = panel.memberships.filter(municipal_year__lte=current).aggregate(year=Max("municipal_year"))["year"]
    return MunicipalYear(latest) if latest is not None else None


@dataclass(frozen=True)
class Seats:
    panel: Panel
    year: MunicipalYear | None
    seats: list[Membership]
    years: list[int]


def seats(panel: Panel, year: MunicipalYear | None, today: datetime.date) -> Seats:
    """The panel's seats in `year`, by default the latest municipal year with seats up to today's."""
    year = year or default_membership_year(panel, today)
    rows = panel.memberships.filter(municipal_year=year.start_year) if year else Membership.objects.none()
    return Seats(
        panel=panel,
        year=year,
        seats=list(rows.select_related("councillor").order_by("position", "pk")),
        years=membership_years(panel),
    )


def _documents() -> QuerySet[Document]:
    return Document.objects.visible_to(AUDIENCE).select_related("meeting__panel").defer("body_html")


def _items() -> QuerySet[AgendaItem]:
    return (
        AgendaItem.objects.visible_to(AUDIENCE)
        .select_related("presenter")
        .prefetch_related(
            Prefetch("documents", queryset=_documents().order_by("position"), to_attr="visible_documents")
        )
    )


def meetings() -> QuerySet[Meeting]:
    queryset = Meeting.objects.visible_to(AUDIENCE).select_related("panel")
    public_minutes = Minutes.objects.visible_to(AUDIENCE).filter(meeting=OuterRef("pk"))
    public_pack = AgendaPack.objects.visible_to(AUDIENCE).filter(
        meeting=OuterRef("pk"), variant=AgendaPack.Variant.PUBLIC
    )
    return (
        with_last_revised(queryset)
        .annotate(has_public_minutes=Exists(public_minutes), has_public_pack=Exists(public_pack))
        .prefetch_related(
            Prefetch("agenda_items", queryset=_items().order_by("position"), to_attr="visible_items"),
            Prefetch(
                "documents",
                queryset=_documents().filter(agenda_item__isnull=True).order_by("position"),
                to_attr="meeting_papers",
            ),
            Prefetch("schedule_changes", queryset=ScheduleChange.objects.order_by("recorded_at"), to_attr="changes"),
        )
        .order_by("date", "start_time", "pk")
    )


def meeting_or_404(pk: int) -> Meeting:
    return get_object_or_404(meetings(), pk=pk)


def agenda_items() -> QuerySet[AgendaItem]:
    queryset = _items().select_related("meeting__panel")
    return queryset.order_by("meeting__date", "meeting_id", "position", "pk")


def documents() -> QuerySet[Document]:
    return _documents().order_by("-meeting__date", "meeting_id", "agenda_item__position", "position", "pk")


def minutes() -> QuerySet[Minutes]:
    resolutions = Resolution.objects.order_by("position").prefetch_related(
        Prefetch("parts", queryset=ResolutionPart.objects.order_by("position"), to_attr="part_list")
    )
    entries = (
        MinuteEntry.objects.visible_to(AUDIENCE)
        .order_by("position")
        .prefetch_related(Prefetch("resolutions", queryset=resolutions, to_attr="resolution_list"))
    )
    queryset = (
        Minutes.objects.visible_to(AUDIENCE)
        .select_related("meeting__panel", "confirmed_at_meeting__panel")
        .prefetch_related(
            Prefetch(
                "attendance",
                queryset=Attendance.objects.select_related("councillor", "officer").order_by("position"),
                to_attr="attendance_list",
            ),
            Prefetch("entries", queryset=entries, to_attr="entry_list"),
        )
    )
    return queryset.order_by("-meeting__date", "pk")


def resolutions() -> QuerySet[Resolution]:
    # Resolutions have no visibility of their own: they are readable when their minute is.
    queryset = (
        Resolution.objects.filter(entry__in=MinuteEntry.objects.visible_to(AUDIENCE))
        .select_related("entry__minutes__meeting__panel")
        .prefetch_related(Prefetch("parts", queryset=ResolutionPart.objects.order_by("position"), to_attr="part_list"))
    )
    return queryset.order_by("-entry__minutes__meeting__date", "entry__position", "position", "pk")


def work_programme() -> QuerySet[WorkProgrammeTopic]:
    queryset = WorkProgrammeTopic.objects.select_related(
        "panel", "approved_by", "agreed_at__panel", "submitted_to__panel"
    ).prefetch_related(
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.visible_to(AUDIENCE).select_related("meeting__panel").order_by("meeting__date"),
            to_attr="visible_items",
        )
    )
    return queryset.order_by("panel__name", "-municipal_year", "category", "position", "pk")


def recommendations() -> QuerySet[Recommendation]:
    """Referred recommendations the public may read (exempt ones never), overdue first."""
    queryset = Recommendation.objects.visible_to(AUDIENCE).select_related("panel", "meeting__panel")
    return queryset.order_by("panel__name", "number", "pk")


def decisions() -> QuerySet[ExecutiveDecision]:
    """Published decisions the public may read (none with an exempt paper), with their papers and call-in."""
    return (
        ExecutiveDecision.objects.visible_to(AUDIENCE)
        .select_related("panel", "call_in__consideration_item__meeting__panel")
        .prefetch_related(
            Prefetch("papers", queryset=_documents().order_by("position"), to_attr="visible_papers"),
            Prefetch("call_in__signatories", queryset=Councillor.objects.order_by("surname", "initials")),
        )
        .order_by("-decided_on", "-pk")
    )
