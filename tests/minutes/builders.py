"""Builders for the minutes tests, on top of tests.factories: meetings in this municipal year (so the councillor
fixtures may read their exempt minutes), agendas with exempt items, and started minutes."""

import datetime

from django.utils import timezone

from meetings.models import AgendaItem, Councillor, Meeting, Membership, Officer, Panel
from meetings.municipal_year import MunicipalYear
from minutes.models import Action, MinuteEntry, Minutes
from tests import factories


def this_year() -> MunicipalYear:
    return MunicipalYear.containing(timezone.localdate())


def meeting_this_year(panel: Panel, **fields) -> Meeting:
    """A meeting of the panel on its first free day from the 11th of the current municipal year: derived from the
    panel's own meetings, so the same day whatever ran before."""
    year = this_year()
    taken = set(panel.meetings.filter(date__gte=year.first_day).values_list("date", flat=True))
    days = (year.first_day + datetime.timedelta(days=10 + n) for n in range(355))
    return factories.published_meeting(panel, date=next(day for day in days if day not in taken), **fields)


def officer(surname: str = "Clerk", **fields) -> Officer:
    defaults = {"council": factories.council(), "first_name": "Olive", "surname": surname, "job_title": "Clerk"}
    return Officer.objects.create(**(defaults | fields))


def councillor(slug: str, surname: str, initials: str = "C") -> Councillor:
    return Councillor.objects.create(council=factories.council(), slug=slug, initials=initials, surname=surname)


def member(panel: Panel, councillor_: Councillor, year: int | None = None, **fields) -> Membership:
    position = panel.memberships.count() + 1
    return Membership.objects.create(
        panel=panel, councillor=councillor_, municipal_year=year or this_year().start_year, position=position, **fields
    )


def agenda(meeting: Meeting, *titles: str, exempt: dict[str, int] | None = None, **kinds) -> list[AgendaItem]:
    """Items with these titles; `exempt` maps a title to its Schedule 12A paragraph."""
    exempt = exempt or {}
    return [
        factories.item(meeting, title=title, exempt_paragraph=exempt.get(title), kind=kinds.get(title, "report"))
        for title in titles
    ]


def minutes_with_entries(meeting: Meeting, count: int, **fields) -> Minutes:
    minutes = factories.minutes(meeting, **fields)
    for _ in range(count):
        factories.minute_entry(minutes)
    return minutes


def exempt_entry(minutes: Minutes, marker: str, paragraph: int = 3) -> MinuteEntry:
    """An exempt minute whose heading, text, resolution and action all carry `marker`."""
    entry = factories.minute_entry(
        minutes,
        heading=f"Exempt heading {marker}",
        body_html=f"<p>Exempt text {marker}</p>",
        exempt_paragraph=paragraph,
    )
    factories.resolution(entry, text=f"AGREED that {marker} be approved.")
    Action.objects.create(entry=entry, position=1, description=f"Exempt action {marker}", owner_text="Director")
    return entry
