"""The meetings calendar: list and month pages, and the iCalendar feeds with moves and cancellations as updates."""

import datetime
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings import planning
from meetings.models import Meeting
from meetings.selectors import CALENDAR_PAGE_SIZE as PAGE_SIZE
from tests import factories
from tests.portal.test_api import assert_no_secrets, build_exempt_meeting
from tests.portal.test_page_structure import Structure

pytestmark = pytest.mark.usefixtures("seed")

PANEL = "children-and-young-peoples-social-care-and-services"
BOARD = "overview-and-scrutiny-board"


def meeting_url(slug: str, date: str) -> str:
    return reverse("meetings:meeting_detail", kwargs={"slug": slug, "date": date})


def month_url(year: int, month: int, panel: str = "") -> str:
    url = reverse("calendar_month", kwargs={"year": year, "month": month})
    return f"{url}?panel={panel}" if panel else url


def page(client, url: str) -> str:
    """The page's text; iCalendar's folded lines are joined, so no marker can hide across a fold."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode().replace("\r\n ", "")


# The month page ---------------------------------------------------------------------------------------------


def test_month_shows_the_seed_meetings_of_september_2021(client):
    content = page(client, month_url(2021, 9))
    assert meeting_url(PANEL, "2021-09-21") in content
    assert meeting_url(BOARD, "2021-09-08") in content
    assert "Meetings in September 2021: 2 meetings" in content
    assert "4.00pm" in content


def test_month_filters_by_panel(client):
    content = page(client, month_url(2021, 9, BOARD))
    assert meeting_url(BOARD, "2021-09-08") in content
    assert meeting_url(PANEL, "2021-09-21") not in content
    assert f'<option value="{BOARD}" selected>' in content


def test_month_links_the_months_either_side_keeping_the_panel(client):
    content = page(client, month_url(2021, 9, PANEL))
    assert f'href="{month_url(2021, 8, PANEL)}" rel="prev"' in content
    assert f'href="{month_url(2021, 10, PANEL)}" rel="next"' in content
    january = page(client, month_url(2022, 1))
    assert f'href="{month_url(2021, 12)}" rel="prev"' in january


class MonthTable(HTMLParser):
    def __init__(self):
        super().__init__()
        self.captions = 0
        self.column_headers = 0
        self.rows = 0
        self.cells = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.captions += tag == "caption"
        self.column_headers += tag == "th" and attrs.get("scope") == "col"
        self.rows += tag == "tr"
        self.cells += tag == "td"


def test_month_grid_is_a_table_with_caption_and_day_headers(client):
    table = MonthTable()
    table.feed(page(client, month_url(2021, 9)))
    assert table.captions == 1 and table.column_headers == 7
    # September 2021 runs from a Wednesday to a Thursday: five weeks of seven days.
    assert table.rows == 6 and table.cells == 35


@pytest.mark.parametrize(
    "url",
    ["/meetings/2021/13/", "/meetings/2021/0/", "/meetings/1200/1/", "/meetings/2021/9/?panel=no-such-panel"],
)
def test_no_such_month_or_panel_answers_404(client, url):
    assert client.get(url).status_code == 404


# The list page ----------------------------------------------------------------------------------------------


def test_list_shows_upcoming_meetings_and_recent_ones(client):
    coming = factories.meeting(date=timezone.localdate() + datetime.timedelta(days=3))
    content = page(client, reverse("calendar_list"))
    assert coming.get_absolute_url() in content
    assert "Recent meetings" in content and meeting_url(PANEL, "2022-04-26") in content


def test_past_list_shows_the_seed_meetings_most_recent_first(client):
    content = page(client, f"{reverse('calendar_list')}?when=past&panel={PANEL}")
    positions = [content.index(meeting_url(PANEL, date)) for date in ["2022-04-26", "2021-10-11", "2021-09-21"]]
    assert positions == sorted(positions)
    assert meeting_url(BOARD, "2021-09-08") not in content


def test_list_is_paginated(client):
    panel = factories.panel()
    start = timezone.localdate() + datetime.timedelta(days=1)
    for n in range(PAGE_SIZE + 3):
        factories.meeting(panel, date=start + datetime.timedelta(days=n))
    first = page(client, f"{reverse('calendar_list')}?panel={panel.slug}")
    assert first.count(f"/panels/{panel.slug}/meetings/") == PAGE_SIZE
    assert "Page 1 of 2" in first and f"?panel={panel.slug}&amp;page=2" in first
    second = page(client, f"{reverse('calendar_list')}?panel={panel.slug}&page=2")
    assert second.count(f"/panels/{panel.slug}/meetings/") == 3


def test_cancelled_meetings_stay_listed_as_cancelled(client):
    cancelled = factories.meeting(
        date=timezone.localdate() + datetime.timedelta(days=2), status="cancelled", cancellation_reason="No business."
    )
    content = page(client, f"{reverse('calendar_list')}?panel={cancelled.panel.slug}")
    assert cancelled.get_absolute_url() in content and "Cancelled" in content
    month = page(client, month_url(cancelled.date.year, cancelled.date.month, cancelled.panel.slug))
    assert 'class="tag tag--red">Cancelled' in month


@pytest.mark.parametrize("url", ["/meetings/?when=later", "/meetings/?panel=no-such-panel"])
def test_bad_list_filters_answer_404(client, url):
    assert client.get(url).status_code == 404


def test_calendar_pages_link_their_feeds(client):
    content = page(client, f"{reverse('calendar_list')}?panel={PANEL}")
    ics = reverse("panel_calendar_ics", kwargs={"slug": PANEL})
    atom = reverse("panel_feed", kwargs={"slug": PANEL})
    assert '<link rel="alternate" type="text/calendar"' in content and f'href="{ics}"' in content
    assert f'href="{atom}"' in content
    month = page(client, month_url(2021, 9))
    assert f'href="{reverse("calendar_ics")}"' in month and f'href="{reverse("feed_latest")}"' in month


def test_main_navigation_marks_the_meetings_page(client):
    content = page(client, reverse("calendar_list"))
    assert f'<a href="{reverse("calendar_list")}" aria-current="page">Meetings</a>' in content


@pytest.mark.parametrize(
    "url",
    ["/meetings/", f"/meetings/?when=past&panel={PANEL}", "/meetings/2021/9/", f"/meetings/2022/4/?panel={PANEL}"],
)
def test_calendar_pages_pass_the_structure_checks(client, url):
    structure = Structure()
    structure.feed(page(client, url))
    assert structure.html_lang == "en-GB" and structure.tags["h1"] == 1 and structure.tags["main"] == 1
    assert structure.navs_without_label == 0 and structure.first_link_href == "#main-content"
    assert [id_ for id_, count in structure.ids.items() if count > 1] == []
    for previous, current in zip(structure.headings, structure.headings[1:], strict=False):
        assert current <= previous + 1


def test_every_filter_control_has_a_label(client):
    content = page(client, "/meetings/")
    for control in ["filter-panel", "filter-when"]:
        assert f'<label class="label" for="{control}">' in content and f'id="{control}"' in content


# Query budgets ----------------------------------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_month_and_list_query_counts_are_fixed_whatever_the_number_of_meetings(client):
    small, large = factories.panel(), factories.panel()
    factories.meeting(small, date=datetime.date(2031, 3, 3))
    for n in range(25):
        factories.meeting(large, date=datetime.date(2031, 3, 1) + datetime.timedelta(days=n))
    for url in [month_url(2031, 3, "{}"), f"{reverse('calendar_list')}?panel={{}}"]:
        small_count = count_queries(client, url.format(small.slug))
        assert small_count == count_queries(client, url.format(large.slug)) <= 4, url
    assert count_queries(client, reverse("calendar_list")) <= 4


# iCalendar feeds --------------------------------------------------------------------------------------------


def calendar(client, url: str) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_by_uid(client, url: str) -> dict:
    return {str(event["UID"]): event for event in calendar(client, url).walk("VEVENT")}


def uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@middlesbrough.scrutiny-portal"


def test_feed_has_one_event_per_meeting(client):
    events = events_by_uid(client, reverse("calendar_ics"))
    assert len(calendar(client, reverse("calendar_ics")).walk("VEVENT")) == Meeting.objects.count()
    assert set(events) == {f"meeting-{m.pk}@{m.panel.council.slug}.scrutiny-portal" for m in Meeting.objects.all()}


def test_panel_feed_has_only_that_panels_meetings(client):
    events = events_by_uid(client, reverse("panel_calendar_ics", kwargs={"slug": BOARD}))
    assert set(events) == {uid(m) for m in Meeting.objects.filter(panel__slug=BOARD)}
    assert client.get(reverse("panel_calendar_ics", kwargs={"slug": "no-such-panel"})).status_code == 404


def test_timed_meeting_is_in_london_time_with_its_time_zone(client):
    meeting = Meeting.objects.get(panel__slug=PANEL, date=datetime.date(2021, 9, 21))
    cal = calendar(client, reverse("calendar_ics"))
    assert [str(zone["TZID"]) for zone in cal.walk("VTIMEZONE")] == ["Europe/London"]
    event = {str(event["UID"]): event for event in cal.walk("VEVENT")}[uid(meeting)]
    assert event.decoded("DTSTART").isoformat() == "2021-09-21T16:00:00+01:00"
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert "DTEND" not in event  # the finish is not recorded, so none is invented
    assert str(event["STATUS"]) == "CONFIRMED" and event["SEQUENCE"] == 0
    assert str(event["LOCATION"]) == "Virtual"
    assert str(event["URL"]) == f"http://testserver{meeting.get_absolute_url()}"
    assert str(event["SUMMARY"]) == meeting.panel.name


def test_meeting_without_a_start_time_is_an_all_day_event(client):
    meeting = Meeting.objects.get(panel__slug=PANEL, date=datetime.date(2021, 4, 19))
    event = events_by_uid(client, reverse("calendar_ics"))[uid(meeting)]
    assert event.decoded("DTSTART") == datetime.date(2021, 4, 19)
    assert event.decoded("DTEND") == datetime.date(2021, 4, 20)


def test_moved_seed_meeting_keeps_its_uid_with_a_higher_sequence(client):
    meeting = Meeting.objects.get(panel__slug=PANEL, date=datetime.date(2022, 4, 26))
    event = events_by_uid(client, reverse("calendar_ics"))[uid(meeting)]
    assert event["SEQUENCE"] > 0
    assert event.decoded("DTSTART").isoformat() == "2022-04-26T16:00:00+01:00"
    assert "Moved from Monday 18 April 2022 to Tuesday 26 April 2022 at 4.00pm" in str(event["DESCRIPTION"])


def test_cancelled_meeting_is_cancelled_with_its_reason(client):
    meeting = factories.meeting(status=Meeting.Status.CANCELLED, cancellation_reason="The panel is not quorate.")
    event = events_by_uid(client, reverse("calendar_ics"))[uid_for_test_council(meeting)]
    assert str(event["STATUS"]) == "CANCELLED" and event["SEQUENCE"] >= 1
    assert "The panel is not quorate." in str(event["DESCRIPTION"])


def uid_for_test_council(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@test-council.scrutiny-portal"


def test_moving_cancelling_and_reinstating_update_the_same_event(client, officer_user):
    meeting = factories.meeting(date=timezone.localdate() + datetime.timedelta(days=30))
    url = reverse("panel_calendar_ics", kwargs={"slug": meeting.panel.slug})
    key = uid_for_test_council(meeting)
    sequences = [events_by_uid(client, url)[key]["SEQUENCE"]]

    new_date = meeting.date + datetime.timedelta(days=7)
    planning.move_meeting(meeting, new_date, datetime.time(18, 30), "Clash with full council.", officer_user)
    moved = events_by_uid(client, url)[key]
    assert moved.decoded("DTSTART").date() == new_date and moved.decoded("DTSTART").hour == 18
    sequences.append(moved["SEQUENCE"])

    planning.cancel_meeting(Meeting.objects.get(pk=meeting.pk), "No business.", officer_user)
    cancelled = events_by_uid(client, url)[key]
    assert str(cancelled["STATUS"]) == "CANCELLED" and "No business." in str(cancelled["DESCRIPTION"])
    sequences.append(cancelled["SEQUENCE"])

    planning.reinstate_meeting(Meeting.objects.get(pk=meeting.pk), officer_user)
    reinstated = events_by_uid(client, url)[key]
    assert str(reinstated["STATUS"]) == "CONFIRMED"
    sequences.append(reinstated["SEQUENCE"])
    assert sequences == sorted(set(sequences)), f"SEQUENCE must go up with every change: {sequences}"


def test_reinstating_a_meeting_created_cancelled_still_raises_the_sequence(client, officer_user):
    meeting = factories.meeting(
        date=timezone.localdate() + datetime.timedelta(days=30), status="cancelled", cancellation_reason="Clash."
    )
    url = reverse("panel_calendar_ics", kwargs={"slug": meeting.panel.slug})
    cancelled = events_by_uid(client, url)[uid_for_test_council(meeting)]["SEQUENCE"]
    planning.reinstate_meeting(meeting, officer_user)
    assert events_by_uid(client, url)[uid_for_test_council(meeting)]["SEQUENCE"] > cancelled


def test_feed_query_count_is_fixed_whatever_the_number_of_meetings(client):
    small, large = factories.panel(), factories.panel()
    factories.meeting(small)
    for _ in range(25):
        meeting = factories.meeting(large)
        meeting.schedule_changes.create(previous_date=meeting.date, new_date=meeting.date)
    small_count = count_queries(client, reverse("panel_calendar_ics", kwargs={"slug": small.slug}))
    assert small_count == count_queries(client, reverse("panel_calendar_ics", kwargs={"slug": large.slug})) <= 4


# Exempt content never appears -------------------------------------------------------------------------------


def test_no_role_sees_exempt_or_draft_content_on_calendar_pages_or_feeds(role_client, panel_with_councillors):
    role, client = role_client
    meeting, earlier = build_exempt_meeting(panel_with_councillors[0])
    slug = meeting.panel.slug
    urls = [
        "/meetings/",
        f"/meetings/?panel={slug}",
        f"/meetings/?when=past&panel={slug}",
        month_url(meeting.date.year, meeting.date.month),
        month_url(meeting.date.year, meeting.date.month, slug),
        month_url(earlier.date.year, earlier.date.month, slug),
        reverse("calendar_ics"),
        reverse("panel_calendar_ics", kwargs={"slug": slug}),
    ]
    for url in urls:
        content = page(client, url)
        assert meeting.get_absolute_url() in content or earlier.get_absolute_url() in content, url
        assert_no_secrets(content, f"{url} for {role}")
