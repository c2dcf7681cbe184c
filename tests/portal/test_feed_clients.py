"""The feeds and calendars as other people's clients read them: feedparser for Atom, icalendar and vobject for
iCalendar (their own time-zone code, reading the VTIMEZONE the portal sends rather than the system's zoneinfo)."""

import datetime
import time
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest
import vobject
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting, Panel
from tests import factories

LONDON = ZoneInfo("Europe/London")
pytestmark = pytest.mark.usefixtures("seed")


def parsed_feed(client, url: str, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    return feedparser.parse(response.content), response


@pytest.mark.parametrize(
    "url", ["/feeds/latest.atom", "/panels/children-and-young-peoples-social-care-and-services/feed.atom"]
)
def test_feedparser_reads_the_feeds_without_complaint(client, url):
    feed, _ = parsed_feed(client, url)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title and feed.feed.updated_parsed
    assert len(feed.entries) >= 3
    for entry in feed.entries:
        assert entry.id.startswith("tag:") and entry.title and entry.updated_parsed


def test_every_entry_links_straight_to_its_page_and_the_minutes_appear_once(client):
    feed, _ = parsed_feed(client, "/feeds/latest.atom")
    links = [entry.link for entry in feed.entries]
    assert len(links) == len(set(links))
    for link in links:
        response = client.get(link.replace("http://testserver", ""))
        assert response.status_code == 200, f"{link} answers {response.status_code}, not the page itself"
    # The seed's minutes of 27 July 2021 are also a paper of the 21 September agenda: one entry, not two.
    assert sum("27 July 2021" in entry.title for entry in feed.entries) == 1


def test_an_empty_panel_feed_keeps_one_updated_time(client):
    panel = factories.panel()
    url = reverse("panel_feed", kwargs={"slug": panel.slug})
    first, _ = parsed_feed(client, url)
    time.sleep(1.1)
    second, _ = parsed_feed(client, url)
    assert first.entries == [] and first.feed.updated == second.feed.updated
    updated = datetime.datetime(*first.feed.updated_parsed[:6], tzinfo=datetime.UTC)
    assert updated < timezone.now() - datetime.timedelta(seconds=1), "an empty feed is not 'updated now'"


@pytest.mark.parametrize("header", ["etag", "last-modified"])
def test_conditional_requests_answer_not_modified_until_something_changes(client, header):
    url = "/feeds/latest.atom"
    _, response = parsed_feed(client, url)
    ask = (
        {"HTTP_IF_NONE_MATCH": response["ETag"]}
        if header == "etag"
        else {"HTTP_IF_MODIFIED_SINCE": response["Last-Modified"]}
    )
    unchanged = client.get(url, **ask)
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged["Cache-Control"] == "public, no-cache"
    meeting = factories.published_meeting(Panel.objects.get(pk=1), date=datetime.date(2030, 5, 1))
    meeting.agenda_published_at = timezone.now()
    meeting.save()
    assert client.get(url, **ask).status_code == 200


def calendar_bytes(client) -> bytes:
    response = client.get("/meetings/calendar.ics")
    assert response.status_code == 200
    return response.content


def summer_and_winter_meetings():
    panel = Panel.objects.get(pk=1)
    for day in (datetime.date(2026, 3, 29), datetime.date(2026, 7, 1), datetime.date(2026, 10, 25)):
        factories.meeting(panel, date=day, start_time=datetime.time(16))
    factories.meeting(panel, date=datetime.date(2027, 1, 12), start_time=datetime.time(18))


def moments_around_the_changes(years=range(2021, 2028)):
    """Every half hour of the days the clocks change, in UTC."""
    for year in years:
        for month in (3, 10):
            last = max(d for d in (datetime.date(year, month, day) for day in range(25, 32)) if d.weekday() == 6)
            start = datetime.datetime.combine(last, datetime.time(), tzinfo=datetime.UTC)
            for step in range(48):
                yield start + datetime.timedelta(minutes=30 * step)


def test_vobject_reads_the_vtimezone_with_the_right_changes(client):
    summer_and_winter_meetings()
    calendar = vobject.readOne(calendar_bytes(client).decode())
    zone = calendar.vtimezone.gettzinfo()
    for moment in moments_around_the_changes():
        assert moment.astimezone(zone).utcoffset() == moment.astimezone(LONDON).utcoffset(), moment


def test_icalendar_reads_the_vtimezone_with_the_right_changes(client):
    summer_and_winter_meetings()
    calendar = icalendar.Calendar.from_ical(calendar_bytes(client))
    (vtimezone,) = calendar.walk("VTIMEZONE")
    zone = vtimezone.to_tz()
    for moment in moments_around_the_changes():
        assert moment.astimezone(zone).utcoffset() == moment.astimezone(LONDON).utcoffset(), moment


def test_summer_time_starts_at_one_in_the_morning_gmt(client):
    calendar = icalendar.Calendar.from_ical(calendar_bytes(client))
    (vtimezone,) = calendar.walk("VTIMEZONE")
    daylight, standard = vtimezone.walk("DAYLIGHT"), vtimezone.walk("STANDARD")
    assert daylight and standard
    assert all(part["DTSTART"].dt.time() == datetime.time(1) for part in daylight)  # 01:00 GMT
    assert all(part["DTSTART"].dt.time() == datetime.time(2) for part in standard)  # 02:00 BST
    assert all("RRULE" in part for part in daylight + standard), "yearly rules, not a list of dates"


def test_every_event_lands_at_its_london_time_in_both_clients(client):
    summer_and_winter_meetings()
    content = calendar_bytes(client)
    expected = {
        f"meeting-{meeting.pk}@{meeting.panel.council.slug}.scrutiny-portal": meeting.starts_at.astimezone(datetime.UTC)
        for meeting in Meeting.objects.select_related("panel__council").exclude(start_time=None)
    }
    for event in vobject.readOne(content.decode()).vevent_list:
        if event.uid.value in expected and isinstance(event.dtstart.value, datetime.datetime):
            assert event.dtstart.value.astimezone(datetime.UTC) == expected[event.uid.value], event.uid.value
    events = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert len(events) >= 4
    for event in events:
        start = event["DTSTART"].dt
        if isinstance(start, datetime.datetime) and str(event["UID"]) in expected:
            assert start.astimezone(datetime.UTC) == expected[str(event["UID"])]
