"""The minutes the meetings app shows, read here for it: minutes/apps.py registers this module as the
MinutesSource of meetings/minutes_source.py."""

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet

from meetings.audience import Audience
from meetings.models import Meeting
from minutes.models import Action, Attendance, Declaration, DeclaringCouncillor, MinuteEntry, Minutes, Resolution
from minutes.selectors import decorate, minutes_queryset


def visible_minutes(meeting: Meeting, audience: Audience) -> Minutes | None:
    return Minutes.objects.visible_to(audience).filter(meeting=meeting).first()


def readable_minutes(audience: Audience, minutes_ids: Iterable[int]) -> dict[int, Minutes]:
    return {minutes.pk: decorate(minutes) for minutes in minutes_queryset(audience).filter(pk__in=set(minutes_ids))}


def exempt_minute_entry_ids(meeting: Meeting) -> list[int]:
    return list(MinuteEntry.objects.exempt().filter(minutes__meeting=meeting).values_list("pk", flat=True))


def exempt_minute_entries(minute_entry_ids: Iterable[int]) -> dict[int, MinuteEntry]:
    entries = MinuteEntry.objects.exempt().filter(pk__in=set(minute_entry_ids))
    return {entry.pk: entry for entry in entries.select_related("agenda_item", "minutes__meeting")}


def history_sources(meeting: Meeting) -> list[tuple[str, QuerySet, Callable[[Any], str]]]:
    minutes_ids = list(Minutes.history.filter(meeting_id=meeting.pk).values_list("id", flat=True).distinct())
    entry_ids = list(MinuteEntry.history.filter(minutes_id__in=minutes_ids).values_list("id", flat=True).distinct())
    return [
        ("Minutes", Minutes.history.filter(meeting_id=meeting.pk), lambda r: r.get_status_display()),
        ("Attendance", Attendance.history.filter(minutes_id__in=minutes_ids), lambda r: r.get_category_display()),
        ("Declaration", Declaration.history.filter(minutes_id__in=minutes_ids), lambda r: r.text[:80]),
        (
            "Declaring councillor",
            DeclaringCouncillor.history.filter(
                declaration_id__in=Declaration.history.filter(minutes_id__in=minutes_ids).values("id")
            ).select_related("councillor"),
            lambda r: f"Councillor {r.councillor.short_name}" if r.councillor else "a councillor since removed",
        ),
        (
            "Minute",
            MinuteEntry.history.filter(minutes_id__in=minutes_ids),
            lambda r: f"{r.number} {r.heading}".strip(),
        ),
        ("Resolution", Resolution.history.filter(entry_id__in=entry_ids), lambda r: r.text[:80]),
        ("Action", Action.history.filter(entry_id__in=entry_ids), lambda r: r.description[:80]),
    ]
