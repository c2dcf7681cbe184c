"""The public meetings calendar: a list and a month grid of every panel's meetings, and iCalendar feeds of them.
The reads are in meetings/selectors.py, the iCalendar components in portal/ics.py."""

import datetime

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from icalendar import Calendar

from meetings.models import LONDON, Meeting, Panel
from meetings.selectors import (
    CALENDAR_FIRST_YEAR,
    CALENDAR_LAST_YEAR,
    feed_meetings,
    meeting_list,
    month_grid,
    panels_for_filter,
)
from portal.ics import meeting_event, vtimezone

# Calendar apps ask again after this long (PT1H); also how long a cache may keep a feed.
FEED_REFRESH = datetime.timedelta(hours=1)


def panel_from_filter(request: HttpRequest, panels: list[Panel]) -> Panel | None:
    """The panel chosen with ?panel=<slug>, from the list already loaded; 404 for a slug that names no panel."""
    slug = request.GET.get("panel", "")
    if not slug:
        return None
    for panel in panels:
        if panel.slug == slug:
            return panel
    raise Http404("No such panel")


# The list page ---------------------------------------------------------------------------------------------------


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


@require_safe
def calendar_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not (CALENDAR_FIRST_YEAR <= year <= CALENDAR_LAST_YEAR and 1 <= month <= 12):
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
