"""Issue 12 item 7: the routine minutes drafted from the agenda follow the attendance and declarations until an
officer edits them; the meeting's history names what a change points at instead of printing its id."""

import pytest

from minutes import services
from portal.history import save_by
from tests import factories
from tests.minutes import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(panel_with_councillors):
    meeting = builders.meeting_this_year(panel_with_councillors[0])
    builders.agenda(meeting, "Apologies for absence", "Declarations of interest", "Housing", "Land sale")
    meeting.agenda_items.filter(title="Apologies for absence").update(kind="apologies")
    meeting.agenda_items.filter(title="Declarations of interest").update(kind="declarations")
    meeting.agenda_items.filter(title="Land sale").update(exempt_paragraph=3)
    return meeting


@pytest.fixture
def minutes(meeting, officer_user):
    return services.start_minutes(meeting, by=officer_user)


def body(minutes, heading: str) -> str:
    return minutes.entries.get(heading=heading).body_html


def test_the_apologies_minute_follows_the_attendance_until_an_officer_edits_it(
    officer_user, minutes, panel_with_councillors
):
    _, member, _ = panel_with_councillors
    assert body(minutes, "Apologies for absence") == "<p>There were no apologies for absence.</p>"
    entry = minutes.entries.get(heading="Apologies for absence")
    apology = services.AttendanceRecord(members=[services.MemberAttendance(member.pk, "apologies")])
    minutes = services.record_attendance(minutes, apology, by=officer_user, version=minutes.version)
    assert body(minutes, "Apologies for absence") == (
        "<p>Apologies for absence were submitted on behalf of Councillors A Member.</p>"
    )
    # An officer with the minute open is told it changed, rather than saving over it unawares.
    assert minutes.entries.get(pk=entry.pk).version == entry.version + 1
    present = services.AttendanceRecord(members=[services.MemberAttendance(member.pk, "present", "chair")])
    minutes = services.record_attendance(minutes, present, by=officer_user, version=minutes.version)
    assert body(minutes, "Apologies for absence") == "<p>There were no apologies for absence.</p>"

    entry = minutes.entries.get(pk=entry.pk)
    services.update_entry(
        entry,
        by=officer_user,
        version=entry.version,
        heading=entry.heading,
        body_html="<p>Apologies were received late from the co-opted member.</p>",
    )
    minutes = services.record_attendance(minutes, apology, by=officer_user, version=minutes.version)
    assert body(minutes, "Apologies for absence") == "<p>Apologies were received late from the co-opted member.</p>"


def test_saving_a_drafted_minute_unchanged_keeps_it_following(officer_user, minutes, panel_with_councillors):
    _, member, _ = panel_with_councillors
    entry = minutes.entries.get(heading="Apologies for absence")
    services.update_entry(
        entry, by=officer_user, version=entry.version, heading="Apologies for absence", body_html=entry.body_html
    )
    apology = services.AttendanceRecord(members=[services.MemberAttendance(member.pk, "apologies")])
    minutes = services.record_attendance(minutes, apology, by=officer_user, version=minutes.version)
    assert "Councillors A Member" in body(minutes, "Apologies for absence")


def test_the_declarations_minute_follows_the_open_declarations_only(officer_user, minutes, panel_with_councillors):
    _, member, _ = panel_with_councillors
    no_declarations = "<p>There were no declarations of interest made by members at this point in the meeting.</p>"
    assert body(minutes, "Declarations of interest") == no_declarations
    land_sale = minutes.meeting.agenda_items.get(title="Land sale")
    exempt_only = services.AttendanceRecord(
        declarations=[services.DeclarationData("dpi", "Owns the plot.", [member.pk], land_sale.pk)]
    )
    minutes = services.record_attendance(minutes, exempt_only, by=officer_user, version=minutes.version)
    # This minute is open: a declaration about the exempt item is not hinted at in it.
    assert body(minutes, "Declarations of interest") == no_declarations
    housing = minutes.meeting.agenda_items.get(title="Housing")
    both = services.AttendanceRecord(
        declarations=[
            services.DeclarationData("dpi", "Owns the plot.", [member.pk], land_sale.pk),
            services.DeclarationData("non_registrable", "A tenant.", [member.pk], housing.pk),
        ]
    )
    minutes = services.record_attendance(minutes, both, by=officer_user, version=minutes.version)
    assert body(minutes, "Declarations of interest") == (
        "<p>Declarations of interest made by members are recorded at the start of these minutes.</p>"
    )


def test_the_meeting_history_names_the_meeting_that_confirmed_the_minutes(officer_user, minutes, meeting):
    from meetings.manage.history import meeting_history  # the officer pages' module, once the URLs are set up

    later = factories.meeting(meeting.panel)
    minutes.confirmed_at_meeting = later
    save_by(minutes, officer_user)
    changes = [change for entry in meeting_history(meeting) for change in entry.changes]
    assert ("Confirmed at meeting", "(empty)", str(later)) in changes
    assert str(later.pk) not in [new for _, _, new in changes]
