"""Reads for minutes pages, the pack's minutes papers and the actions tracker."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from meetings.audience import Audience
from minutes.models import Action, Attendance, Declaration, MinuteEntry, Minutes, Resolution
from portal.wording import join_and


def minutes_queryset(audience: Audience):
    """Minutes with everything they show, each child list filtered for the audience."""
    return (
        Minutes.objects.visible_to(audience)
        .select_related("meeting__panel__council", "confirmed_at_meeting__panel", "confirmed_by_item")
        .prefetch_related(
            Prefetch(
                "attendance",
                queryset=Attendance.objects.select_related("councillor", "officer", "substitute_for"),
                to_attr="attendance_list",
            ),
            Prefetch(
                "declarations",
                queryset=Declaration.objects.select_related("councillor", "agenda_item"),
                to_attr="declaration_list",
            ),
            Prefetch(
                "entries",
                queryset=MinuteEntry.objects.visible_to(audience)
                .select_related("agenda_item")
                .prefetch_related(
                    Prefetch(
                        "resolutions",
                        queryset=Resolution.objects.prefetch_related("parts"),
                        to_attr="resolution_list",
                    ),
                    Prefetch("actions", queryset=Action.objects.select_related("owner"), to_attr="action_list"),
                ),
                to_attr="entry_list",
            ),
        )
    )


def minutes_or_404(slug: str, date: datetime.date, audience: Audience) -> Minutes:
    minutes = get_object_or_404(minutes_queryset(audience), meeting__panel__slug=slug, meeting__date=date)
    return decorate(minutes)


@dataclass
class AttendanceGroups:
    """The attendance of a meeting as minutes print it: chair and vice chair first, then members."""

    present: list[Attendance] = field(default_factory=list)
    substitutes: list[Attendance] = field(default_factory=list)
    attending: list[Attendance] = field(default_factory=list)
    officers: list[Attendance] = field(default_factory=list)
    apologies: list[Attendance] = field(default_factory=list)
    absent: list[Attendance] = field(default_factory=list)

    @property
    def present_lines(self) -> list[str]:
        lines = [
            f"Councillor {person.display_name} ({person.get_role_display()})"
            for person in self.present
            if person.role and person.role != Attendance.Role.MEMBER
        ]
        members = [person.display_name for person in self.present if not person.role or person.role == "member"]
        if members:
            lines.append(f"Councillors {join_and(members)}")
        return lines

    @property
    def officer_names(self) -> list[str]:
        return [person.display_name for person in self.officers]

    @property
    def apology_names(self) -> list[str]:
        return [person.display_name for person in self.apologies]

    @property
    def absent_names(self) -> list[str]:
        return [person.display_name for person in self.absent]


def group_attendance(rows: list[Attendance]) -> AttendanceGroups:
    groups = AttendanceGroups()
    by_category = {
        Attendance.Category.PRESENT: groups.present,
        Attendance.Category.SUBSTITUTE: groups.substitutes,
        Attendance.Category.ATTENDING: groups.attending,
        Attendance.Category.OFFICER: groups.officers,
        Attendance.Category.APOLOGIES: groups.apologies,
        Attendance.Category.ABSENT: groups.absent,
    }
    for row in rows:
        by_category[row.category].append(row)
    return groups


def decorate(minutes: Minutes) -> Minutes:
    """Attach the grouped attendance and the flat list of actions, from what was prefetched."""
    minutes.groups = group_attendance(minutes.attendance_list)
    minutes.actions = [action for entry in minutes.entry_list for action in entry.action_list]
    return minutes
