"""The minutes services: each rule proved by calling the service directly, outside any request."""

import datetime

import pytest
from django.utils import timezone

from meetings.models import AgendaItem, Apology, Panel
from minutes import services
from minutes.models import Action, Attendance, MinuteEntry, Minutes, Resolution
from minutes.selectors import confirmation_items
from portal.errors import Refused, StaleEdit
from tests import factories
from tests.minutes import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel():
    return factories.panel()


@pytest.fixture
def members(panel):
    chair = builders.councillor("c-chair", "Chair", "A")
    vice = builders.councillor("c-vice", "Vice", "B")
    ordinary = builders.councillor("c-ordinary", "Ordinary", "C")
    builders.member(panel, chair, role="chair")
    builders.member(panel, vice, role="vice_chair")
    builders.member(panel, ordinary)
    return chair, vice, ordinary


def entries_of(minutes: Minutes) -> list[MinuteEntry]:
    return list(minutes.entries.order_by("position"))


# --- starting the minutes ----------------------------------------------------------------------------------------


def test_start_minutes_makes_one_entry_per_agenda_item_with_its_title(panel, officer_user):
    meeting = builders.meeting_this_year(panel)
    items = builders.agenda(meeting, "Apologies for absence", "Locality working", "Any other business")
    minutes = services.start_minutes(meeting, by=officer_user)
    entries = entries_of(minutes)
    assert minutes.status == Minutes.Status.DRAFT
    assert [entry.heading for entry in entries] == [item.title for item in items]
    assert [entry.agenda_item_id for entry in entries] == [item.pk for item in items]
    assert [entry.position for entry in entries] == [1, 2, 3]
    assert minutes.opening_text.startswith(f"A meeting of the {panel.name} was held on")


def test_start_minutes_twice_is_refused(panel, officer_user):
    meeting = builders.meeting_this_year(panel)
    services.start_minutes(meeting, by=officer_user)
    with pytest.raises(Refused, match="already been started"):
        services.start_minutes(meeting, by=officer_user)


def test_start_minutes_records_the_exclusion_resolution_before_the_first_exempt_item(panel, officer_user):
    meeting = builders.meeting_this_year(panel)
    builders.agenda(
        meeting,
        "Open report",
        "Land sale",
        "Contract award",
        "Open again",
        exempt={"Land sale": 3, "Contract award": 1},
    )
    entries = entries_of(services.start_minutes(meeting, by=officer_user))
    assert [entry.heading for entry in entries] == [
        "Open report",
        services.EXCLUSION_HEADING,
        "Land sale",
        "Contract award",
        "Open again",
    ]
    exclusion = entries[1]
    assert exclusion.excludes_public and not exclusion.is_exempt and exclusion.agenda_item is None
    text = exclusion.resolutions.get().text
    assert "section 100A(4) of the Local Government Act 1972" in text
    assert "paragraphs 1 and 3 of Part 1 of Schedule 12A" in text
    assert "following items of business" in text
    assert [entries[2].exempt_paragraph, entries[3].exempt_paragraph] == [3, 1]


def test_an_agenda_exclusion_item_carries_the_resolution_itself(panel, officer_user):
    meeting = builders.meeting_this_year(panel)
    builders.agenda(meeting, "Report", "Exclusion of the press and public", "Staffing", exempt={"Staffing": 1})
    AgendaItem.objects.filter(meeting=meeting, title__startswith="Exclusion").update(kind="exclusion")
    entries = entries_of(services.start_minutes(meeting, by=officer_user))
    assert len(entries) == 3
    assert entries[1].excludes_public and entries[1].agenda_item.kind == "exclusion"
    assert "paragraph 1 of Part 1" in entries[1].resolutions.get().text
    assert services.missing_exclusion(entries) is None


def test_start_minutes_ticks_members_present_apologies_and_substitutes(panel, members, officer_user):
    chair, vice, ordinary = members
    substitute = builders.councillor("c-sub", "Substitute", "D")
    meeting = builders.meeting_this_year(panel)
    presenter = builders.officer("Presenter")
    factories.item(meeting, title="Report", presenter=presenter)
    Apology.objects.create(meeting=meeting, councillor=vice, substitute=substitute)
    minutes = services.start_minutes(meeting, by=officer_user)
    rows = {(row.category, row.councillor_id or row.officer_id): row for row in minutes.attendance.all()}
    assert rows[("present", chair.pk)].role == "chair"
    assert rows[("present", ordinary.pk)].role == "member"
    assert ("apologies", vice.pk) in rows
    assert rows[("substitute", substitute.pk)].substitute_for_id == vice.pk
    assert ("officer", presenter.pk) in rows
    assert ("present", vice.pk) not in rows


def test_start_minutes_prefills_routine_items(panel, members, officer_user):
    _, vice, _ = members
    earlier = builders.meeting_this_year(panel)
    meeting = builders.meeting_this_year(panel)
    builders.agenda(
        meeting, "Apologies", "Previous minutes", Apologies="apologies", **{"Previous minutes": "previous_minutes"}
    )
    Apology.objects.create(meeting=meeting, councillor=vice)
    entries = entries_of(services.start_minutes(meeting, by=officer_user))
    assert "Apologies for absence were submitted on behalf of Councillors B Vice." in entries[0].body_html
    assert f"held on {earlier.date.day} {earlier.date:%B %Y} were submitted and approved" in entries[1].body_html


def test_history_records_who_started_the_minutes_outside_a_request(panel, officer_user):
    meeting = builders.meeting_this_year(panel)
    builders.agenda(meeting, "Report")
    minutes = services.start_minutes(meeting, by=officer_user)
    assert minutes.history.get().history_user == officer_user
    assert MinuteEntry.history.filter(minutes_id=minutes.pk).get().history_user == officer_user


# --- numbering ---------------------------------------------------------------------------------------------------


def test_per_meeting_numbers_start_at_one_each_meeting(officer_user):
    panel = factories.panel(minute_numbering=Panel.MinuteNumbering.PER_MEETING)
    for _ in range(2):
        meeting = builders.meeting_this_year(panel)
        builders.agenda(meeting, "One", "Two", "Three")
        minutes = services.start_minutes(meeting, by=officer_user)
        assert [entry.number for entry in entries_of(minutes)] == ["1", "2", "3"]


def test_running_numbers_continue_through_the_municipal_year(officer_user):
    panel = factories.panel(minute_numbering=Panel.MinuteNumbering.MUNICIPAL_YEAR)
    first = factories.meeting(panel, date=datetime.date(2024, 6, 4))
    builders.agenda(first, *[f"Item {n}" for n in range(1, 10)])
    assert entries_of(services.start_minutes(first, by=officer_user))[-1].number == "9/24"
    second = factories.meeting(panel, date=datetime.date(2024, 7, 16))
    builders.agenda(second, "One", "Two", "Three")
    numbers = [entry.number for entry in entries_of(services.start_minutes(second, by=officer_user))]
    assert numbers == ["10/24", "11/24", "12/24"]  # the 3rd minute of the second meeting is 12/24


def test_running_numbers_start_again_in_a_new_municipal_year(officer_user):
    panel = factories.panel(minute_numbering=Panel.MinuteNumbering.MUNICIPAL_YEAR)
    april = factories.meeting(panel, date=datetime.date(2025, 4, 22))
    builders.agenda(april, "One", "Two")
    assert [e.number for e in entries_of(services.start_minutes(april, by=officer_user))] == ["1/24", "2/24"]
    june = factories.meeting(panel, date=datetime.date(2025, 6, 3))
    builders.agenda(june, "One")
    assert [e.number for e in entries_of(services.start_minutes(june, by=officer_user))] == ["1/25"]


def test_unnumbered_panels_leave_numbers_empty(panel, officer_user):
    meeting = builders.meeting_this_year(panel)
    builders.agenda(meeting, "One", "Two")
    assert {entry.number for entry in entries_of(services.start_minutes(meeting, by=officer_user))} == {""}
    with pytest.raises(Refused, match="not numbered"):
        services.renumber(meeting.minutes, by=officer_user)


def test_adding_moving_and_removing_entries_renumbers_from_the_chosen_start(officer_user):
    panel = factories.panel(minute_numbering=Panel.MinuteNumbering.MUNICIPAL_YEAR)
    meeting = factories.meeting(panel, date=datetime.date(2024, 9, 10))
    builders.agenda(meeting, "A", "B", "C")
    minutes = services.start_minutes(meeting, by=officer_user)
    services.renumber(minutes, by=officer_user, start=32)  # earlier minutes are not in the portal
    a, b, c = entries_of(minutes)
    new = services.add_entry(minutes, by=officer_user, heading="Urgent item", after=a)
    assert [(e.heading, e.number) for e in entries_of(minutes)] == [
        ("A", "32/24"),
        ("Urgent item", "33/24"),
        ("B", "34/24"),
        ("C", "35/24"),
    ]
    services.move_entry(c, by=officer_user, direction="up")
    assert [e.heading for e in entries_of(minutes)] == ["A", "Urgent item", "C", "B"]
    services.delete_entry(a, by=officer_user, version=1)
    assert [(e.heading, e.number) for e in entries_of(minutes)] == [
        ("Urgent item", "32/24"),
        ("C", "33/24"),
        ("B", "34/24"),
    ]
    services.reorder_entries(minutes, by=officer_user, order=[b.pk, c.pk, new.pk])
    assert [(e.heading, e.number) for e in entries_of(minutes)] == [
        ("B", "32/24"),
        ("C", "33/24"),
        ("Urgent item", "34/24"),
    ]


def test_reorder_is_refused_when_the_list_changed_meanwhile(panel, officer_user):
    meeting = builders.meeting_this_year(panel)
    builders.agenda(meeting, "A", "B")
    minutes = services.start_minutes(meeting, by=officer_user)
    a, b = entries_of(minutes)
    services.add_entry(minutes, by=officer_user, heading="C")
    with pytest.raises(Refused, match="added or removed"):
        services.reorder_entries(minutes, by=officer_user, order=[b.pk, a.pk])


def test_removing_an_entry_removes_its_resolutions_and_actions_with_history(panel, officer_user):
    meeting = builders.meeting_this_year(panel)
    minutes = builders.minutes_with_entries(meeting, 1)
    entry = minutes.entries.get()
    factories.resolution(entry)
    services.add_action(entry, services.ActionData(description="Report back"), by=officer_user)
    services.delete_entry(entry, by=officer_user, version=entry.version)
    assert not MinuteEntry.objects.filter(pk=entry.pk).exists()
    assert not Resolution.objects.filter(entry_id=entry.pk).exists()
    deletions = Action.history.filter(entry_id=entry.pk, history_type="-")
    assert deletions.get().history_user == officer_user


# --- exclusion of the press and public ----------------------------------------------------------------------------


def test_exclusion_resolution_is_added_before_a_minute_marked_exempt_later(panel, officer_user):
    meeting = builders.meeting_this_year(panel)
    builders.agenda(meeting, "Open", "Closed")
    minutes = services.start_minutes(meeting, by=officer_user)
    closed = minutes.entries.get(heading="Closed")
    services.update_entry(closed, by=officer_user, version=1, heading="Closed", body_html="", exempt_paragraph=5)
    assert services.missing_exclusion(entries_of(minutes)).pk == closed.pk
    exclusion = services.add_exclusion_resolution(minutes, by=officer_user)
    assert [e.heading for e in entries_of(minutes)] == ["Open", services.EXCLUSION_HEADING, "Closed"]
    assert "paragraph 5 of Part 1 of Schedule 12A" in exclusion.resolutions.get().text
    with pytest.raises(Refused, match="No exempt minute"):
        services.add_exclusion_resolution(minutes, by=officer_user)


# --- attendance ----------------------------------------------------------------------------------------------------


def test_record_attendance_writes_only_what_changed(panel, members, officer_user):
    chair, vice, ordinary = members
    meeting = builders.meeting_this_year(panel)
    minutes = services.start_minutes(meeting, by=officer_user)
    unchanged_pk = minutes.attendance.get(councillor=chair).pk
    substitute = builders.councillor("c-sub2", "Standin", "E")
    clerk = builders.officer("Clerk")
    record = services.AttendanceRecord(
        opening_text="A meeting was held.",
        members=[
            services.MemberAttendance(chair.pk, "present", "chair"),
            services.MemberAttendance(vice.pk, "substitute", "member", substitute_id=substitute.pk),
            services.MemberAttendance(ordinary.pk, "absent"),
        ],
        officer_ids=[clerk.pk],
        others=[services.OtherAttendee("Councillor J Platt", "under Procedure Rule 4.32")],
        declarations=[services.DeclarationData(kind="none", text="No declarations.")],
    )
    minutes = services.record_attendance(minutes, record, by=officer_user, version=1)
    assert minutes.version == 2
    rows = list(minutes.attendance.order_by("position"))
    assert [(row.category, row.display_name) for row in rows] == [
        ("present", "A Chair"),
        ("substitute", "E Standin"),
        ("attending", "Councillor J Platt"),
        ("officer", "O Clerk"),
        ("apologies", "B Vice"),
        ("absent", "C Ordinary"),
    ]
    assert rows[0].pk == unchanged_pk  # kept, not deleted and re-created
    assert rows[1].substitute_for == vice
    assert rows[2].capacity == "under Procedure Rule 4.32"
    assert minutes.declarations.get().text == "No declarations."


def test_record_attendance_refuses_two_chairs_and_a_stale_version(panel, members, officer_user):
    chair, vice, ordinary = members
    minutes = services.start_minutes(builders.meeting_this_year(panel), by=officer_user)
    two_chairs = services.AttendanceRecord(
        members=[
            services.MemberAttendance(chair.pk, "present", "chair"),
            services.MemberAttendance(vice.pk, "present", "chair"),
        ]
    )
    with pytest.raises(Refused, match="Only one councillor"):
        services.record_attendance(minutes, two_chairs, by=officer_user, version=1)
    services.record_attendance(minutes, services.AttendanceRecord(opening_text="First"), by=officer_user, version=1)
    with pytest.raises(StaleEdit) as stale:
        services.record_attendance(
            minutes, services.AttendanceRecord(opening_text="Second"), by=officer_user, version=1
        )
    assert stale.value.current.version == 2
    assert Minutes.objects.get(pk=minutes.pk).opening_text == "First"


# --- entries -------------------------------------------------------------------------------------------------------


def test_update_entry_sanitises_the_body_and_keeps_heading_markup_as_text(panel, officer_user):
    minutes = builders.minutes_with_entries(builders.meeting_this_year(panel), 1)
    entry = minutes.entries.get()
    entry = services.update_entry(
        entry,
        by=officer_user,
        version=entry.version,
        heading="<b>Budget</b>   2025",
        body_html='<p onclick="x()">Noted.</p><script>alert(1)</script>',
        resolutions=[services.ResolutionData("AGREED that:", ["the report be noted", "a letter be sent"])],
    )
    entry.refresh_from_db()
    assert entry.heading == "<b>Budget</b> 2025"
    assert entry.body_html == "<p>Noted.</p>"
    assert entry.version == 2
    resolution = entry.resolutions.get()
    assert [(part.label, part.text) for part in resolution.parts.all()] == [
        ("a", "the report be noted"),
        ("b", "a letter be sent"),
    ]


def test_update_entry_with_a_stale_version_is_refused_and_changes_nothing(panel, officer_user):
    minutes = builders.minutes_with_entries(builders.meeting_this_year(panel), 1)
    entry = minutes.entries.get()
    services.update_entry(entry, by=officer_user, version=1, heading="Theirs", body_html="<p>Theirs</p>")
    with pytest.raises(StaleEdit):
        services.update_entry(entry, by=officer_user, version=1, heading="Mine", body_html="<p>Mine</p>")
    entry.refresh_from_db()
    assert (entry.heading, entry.version) == ("Theirs", 2)


def test_resolution_parts_are_updated_in_place(panel, officer_user):
    minutes = builders.minutes_with_entries(builders.meeting_this_year(panel), 1)
    entry = minutes.entries.get()
    services.update_entry(
        entry,
        by=officer_user,
        version=1,
        heading="H",
        body_html="",
        resolutions=[services.ResolutionData("AGREED:", ["x", "y"])],
    )
    services.update_entry(
        entry,
        by=officer_user,
        version=2,
        heading="H",
        body_html="",
        resolutions=[services.ResolutionData("AGREED:", ["x"])],
    )
    assert [part.text for part in entry.resolutions.get().parts.all()] == ["x"]
    services.update_entry(entry, by=officer_user, version=3, heading="H", body_html="", resolutions=[])
    assert not entry.resolutions.exists()


def test_part_labels_run_a_to_z_then_aa():
    assert [services.part_label(i) for i in (0, 1, 25, 26, 27)] == ["a", "b", "z", "aa", "ab"]


# --- publication and confirmation ----------------------------------------------------------------------------------


@pytest.fixture
def two_meetings(panel, officer_user):
    first = builders.meeting_this_year(panel)
    builders.agenda(first, "Report")
    second = builders.meeting_this_year(panel)
    confirming = factories.item(second, title="Minutes of the previous meeting", kind="previous_minutes")
    minutes = services.start_minutes(first, by=officer_user)
    confirming.confirms_minutes.add(minutes)
    return minutes, confirming


def test_publish_unpublish_and_confirm(two_meetings, officer_user):
    minutes, confirming = two_meetings
    with pytest.raises(Refused, match="Publish the draft"):
        services.confirm_minutes(minutes, by=officer_user, at_item=confirming)
    minutes = services.publish_draft(minutes, by=officer_user)
    assert minutes.status == "published" and minutes.published_at is not None
    with pytest.raises(Refused, match="already published"):
        services.publish_draft(minutes, by=officer_user)
    services.unpublish_draft(minutes, by=officer_user)
    services.publish_draft(minutes, by=officer_user)
    assert confirmation_items(minutes) == [confirming]
    minutes = services.confirm_minutes(
        minutes, by=officer_user, at_item=confirming, amendments=" Item 3: 'six' not 'five'. "
    )
    assert minutes.is_confirmed
    assert minutes.confirmed_at_meeting == confirming.meeting
    assert minutes.confirmed_by_item == confirming
    assert minutes.amendments == "Item 3: 'six' not 'five'."
    assert confirming.confirms_minutes.filter(pk=minutes.pk).exists()
    assert minutes.history.first().history_user == officer_user


def test_confirmed_minutes_can_no_longer_be_changed(two_meetings, officer_user):
    minutes, confirming = two_meetings
    services.publish_draft(minutes, by=officer_user)
    services.confirm_minutes(minutes, by=officer_user, at_item=confirming)
    entry = minutes.entries.get()
    refusals = [
        lambda: services.unpublish_draft(minutes, by=officer_user),
        lambda: services.update_entry(entry, by=officer_user, version=1, heading="X", body_html=""),
        lambda: services.add_entry(minutes, by=officer_user, heading="Late"),
        lambda: services.delete_entry(entry, by=officer_user, version=1),
        lambda: services.record_attendance(minutes, services.AttendanceRecord(), by=officer_user, version=1),
        lambda: services.add_action(entry, services.ActionData(description="Late"), by=officer_user),
        lambda: services.confirm_minutes(minutes, by=officer_user, at_item=confirming),
    ]
    for refused in refusals:
        with pytest.raises(Refused):
            refused()


def test_minutes_are_confirmed_only_at_a_held_later_meeting_that_submitted_them(two_meetings, officer_user):
    minutes, confirming = two_meetings
    services.publish_draft(minutes, by=officer_user)
    not_submitting = factories.item(confirming.meeting, kind="previous_minutes")
    with pytest.raises(Refused, match="does not submit these minutes"):
        services.confirm_minutes(minutes, by=officer_user, at_item=not_submitting)
    to_come = factories.item(
        factories.meeting(minutes.meeting.panel, date=timezone.localdate() + datetime.timedelta(days=10)),
        kind="previous_minutes",
    )
    to_come.confirms_minutes.add(minutes)
    with pytest.raises(Refused, match="has not been held yet"):
        services.confirm_minutes(minutes, by=officer_user, at_item=to_come, amendments="Minute 3: 305 for 350")
    earlier = factories.item(
        factories.meeting(minutes.meeting.panel, date=minutes.meeting.date - datetime.timedelta(days=1)),
        kind="previous_minutes",
    )
    earlier.confirms_minutes.add(minutes)
    with pytest.raises(Refused, match="later meeting"):
        services.confirm_minutes(minutes, by=officer_user, at_item=earlier)
    assert confirmation_items(minutes) == [confirming]
    # Another panel's held meeting (a board confirming a sub-panel's minutes) may confirm them when it submitted them.
    board = factories.item(
        factories.meeting(factories.panel(), date=minutes.meeting.date + datetime.timedelta(days=1)), kind="report"
    )
    board.confirms_minutes.add(minutes)
    minutes = services.confirm_minutes(minutes, by=officer_user, at_item=board, amendments="Minute 3: 305 for 350")
    assert minutes.is_confirmed and minutes.confirmed_at_meeting == board.meeting


def test_minutes_are_published_only_once_the_meeting_has_been_held(panel, officer_user):
    coming = factories.meeting(panel, date=timezone.localdate() + datetime.timedelta(days=3))
    minutes = builders.minutes_with_entries(coming, 1, status="draft")
    with pytest.raises(Refused, match="once it has been held"):
        services.publish_draft(minutes, by=officer_user)
    minutes.refresh_from_db()
    assert minutes.status == "draft"


# --- actions -------------------------------------------------------------------------------------------------------


def test_action_progress_can_be_updated_after_confirmation_with_locking(two_meetings, officer_user):
    minutes, confirming = two_meetings
    entry = minutes.entries.get()
    action = services.add_action(
        entry, services.ActionData(description="Send the figures", due_text="in due course"), by=officer_user
    )
    services.publish_draft(minutes, by=officer_user)
    services.confirm_minutes(minutes, by=officer_user, at_item=confirming)
    action = services.update_action_progress(
        action, by=officer_user, version=1, status="in_progress", progress_note="Asked the service"
    )
    assert (action.status, action.version) == ("in_progress", 2)
    with pytest.raises(StaleEdit):
        services.update_action_progress(action, by=officer_user, version=1, status="done", progress_note="")
    with pytest.raises(Refused, match="confirmed as a correct record"):
        services.update_action(action, services.ActionData(description="Changed"), by=officer_user, version=2)


def test_update_action_changes_owner_and_due_date(panel, officer_user):
    minutes = builders.minutes_with_entries(builders.meeting_this_year(panel), 1)
    entry = minutes.entries.get()
    owner = builders.officer("Owner")
    action = services.add_action(entry, services.ActionData(description="Do it"), by=officer_user)
    due = minutes.meeting.date + datetime.timedelta(days=30)
    action = services.update_action(
        action, services.ActionData(description="Do it", owner_id=owner.pk, due_date=due), by=officer_user, version=1
    )
    assert (action.owner, action.due_date, action.version) == (owner, due, 2)
    assert action.history.first().history_user == officer_user


def test_attendance_rows_name_exactly_one_person(panel, officer_user):
    minutes = services.start_minutes(builders.meeting_this_year(panel), by=officer_user)
    record = services.AttendanceRecord(others=[services.OtherAttendee("  "), services.OtherAttendee("Ms Witness")])
    services.record_attendance(minutes, record, by=officer_user, version=1)
    assert list(minutes.attendance.values_list("name", flat=True)) == ["Ms Witness"]
    assert Attendance.history.filter(minutes_id=minutes.pk).first().history_user == officer_user


def test_the_exclusion_resolution_names_a_paragraph_not_yet_recorded_as_such():
    from minutes.services import exclusion_resolution_text

    assert "defined in paragraphs 3 and 5 of Part 1" in exclusion_resolution_text([5, 3, 3], 2)
    assert "defined in a paragraph not yet recorded of Part 1" in exclusion_resolution_text([0])
    mixed = exclusion_resolution_text([3, 0], 2)
    assert "defined in paragraph 3 and a paragraph not yet recorded of Part 1" in mixed and "paragraph 0" not in mixed
