"""Planning a panel's year: adding meetings with their standard items, moving and cancelling them, and the
officers' schedule pages against every role, with and without htmx."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import planning
from meetings.models import AgendaItem, Meeting, ScheduleChange
from meetings.municipal_year import MunicipalYear
from meetings.services import publish_agenda
from portal.errors import Refused
from tests import factories
from tests.meetings.manage.builders import (
    HTMX,
    assert_refused,
    assert_well_formed_page,
    days_ago,
    days_ahead,
    give_chair,
    is_fragment,
    this_year,
)

pytestmark = pytest.mark.usefixtures("seed")

Kind = AgendaItem.Kind


@pytest.fixture
def panel(panel_with_councillors):
    return panel_with_councillors[0]


def agenda(meeting: Meeting) -> list[tuple[str, str, str]]:
    return list(meeting.agenda_items.order_by("position").values_list("number", "kind", "title"))


def item_of(meeting: Meeting, kind: str) -> AgendaItem:
    return meeting.agenda_items.get(kind=kind)


def public_url(meeting_or_panel, date: datetime.date | None = None) -> str:
    if date is None:
        return meeting_or_panel.get_absolute_url()
    return reverse("meetings:meeting_detail", kwargs={"slug": meeting_or_panel.slug, "date": date})


def schedule_url(panel, year: MunicipalYear | None = None) -> str:
    return reverse("manage:schedule", kwargs={"slug": panel.slug, "year": (year or this_year()).start_year})


def meeting_url(name: str, meeting: Meeting) -> str:
    return reverse(f"manage:{name}", kwargs={"slug": meeting.panel.slug, "date": meeting.date})


# Adding a meeting: the standard items ------------------------------------------------------------------------


def test_new_meeting_starts_with_the_standard_items_unpublished(panel, officer_user):
    held = factories.meeting(panel, date=days_ago(40), status=Meeting.Status.HELD)
    minutes = factories.minutes(held)
    later = factories.meeting(panel, date=days_ahead(90), start_time=datetime.time(18, 30))

    meeting = planning.add_meeting(panel, days_ahead(30), datetime.time(16), "Mandela Room", by=officer_user)

    assert meeting.status == Meeting.Status.SCHEDULED and meeting.venue == "Mandela Room"
    previous_date = f"{held.date.day} {held.date:%B %Y}"
    next_date = f"{later.date.day} {later.date:%B %Y}"
    assert [(number, kind) for number, kind, _ in agenda(meeting)] == [
        ("1", Kind.APOLOGIES),
        ("2", Kind.DECLARATIONS),
        ("3", Kind.PREVIOUS_MINUTES),
        ("4", Kind.NEXT_MEETING),
        ("5", Kind.URGENT_ITEMS),
    ]  # the panel has a chair this year, so no chair pro-tem
    assert [title for _, _, title in agenda(meeting)] == [
        "Apologies for Absence",
        "Declarations of Interest",
        f"Minutes of the Previous Meeting of the {panel.name} held on {previous_date}",
        f"Date and Time of Next Meeting - {next_date} at 6.30pm",
        "Any other urgent items which, in the opinion of the Chair, may be considered.",
    ]
    assert list(item_of(meeting, Kind.PREVIOUS_MINUTES).confirms_minutes.all()) == [minutes]
    assert not meeting.agenda_items.filter(published_at__isnull=False).exists()
    assert meeting.agenda_published_at is None


def test_chair_pro_tem_is_included_when_the_panel_has_no_chair_that_year(officer_user):
    panel = factories.panel()
    meeting = planning.add_meeting(panel, days_ahead(20), None, "", by=officer_user)
    first = meeting.agenda_items.order_by("position").first()
    assert (first.number, first.kind, first.title) == ("1", Kind.CHAIR_PRO_TEM, "Appointment of Chair Pro-Tem")
    assert "Chair ‘Pro-Tem’" in first.description
    # No earlier meeting: no minutes to confirm, and nothing after it yet.
    assert not meeting.agenda_items.filter(kind=Kind.PREVIOUS_MINUTES).exists()
    assert item_of(meeting, Kind.NEXT_MEETING).title == "Date and Time of Next Meeting - to be confirmed"


def test_chair_pro_tem_follows_the_chair_of_the_meetings_own_municipal_year(officer_user):
    panel = factories.panel()
    date = days_ahead(20)
    give_chair(panel, date)
    meeting = planning.add_meeting(panel, date, None, "", by=officer_user)
    assert not meeting.agenda_items.filter(kind=Kind.CHAIR_PRO_TEM).exists()
    # The officer's choice wins either way.
    forced = planning.add_meeting(panel, days_ahead(21), None, "", by=officer_user, chair_pro_tem=True)
    assert forced.agenda_items.filter(kind=Kind.CHAIR_PRO_TEM).exists()


def test_previous_minutes_item_is_unlinked_while_the_previous_meeting_has_no_minutes(panel, officer_user):
    factories.meeting(panel, date=days_ahead(10))
    meeting = planning.add_meeting(panel, days_ahead(40), datetime.time(16), "", by=officer_user)
    item = item_of(meeting, Kind.PREVIOUS_MINUTES)
    assert item.title.endswith(f"held on {days_ahead(10).day} {days_ahead(10):%B %Y}")
    assert item.confirms_minutes.count() == 0


def test_next_meeting_without_a_time_says_the_time_is_to_be_confirmed(panel, officer_user):
    later = factories.meeting(panel, date=days_ahead(60), start_time=None)
    meeting = planning.add_meeting(panel, days_ahead(30), None, "", by=officer_user)
    assert item_of(meeting, Kind.NEXT_MEETING).title == (
        f"Date and Time of Next Meeting - {later.date.day} {later.date:%B %Y}, time to be confirmed"
    )


def test_adding_a_meeting_refreshes_the_next_meeting_item_of_the_previous_unpublished_agenda(panel, officer_user):
    first = planning.add_meeting(panel, days_ahead(10), datetime.time(16), "", by=officer_user)
    assert item_of(first, Kind.NEXT_MEETING).title.endswith("to be confirmed")

    second = planning.add_meeting(panel, days_ahead(40), datetime.time(14), "", by=officer_user)

    assert item_of(first, Kind.NEXT_MEETING).title == (
        f"Date and Time of Next Meeting - {second.date.day} {second.date:%B %Y} at 2.00pm"
    )
    assert item_of(first, Kind.NEXT_MEETING).published_at is None
    assert item_of(second, Kind.PREVIOUS_MINUTES).title.endswith(f"held on {first.date.day} {first.date:%B %Y}")


def test_adding_a_meeting_between_two_updates_both_neighbours(panel, officer_user):
    first = planning.add_meeting(panel, days_ahead(10), datetime.time(16), "", by=officer_user)
    last = planning.add_meeting(panel, days_ahead(70), datetime.time(16), "", by=officer_user)
    middle = planning.add_meeting(panel, days_ahead(40), datetime.time(16), "", by=officer_user)

    assert f"{middle.date.day} {middle.date:%B %Y}" in item_of(first, Kind.NEXT_MEETING).title
    assert item_of(last, Kind.PREVIOUS_MINUTES).title.endswith(f"held on {middle.date.day} {middle.date:%B %Y}")
    assert f"{last.date.day} {last.date:%B %Y}" in item_of(middle, Kind.NEXT_MEETING).title


def test_a_published_agenda_keeps_what_it_said(panel, officer_user):
    first = planning.add_meeting(panel, days_ahead(10), datetime.time(16), "", by=officer_user)
    publish_agenda(first, by=officer_user)
    planning.add_meeting(panel, days_ahead(40), datetime.time(16), "", by=officer_user)
    assert item_of(first, Kind.NEXT_MEETING).title == "Date and Time of Next Meeting - to be confirmed"


def test_an_edited_next_meeting_item_is_left_alone(panel, officer_user):
    first = planning.add_meeting(panel, days_ahead(10), datetime.time(16), "", by=officer_user)
    AgendaItem.objects.filter(meeting=first, kind=Kind.NEXT_MEETING).update(title="Next meeting: see the website")
    planning.add_meeting(panel, days_ahead(40), datetime.time(16), "", by=officer_user)
    assert item_of(first, Kind.NEXT_MEETING).title == "Next meeting: see the website"


def test_adding_a_meeting_is_recorded_in_history_with_the_officer(panel, officer_user):
    meeting = planning.add_meeting(panel, days_ahead(10), datetime.time(16), "", by=officer_user)
    record = meeting.history.get()
    assert record.history_type == "+" and record.history_user == officer_user
    for item in meeting.agenda_items.all():
        assert item.history.earliest().history_user == officer_user


# Adding a meeting: refused ------------------------------------------------------------------------------------


def test_a_date_in_the_past_is_refused(panel, officer_user):
    with pytest.raises(Refused) as refused:
        planning.add_meeting(panel, days_ago(1), datetime.time(16), "", by=officer_user)
    assert refused.value.field == "date" and "has passed" in str(refused.value)
    assert not panel.meetings.exists()


def test_today_is_allowed(panel, officer_user):
    assert planning.add_meeting(panel, days_ahead(0), None, "", by=officer_user).pk


def test_a_date_years_away_is_refused_as_a_likely_typing_error(panel, officer_user):
    with pytest.raises(Refused) as refused:
        planning.add_meeting(panel, days_ahead(0).replace(year=days_ahead(0).year + 20), None, "", by=officer_user)
    assert refused.value.field == "date" and "Check the year" in str(refused.value)


def test_a_second_meeting_on_the_same_day_is_refused(panel, officer_user):
    existing = factories.meeting(panel, date=days_ahead(12))
    with pytest.raises(Refused) as refused:
        planning.add_meeting(panel, existing.date, datetime.time(10), "", by=officer_user)
    assert refused.value.field == "date" and "already meets on" in str(refused.value)
    assert panel.meetings.count() == 1


def test_a_cancelled_meeting_still_holds_its_day_and_the_message_says_reinstate(panel, officer_user):
    cancelled = factories.meeting(panel, date=days_ahead(12), status=Meeting.Status.CANCELLED)
    with pytest.raises(Refused) as refused:
        planning.add_meeting(panel, cancelled.date, None, "", by=officer_user)
    assert refused.value.field == "date" and "Reinstate" in str(refused.value)


def test_another_panel_may_meet_on_the_same_day(panel, officer_user):
    factories.meeting(factories.panel(), date=days_ahead(12))
    assert planning.add_meeting(panel, days_ahead(12), None, "", by=officer_user).pk


# Moving a meeting ----------------------------------------------------------------------------------------------


def test_moving_keeps_the_history_and_the_old_address_redirects(client, panel, officer_user):
    # As when 18 April 2022 moved to 26 April 2022.
    old_date, new_date = days_ahead(20), days_ahead(28)
    meeting = planning.add_meeting(panel, old_date, None, "", by=officer_user)
    reason = "Moved to avoid the Easter holidays."

    moved = planning.move_meeting(meeting, new_date, datetime.time(16), reason, by=officer_user)

    assert (moved.date, moved.start_time) == (new_date, datetime.time(16))
    change = ScheduleChange.objects.get(meeting=meeting)
    assert (change.previous_date, change.previous_time, change.new_date) == (old_date, None, new_date)
    assert change.history.get().history_user == officer_user
    assert moved.history.latest().history_user == officer_user

    response = client.get(public_url(panel, old_date))
    assert response.status_code == 301 and response["Location"] == public_url(panel, new_date)
    content = client.get(public_url(panel, new_date)).content.decode()
    assert "This meeting was moved from" in content and reason in content


def test_moving_only_the_time_is_recorded_too(panel, officer_user):
    meeting = factories.meeting(panel, date=days_ahead(20), start_time=datetime.time(16))
    planning.move_meeting(meeting, meeting.date, datetime.time(18), "", by=officer_user)
    meeting.refresh_from_db()
    assert meeting.start_time == datetime.time(18)
    assert ScheduleChange.objects.get(meeting=meeting).new_time == datetime.time(18)


def test_moving_refreshes_the_neighbours_standard_items(panel, officer_user):
    first = planning.add_meeting(panel, days_ahead(10), datetime.time(16), "", by=officer_user)
    second = planning.add_meeting(panel, days_ahead(40), datetime.time(16), "", by=officer_user)
    new_date = days_ahead(45)
    planning.move_meeting(second, new_date, datetime.time(17), "", by=officer_user)
    assert item_of(first, Kind.NEXT_MEETING).title == (
        f"Date and Time of Next Meeting - {new_date.day} {new_date:%B %Y} at 5.00pm"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"new_date": days_ago(3)}, "has passed"),
        ({"new_date": "clash"}, "already meets on"),
        ({}, "already is"),
    ],
)
def test_a_bad_move_is_refused_and_nothing_changes(panel, officer_user, change, message):
    meeting = factories.meeting(panel, date=days_ahead(20), start_time=datetime.time(16))
    other = factories.meeting(panel, date=days_ahead(30))
    new_date = change.get("new_date", meeting.date)
    if new_date == "clash":
        new_date = other.date
    with pytest.raises(Refused) as refused:
        planning.move_meeting(meeting, new_date, datetime.time(16), "", by=officer_user)
    assert refused.value.field == "new_date" and message in str(refused.value)
    meeting.refresh_from_db()
    assert meeting.date == days_ahead(20) and not ScheduleChange.objects.filter(meeting=meeting).exists()


@pytest.mark.parametrize("status", [Meeting.Status.HELD, Meeting.Status.CANCELLED])
def test_held_and_cancelled_meetings_cannot_be_moved(panel, officer_user, status):
    meeting = factories.meeting(panel, date=days_ahead(20), status=status)
    with pytest.raises(Refused):
        planning.move_meeting(meeting, days_ahead(25), None, "", by=officer_user)
    assert not ScheduleChange.objects.filter(meeting=meeting).exists()


# Cancelling and reinstating ------------------------------------------------------------------------------------


def test_cancelling_shows_the_reason_publicly_escaped(client, panel, officer_user):
    meeting = planning.add_meeting(panel, days_ahead(20), None, "", by=officer_user)
    reason = "No business <b>this</b> time."

    cancelled = planning.cancel_meeting(meeting, f"  {reason} ", by=officer_user)

    assert cancelled.status == Meeting.Status.CANCELLED and cancelled.cancellation_reason == reason
    assert cancelled.history.latest().history_user == officer_user
    content = client.get(cancelled.get_absolute_url()).content.decode()
    assert "This meeting has been cancelled." in content
    assert "No business &lt;b&gt;this&lt;/b&gt; time." in content


def test_cancelling_needs_a_reason(panel, officer_user):
    meeting = factories.meeting(panel, date=days_ahead(20))
    with pytest.raises(Refused) as refused:
        planning.cancel_meeting(meeting, "   ", by=officer_user)
    assert refused.value.field == "reason" and "reason" in str(refused.value)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED


def test_a_cancelled_meeting_drops_out_of_the_next_meeting_item(panel, officer_user):
    first = planning.add_meeting(panel, days_ahead(10), datetime.time(16), "", by=officer_user)
    second = planning.add_meeting(panel, days_ahead(40), datetime.time(16), "", by=officer_user)
    planning.cancel_meeting(second, "Not needed.", by=officer_user)
    assert item_of(first, Kind.NEXT_MEETING).title == "Date and Time of Next Meeting - to be confirmed"

    planning.reinstate_meeting(second, by=officer_user)
    second.refresh_from_db()
    assert second.status == Meeting.Status.SCHEDULED and second.cancellation_reason == ""
    assert f"{second.date.day} {second.date:%B %Y}" in item_of(first, Kind.NEXT_MEETING).title


def test_held_meetings_cannot_be_cancelled(panel, officer_user):
    meeting = factories.meeting(panel, date=days_ago(10), status=Meeting.Status.HELD)
    with pytest.raises(Refused):
        planning.cancel_meeting(meeting, "Oops", by=officer_user)


def test_a_past_cancelled_meeting_cannot_be_reinstated(panel, officer_user):
    meeting = factories.meeting(panel, date=days_ago(10), status=Meeting.Status.CANCELLED)
    with pytest.raises(Refused):
        planning.reinstate_meeting(meeting, by=officer_user)


# Who may use the pages -------------------------------------------------------------------------------------------


@pytest.fixture
def open_meeting(panel):
    return factories.meeting(panel, date=days_ahead(30))


def get_urls(panel, meeting) -> dict[str, str]:
    return {
        "schedule": schedule_url(panel),
        "add": reverse("manage:add_meeting", kwargs={"slug": panel.slug}),
        "move": meeting_url("move_meeting", meeting),
        "cancel": meeting_url("cancel_meeting", meeting),
    }


def test_pages_answer_by_role(role_client, panel, open_meeting):
    role, client = role_client
    for name, url in get_urls(panel, open_meeting).items():
        response = client.get(url)
        if role == "officer":
            assert response.status_code == 200, name
            assert_well_formed_page(response.content.decode())
        else:
            assert_refused(role, response)
    current = client.get(reverse("manage:schedule_current", kwargs={"slug": panel.slug}))
    if role == "officer":
        assert current.status_code == 302 and current["Location"] == schedule_url(panel)
    else:
        assert_refused(role, current)


def test_posts_by_role_change_nothing_unless_officer(role_client, panel, open_meeting):
    role, client = role_client
    cancelled = factories.meeting(panel, date=days_ahead(50), status=Meeting.Status.CANCELLED)
    to_cancel = factories.meeting(panel, date=days_ahead(60))
    posts = [
        (reverse("manage:add_meeting", kwargs={"slug": panel.slug}), {"date": days_ahead(40).isoformat()}),
        (meeting_url("move_meeting", open_meeting), {"new_date": days_ahead(45).isoformat(), "new_time": "16:00"}),
        (meeting_url("cancel_meeting", to_cancel), {"reason": "No business."}),
        (meeting_url("reinstate_meeting", cancelled), {}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        if role == "officer":
            assert response.status_code == 302, (url, response.content.decode()[:2000])
        else:
            assert_refused(role, response)
    for meeting in (open_meeting, cancelled, to_cancel):
        meeting.refresh_from_db()
    if role == "officer":
        assert panel.meetings.filter(date=days_ahead(40)).exists()
        assert open_meeting.date == days_ahead(45) and to_cancel.is_cancelled
        assert cancelled.status == Meeting.Status.SCHEDULED
    else:
        assert panel.meetings.count() == 3
        assert open_meeting.date == days_ahead(30) and to_cancel.status == Meeting.Status.SCHEDULED
        assert cancelled.is_cancelled
        assert not ScheduleChange.objects.filter(meeting__panel=panel).exists()


def test_reinstate_refuses_get(officer_client, panel):
    cancelled = factories.meeting(panel, date=days_ahead(50), status=Meeting.Status.CANCELLED)
    assert officer_client.get(meeting_url("reinstate_meeting", cancelled)).status_code == 405


@pytest.mark.parametrize(
    "url",
    [
        "/manage/panels/no-such-panel/schedule/2021/",
        "/manage/panels/no-such-panel/schedule/",
        "/manage/panels/no-such-panel/schedule/add/",
        "/manage/panels/children-and-young-peoples-social-care-and-services/schedule/99999/",
        "/manage/panels/children-and-young-peoples-social-care-and-services/meetings/2021-02-30/move/",
        "/manage/panels/children-and-young-peoples-social-care-and-services/meetings/2021-09-22/cancel/",
    ],
)
def test_unknown_addresses_answer_404(officer_client, url):
    assert officer_client.get(url).status_code == 404


# The schedule page ------------------------------------------------------------------------------------------------


def test_seed_schedule_shows_moves_deadlines_and_links(officer_client):
    slug = "children-and-young-peoples-social-care-and-services"
    response = officer_client.get(reverse("manage:schedule", kwargs={"slug": slug, "year": 2021}))
    content = response.content.decode()
    assert "Schedule 2021/22" in content
    for date in [
        "Tuesday 27 July 2021",
        "Tuesday 21 September 2021",
        "Monday 11 October 2021",
        "Tuesday 26 April 2022",
    ]:
        assert date in content
    assert "Moved from 18 April 2022" in content
    assert reverse("manage:agenda", kwargs={"slug": slug, "date": "2021-09-21"}) in content
    assert reverse("manage:work_programme", kwargs={"slug": slug, "year": 2021}) in content
    assert "Published 13 September 2021" in content
    # 19 April 2021 belongs to 2020/21.
    assert "19 April 2021" not in content


def test_schedule_shows_when_to_publish_each_agenda(officer_client, panel):
    from meetings.notice import publication_deadline

    meeting = factories.meeting(panel, date=days_ahead(30))
    content = officer_client.get(schedule_url(panel)).content.decode()
    deadline = publication_deadline(meeting.date)
    assert f"Publish by {deadline:%A} {deadline.day} {deadline:%B %Y}" in content
    assert meeting_url("move_meeting", meeting) in content and meeting_url("cancel_meeting", meeting) in content


def test_short_notice_is_flagged(officer_client, panel):
    factories.meeting(panel, date=days_ahead(1))
    assert "Short notice" in officer_client.get(schedule_url(panel)).content.decode()


def test_dashboard_links_to_schedule_and_work_programme(officer_client, panel):
    content = officer_client.get(reverse("manage:dashboard")).content.decode()
    assert reverse("manage:schedule_current", kwargs={"slug": panel.slug}) in content
    assert reverse("manage:work_programme_current", kwargs={"slug": panel.slug}) in content


def _schedule_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_schedule_page_queries_do_not_grow_with_meetings(officer_client, officer_user):
    small, large = factories.panel(), factories.panel()
    factories.meeting(small, date=days_ahead(5))
    for n in range(12):
        meeting = planning.add_meeting(large, days_ahead(5 + n * 7), datetime.time(16), "", by=officer_user)
        if n % 3 == 0:
            planning.move_meeting(meeting, meeting.date, datetime.time(17), "Later start.", by=officer_user)
    # Meetings that fall into the next municipal year belong to its page; count what this one shows.
    year = MunicipalYear.containing(days_ahead(5))
    small_count = _schedule_queries(officer_client, schedule_url(small, year))
    large_count = _schedule_queries(officer_client, schedule_url(large, year))
    assert small_count == large_count
    # Session, user, panel, chair check for the form, meetings, their moves.
    assert large_count <= 7, "a new query on the schedule page needs a reason"


# Adding through the pages --------------------------------------------------------------------------------------


def add_url(panel) -> str:
    return reverse("manage:add_meeting", kwargs={"slug": panel.slug})


def test_adding_with_htmx_updates_the_schedule_in_place(officer_client, panel):
    date = days_ahead(14)
    response = officer_client.post(
        add_url(panel),
        {"date": date.isoformat(), "start_time": "16:00", "venue": "Town Hall", "year": this_year().start_year},
        **HTMX,
    )
    content = response.content.decode()
    assert response.status_code == 200 and is_fragment(content)
    assert "HX-Request" in response["Vary"]
    assert "to the schedule, with the standard agenda items" in content
    assert f'id="meeting-{date.isoformat()}"' in content
    # Apologies, declarations, next meeting, urgent items: no earlier meeting, and the chair box was not ticked.
    assert panel.meetings.get(date=date).agenda_items.count() == 4


def test_adding_with_htmx_to_another_year_goes_to_that_years_schedule(officer_client, panel):
    date = days_ahead(0).replace(year=days_ahead(0).year + 2)
    response = officer_client.post(add_url(panel), {"date": date.isoformat(), "year": this_year().start_year}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(schedule_url(panel, MunicipalYear.containing(date)))


def test_adding_without_javascript_redirects_to_the_schedule(officer_client, panel):
    date = days_ahead(14)
    response = officer_client.post(add_url(panel), {"date": date.isoformat(), "start_time": "", "venue": ""})
    assert response.status_code == 302
    assert response["Location"] == schedule_url(panel, MunicipalYear.containing(date)) + f"#meeting-{date}"
    page = officer_client.get(response["Location"]).content.decode()
    assert "to the schedule, with the standard agenda items" in page


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2027-02-30", "Enter a real date"),
        ("30/02/2027", "Enter a real date"),
        ("not a date", "Enter a real date"),
        ("", "Enter the date of the meeting"),
        (days_ago(2).isoformat(), "has passed"),
    ],
)
def test_bad_dates_are_refused_with_a_clear_message_and_the_input_kept(officer_client, panel, date, message):
    data = {"date": date, "start_time": "09:30", "venue": "Committee Room <b>2</b>"}
    response = officer_client.post(add_url(panel), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content and message in content
    assert 'value="09:30"' in content and "Committee Room &lt;b&gt;2&lt;/b&gt;" in content
    assert "<title>Error: " in content
    assert_well_formed_page(content)
    assert not panel.meetings.exists()


def test_impossible_time_is_refused(officer_client, panel):
    response = officer_client.post(add_url(panel), {"date": days_ahead(3).isoformat(), "start_time": "25:61"})
    assert "Enter a real time" in response.content.decode()
    assert not panel.meetings.exists()


def test_htmx_errors_come_back_in_place(officer_client, panel):
    existing = factories.meeting(panel, date=days_ahead(9))
    response = officer_client.post(add_url(panel), {"date": existing.date.isoformat()}, **HTMX)
    content = response.content.decode()
    assert response.status_code == 200 and is_fragment(content)
    assert "There is a problem" in content and "already meets on" in content
    assert panel.meetings.count() == 1


def test_add_form_ticks_chair_pro_tem_only_without_a_chair(officer_client, panel):
    # The panel of panel_with_councillors has a chair this year.
    content = officer_client.get(schedule_url(panel)).content.decode()
    assert "has a chair for" in content
    bare = factories.panel()
    content = officer_client.get(schedule_url(bare)).content.decode()
    assert "Ticked because the panel has no chair" in content
    assert 'id="id_chair_pro_tem" checked' in content


def test_move_page_moves_and_reports(officer_client, panel):
    meeting = factories.meeting(panel, date=days_ahead(20))
    new_date = days_ahead(27)
    response = officer_client.post(
        meeting_url("move_meeting", meeting), {"new_date": new_date.isoformat(), "new_time": "16:00", "reason": "Clash"}
    )
    assert response.status_code == 302
    page = officer_client.get(response["Location"]).content.decode()
    assert "Its old address now leads to the new date." in page
    assert f"Moved from {meeting.date.day} {meeting.date:%B %Y}" in page


def test_move_page_refuses_a_clash_and_keeps_the_input(officer_client, panel):
    meeting = factories.meeting(panel, date=days_ahead(20))
    other = factories.meeting(panel, date=days_ahead(27))
    response = officer_client.post(
        meeting_url("move_meeting", meeting),
        {"new_date": other.date.isoformat(), "new_time": "", "reason": "Keep <i>this</i>"},
    )
    content = response.content.decode()
    assert response.status_code == 200 and "already meets on" in content
    assert "Keep &lt;i&gt;this&lt;/i&gt;" in content
    meeting.refresh_from_db()
    assert meeting.date == days_ahead(20)


def test_cancel_page_needs_a_reason(officer_client, panel):
    meeting = factories.meeting(panel, date=days_ahead(20))
    response = officer_client.post(meeting_url("cancel_meeting", meeting), {"reason": ""})
    assert "Enter the reason the meeting is cancelled" in response.content.decode()
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def test_cancelled_meeting_can_be_reinstated_from_the_schedule(officer_client, panel):
    meeting = factories.meeting(panel, date=days_ahead(20))
    officer_client.post(meeting_url("cancel_meeting", meeting), {"reason": "No business."})
    page = officer_client.get(schedule_url(panel, MunicipalYear.containing(meeting.date))).content.decode()
    assert "No business." in page and meeting_url("reinstate_meeting", meeting) in page
    officer_client.post(meeting_url("reinstate_meeting", meeting))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED


def test_held_meeting_pages_explain_instead_of_offering_the_form(officer_client, panel):
    meeting = factories.meeting(panel, date=days_ago(20), status=Meeting.Status.HELD)
    assert (
        "has been held, so it cannot be moved"
        in officer_client.get(meeting_url("move_meeting", meeting)).content.decode()
    )
    response = officer_client.post(meeting_url("cancel_meeting", meeting), {"reason": "Oops"})
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
