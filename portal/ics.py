"""iCalendar (RFC 5545) for meetings: one VEVENT per meeting and the VTIMEZONE its times are given in."""

import datetime

from icalendar import Event, Timezone, TimezoneDaylight, TimezoneStandard

from meetings.models import Meeting
from portal.formats import council_time, long_date


def meeting_uid(meeting: Meeting) -> str:
    """Stable for the life of the meeting (moves included): calendar apps match updates by it. The council's
    slug keeps two councils' portals from handing out the same UID."""
    return f"meeting-{meeting.pk}@{meeting.panel.council.slug}.scrutiny-portal"


def event_description(meeting: Meeting, url: str) -> str:
    lines = []
    if meeting.is_cancelled:
        lines.append(f"This meeting has been cancelled. {meeting.cancellation_reason}".strip())
    for change in meeting.changes:
        moved = f"Moved from {long_date(change.previous_date)}"
        if change.previous_time:
            moved += f" at {council_time(change.previous_time)}"
        moved += f" to {long_date(change.new_date)}"
        if change.new_time:
            moved += f" at {council_time(change.new_time)}"
        lines.append(f"{moved}. {change.reason}".strip())
    if meeting.start_time is None:
        lines.append("The start time is not recorded.")
    if meeting.livestream_url:
        lines.append(f"Watch: {meeting.livestream_url}")
    lines.append(f"Agenda, reports and minutes: {url}")
    return "\n\n".join(lines)


def meeting_event(meeting: Meeting, url: str, now: datetime.datetime) -> Event:
    """One VEVENT: Europe/London times, or an all-day entry while the start time is not recorded."""
    event = Event()
    event.add("uid", meeting_uid(meeting))
    revised = meeting.last_revised or now
    event.add("dtstamp", revised.astimezone(datetime.UTC))
    if meeting.last_revised:
        event.add("last-modified", meeting.last_revised.astimezone(datetime.UTC))
    event.add("sequence", meeting.sequence)
    event.add("summary", f"Cancelled: {meeting.panel.name}" if meeting.is_cancelled else meeting.panel.name)
    if meeting.start_time is not None:
        event.add("dtstart", meeting.starts_at)
        # The planned finish where the council gave one; without it no end is invented (RFC 5545 3.6.1: an
        # event with a start time and no end is one that takes no time).
        if meeting.ends_at is not None:
            event.add("dtend", meeting.ends_at)
    else:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    if meeting.venue:
        event.add("location", meeting.venue_description)
    event.add("url", url)
    event.add("description", event_description(meeting, url))
    event.add("categories", [meeting.panel.get_kind_display()])
    return event


def zone_transitions(zone: datetime.tzinfo, first: datetime.date, last: datetime.date) -> list[tuple]:
    """Each change of UTC offset from `first` to `last`: (the moment in UTC, offset before, offset after, whether
    it starts summer time, the zone's name after), found hour by hour in the days whose offset changes."""
    changes = []
    day = datetime.datetime.combine(first, datetime.time(), tzinfo=datetime.UTC)
    end = datetime.datetime.combine(last, datetime.time(), tzinfo=datetime.UTC)
    while day < end:
        following = day + datetime.timedelta(days=1)
        before, after = day.astimezone(zone).utcoffset(), following.astimezone(zone).utcoffset()
        if before != after:
            moment = day
            while moment.astimezone(zone).utcoffset() == before:
                moment += datetime.timedelta(hours=1)
            local = moment.astimezone(zone)
            changes.append((moment, before, after, bool(local.dst()), local.tzname()))
        day = following
    return changes


def _last_sunday(moment: datetime.datetime) -> bool:
    return moment.weekday() == 6 and (moment + datetime.timedelta(days=7)).month != moment.month


def vtimezone(zone, tzid: str, first: datetime.date, last: datetime.date) -> Timezone:
    """The VTIMEZONE for the years `first` to `last`, written from the zone's own rules.

    Each observance starts at the local time *before* the change (RFC 5545 3.6.5: DTSTART is in the offset it
    changes from): British Summer Time starts at 01:00 GMT and ends at 02:00 BST. Changes on the last Sunday of a
    month are one observance with a yearly RRULE, the form every calendar client reads; any other change (such as
    British October changes before 1996) is an observance of its own."""
    timezone_ = Timezone()
    timezone_.add("tzid", tzid)
    timezone_.add("x-lic-location", tzid)
    runs: dict[tuple, list] = {}
    for moment, before, after, summer, name in zone_transitions(zone, first, last):
        local = (moment + before).replace(tzinfo=None)  # wall-clock time in the offset it changes from
        key = (summer, before, after, name, local.month, local.time()) if _last_sunday(local) else (moment,)
        runs.setdefault(key, []).append((local, before, after, summer, name))
    for key, changes in runs.items():
        local, before, after, summer, name = changes[0]
        observance = TimezoneDaylight() if summer else TimezoneStandard()
        observance.add("tzname", name)
        observance.add("tzoffsetfrom", before)
        observance.add("tzoffsetto", after)
        observance.add("dtstart", local)
        if len(key) > 1:
            rule = {"freq": "yearly", "bymonth": local.month, "byday": "-1su"}
            if changes[-1][0].year < last.year - 1:
                rule["until"] = (changes[-1][0] - before).replace(tzinfo=datetime.UTC)  # the rule stopped
            observance.add("rrule", rule)
        timezone_.add_component(observance)
    return timezone_
