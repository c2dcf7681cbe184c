"""Builders for test data: one small function per thing, with sensible defaults."""

import datetime
import itertools

from django.utils import timezone

from meetings.models import AgendaItem, AgendaSection, Council, Document, Meeting, Panel
from meetings.municipal_year import MunicipalYear
from minutes.models import MinuteEntry, Minutes, Resolution

_counter = itertools.count(1)


def council() -> Council:
    return Council.objects.get_or_create(slug="test-council", defaults={"name": "Test Borough Council"})[0]


def panel(**fields) -> Panel:
    n = next(_counter)
    defaults = {"council": council(), "name": f"Test Scrutiny Panel {n}", "slug": f"test-panel-{n}"}
    return Panel.objects.create(**(defaults | fields))


def next_meeting_date(panel_: Panel) -> datetime.date:
    """The panel's first free day from a fortnight ahead: a meeting still to come, in the municipal year that
    today's seats are in (the role fixtures' memberships). Late in April, when a fortnight ahead is already the
    next municipal year, the free days left in this one come first. Derived from today and the panel's own
    meetings only, so a test gets the same date whatever ran before it. A test that needs a date says so."""
    today = timezone.localdate()
    last_day = MunicipalYear.containing(today).last_day
    start = min(today + datetime.timedelta(days=14), last_day)
    taken = set(panel_.meetings.filter(date__gte=today).values_list("date", flat=True))
    days_left = [start + datetime.timedelta(days=n) for n in range((last_day - start).days + 1)]
    days_left += [today + datetime.timedelta(days=n) for n in range((start - today).days)]
    return next((day for day in days_left if day not in taken), None) or max(taken) + datetime.timedelta(days=1)


def meeting(panel_: Panel | None = None, **fields) -> Meeting:
    panel_ = fields.pop("panel", None) or panel_ or panel()
    defaults = {
        "panel": panel_,
        "date": fields.get("date") or next_meeting_date(panel_),
        "start_time": datetime.time(16, 0),
        "venue": "Town Hall",
    }
    return Meeting.objects.create(**(defaults | fields))


def published_meeting(panel_: Panel | None = None, **fields) -> Meeting:
    return meeting(panel_, status=Meeting.Status.AGENDA_PUBLISHED, agenda_published_at=timezone.now(), **fields)


def item(meeting_: Meeting, **fields) -> AgendaItem:
    position = meeting_.agenda_items.count() + 1
    defaults = {
        "meeting": meeting_,
        "position": position,
        "number": str(position),
        "title": f"Item {position}",
        "published_at": meeting_.agenda_published_at,
    }
    return AgendaItem.objects.create(**(defaults | fields))


def section(meeting_: Meeting, **fields) -> AgendaSection:
    return AgendaSection.objects.create(**({"meeting": meeting_, "heading": "Part A"} | fields))


def document(item_: AgendaItem, **fields) -> Document:
    n = next(_counter)
    defaults = {
        "meeting": item_.meeting,
        "agenda_item": item_,
        "slug": f"paper-{n}",
        "title": f"Paper {n}",
        "body_html": f"<p>Body of paper {n}.</p>",
        "published_at": item_.published_at,
    }
    return Document.objects.create(**(defaults | fields))


def minutes(meeting_: Meeting, **fields) -> Minutes:
    return Minutes.objects.create(**({"meeting": meeting_, "status": Minutes.Status.PUBLISHED} | fields))


def minute_entry(minutes_: Minutes, **fields) -> MinuteEntry:
    position = minutes_.entries.count() + 1
    defaults = {
        "minutes": minutes_,
        "position": position,
        "heading": f"Minute {position}",
        "body_html": "<p>Text.</p>",
    }
    return MinuteEntry.objects.create(**(defaults | fields))


def resolution(entry: MinuteEntry, text: str = "AGREED that the information be noted.") -> Resolution:
    return Resolution.objects.create(entry=entry, text=text, position=entry.resolutions.count() + 1)
