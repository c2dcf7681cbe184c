"""How the meetings app reads minutes, which sit in the app above it.

Layers run one way: minutes use meetings, never the reverse (the import contract in pyproject.toml). Yet a meeting's
page shows its minutes, a pack prints the minutes it submits for confirmation, the agenda editor looks for packs
that printed minutes now exempt, and a meeting's history lists the changes to its minutes. The minutes app hands
over its readers for these when it starts (minutes/apps.py registers minutes/for_meetings.py), and meetings calls
them through `minutes_source()`.
"""

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from meetings.audience import Audience
from meetings.models import Meeting


class MinutesSource(Protocol):
    def visible_minutes(self, meeting: Meeting, audience: Audience) -> Any | None:
        """The meeting's minutes, if this audience may read them."""

    def readable_minutes(self, audience: Audience, minutes_ids: Iterable[int]) -> dict[int, Any]:
        """Those of these minutes the audience may read, by id, with everything they print (attendance grouped,
        declarations, minute entries with resolutions and actions) filtered for the audience."""

    def exempt_minute_entry_ids(self, meeting: Meeting) -> list[int]:
        """The meeting's minute entries that are now exempt."""

    def exempt_minute_entries(self, minute_entry_ids: Iterable[int]) -> dict[int, Any]:
        """Those of these minute entries that are now exempt, by id, with their minutes' meeting."""

    def history_sources(self, meeting: Meeting) -> list[tuple[str, QuerySet, Callable[[Any], str]]]:
        """The history rows of the meeting's minutes and everything in them, as (label, history rows, describe)."""


_source: MinutesSource | None = None


def register_minutes_source(source: MinutesSource) -> None:
    global _source
    _source = source


def minutes_source() -> MinutesSource:
    if _source is None:
        raise ImproperlyConfigured("The minutes app is not installed: meetings read their minutes through it.")
    return _source
