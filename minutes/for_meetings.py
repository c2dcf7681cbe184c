"""The minutes the meetings app shows, read here for it: minutes/apps.py registers this module as the
MinutesSource of meetings/minutes_source.py."""

from collections.abc import Iterable

from meetings.audience import Audience
from meetings.models import Meeting
from minutes.models import MinuteEntry, Minutes
from minutes.selectors import decorate, minutes_history_sources, minutes_queryset
from portal.history import HistorySource


def visible_minutes(meeting: Meeting, audience: Audience) -> Minutes | None:
    return Minutes.objects.visible_to(audience).filter(meeting=meeting).first()


def readable_minutes(audience: Audience, minutes_ids: Iterable[int]) -> dict[int, Minutes]:
    return {minutes.pk: decorate(minutes) for minutes in minutes_queryset(audience).filter(pk__in=set(minutes_ids))}


def exempt_minute_entry_ids(meeting: Meeting) -> list[int]:
    return list(MinuteEntry.objects.exempt().filter(minutes__meeting=meeting).values_list("pk", flat=True))


def exempt_minute_entries(minute_entry_ids: Iterable[int]) -> dict[int, MinuteEntry]:
    entries = MinuteEntry.objects.exempt().filter(pk__in=set(minute_entry_ids))
    return {entry.pk: entry for entry in entries.select_related("agenda_item", "minutes__meeting")}


def history_sources(meeting: Meeting) -> list[HistorySource]:
    return minutes_history_sources(meeting)
