"""The public meetings calendar: a list and a month grid of every panel's meetings, and iCalendar feeds of them."""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import Lag
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from meetings.audience import PUBLIC, Audience
from meetings.models import LONDON, Meeting, Panel, ScheduleChange
from meetings.revisions import with_last_revised
from portal.formats import council_time, long_date

PAGE_SIZE = 20
RECENT_MEETINGS = 5
# The month pages stop somewhere, so that a crawler following "next month" does not walk on for ever.
FIRST_YEAR, LAST_YEAR = 1990, 2100
# Calendar apps ask again after this long (PT1H); also how long a cache may keep a feed.
FEED_REFRESH = datetime.timedelta(hours=1)


# Reads -----------------------------------------------------------------------------------------------------------


def panels_for_filter() -> list[Panel]:
    return list(Panel.objects.order_by("name"))


def panel_from_filter(request: HttpRequest, panels: list[Panel]) -> Panel | None:
    """The panel chosen with ?panel=<slug>, from the list already loaded; 404 for a slug that names no panel."""
    slug = request.GET.get("panel", "")
    if not slug:
        return None
    for panel in panels:
        if panel.slug == slug:
            return panel
    raise Http404("No such panel")


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


# The list page ---------------------------------------------------------------------------------------------------


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
    page = Paginator(chosen, PAGE_SIZE).get_page(page_number)
    recent = []
    if when == "upcoming" and page.number == 1:
        recent = list(meetings.filter(date__lt=today).order_by("-date", "-start_time", "panel__name")[:RECENT_MEETINGS])
    return MeetingList(when=when, page=page, recent=recent)


@require_safe
def calendar_list(request: HttpRequest) -> HttpResponse:
    panels = panels_for_filter()
    panel = panel_from_filter(request, panels)
    when = request.GET.get("when") or "upcoming"
    if when not in {"upcoming", "past"}:
        raise Http404("No such list")
    listing = meeting_list(request.audience, panel, when, request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "portal/calendar_list.html",
        {
            "listing": listing,
            "panels": panels,
            "panel": panel,
            "this_month": {"year": today.year, "month": today.month},
            **feed_links(panel),
        },
    )


# The month page --------------------------------------------------------------------------------------------------


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
        previous=previous if previous.year >= FIRST_YEAR else None,
        following=following if following.year <= LAST_YEAR else None,
        meeting_count=sum(len(day_meetings) for day_meetings in by_date.values()),
    )


@require_safe
def calendar_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        raise Http404("No such month")
    panels = panels_for_filter()
    panel = panel_from_filter(request, panels)
    return render(
        request,
        "portal/calendar_month.html",
        {
            "month": month_grid(request.audience, panel, year, month),
            "panels": panels,
            "panel": panel,
            **feed_links(panel),
        },
    )


def feed_links(panel: Panel | None) -> dict[str, str]:
    """The iCalendar and Atom feeds that match what a page shows: one panel's, or everyone's."""
    if panel is None:
        return {"ics_url": reverse("calendar_ics"), "atom_url": reverse("feed_latest")}
    return {
        "ics_url": reverse("panel_calendar_ics", kwargs={"slug": panel.slug}),
        "atom_url": reverse("panel_feed", kwargs={"slug": panel.slug}),
    }


# iCalendar feeds -------------------------------------------------------------------------------------------------


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


def meetings_calendar(request: HttpRequest, meetings: list[Meeting], name: str) -> bytes:
    now = timezone.now()
    cal = Calendar()
    cal.add("prodid", f"-//{settings.PORTAL_SITE_NAME}//Scrutiny panels portal//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/London")
    cal.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    if meetings:
        # The rules for the years the meetings span (and the change before the first), not from 1970 on.
        first = meetings[0].date.replace(year=meetings[0].date.year - 1, month=1, day=1)
        cal.add_component(vtimezone(LONDON, "Europe/London", first, meetings[-1].date.replace(month=12, day=31)))
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, request.build_absolute_uri(meeting.get_absolute_url()), now))
    return cal.to_ical()


def ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = f"public, max-age={int(FEED_REFRESH.total_seconds())}"
    return response


@require_safe
def calendar_ics(request: HttpRequest) -> HttpResponse:
    name = f"{settings.PORTAL_SITE_NAME}: scrutiny meetings"
    return ics_response(meetings_calendar(request, feed_meetings(), name), "scrutiny-meetings.ics")


@require_safe
def panel_calendar_ics(request: HttpRequest, slug: str) -> HttpResponse:
    panel = get_object_or_404(Panel.objects.select_related("council"), slug=slug)
    content = meetings_calendar(request, feed_meetings(panel), f"{panel.council.name}: {panel.name} meetings")
    return ics_response(content, f"{panel.slug}.ics")


urlpatterns = [
    path("meetings/", calendar_list, name="calendar_list"),
    path("meetings/<int:year>/<int:month>/", calendar_month, name="calendar_month"),
    path("meetings/calendar.ics", calendar_ics, name="calendar_ics"),
    path("panels/<slug:slug>/calendar.ics", panel_calendar_ics, name="panel_calendar_ics"),
]
