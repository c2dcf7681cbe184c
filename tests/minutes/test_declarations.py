"""Declarations of interest as the model code of conduct has them: one entry for several councillors, the kind the
council's code names, the item, what they did; each councillor printed once; existing declarations carried over."""

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from meetings.models import Council, Councillor
from minutes import selectors, services
from minutes.models import Declaration
from portal.errors import Refused
from tests.minutes import builders
from tests.portal.test_migrations import old_migrations_loader

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(panel_with_councillors):
    meeting = builders.meeting_this_year(panel_with_councillors[0])
    builders.agenda(meeting, "Apologies for absence", "Housing allocations", "Any other business")
    return meeting


@pytest.fixture
def minutes(meeting, officer_user):
    return services.start_minutes(meeting, by=officer_user)


def attendance_post(minutes, **fields) -> dict:
    """The attendance page's form with two declaration rows, the panel's member present."""
    member = minutes.attendance.get(category="present").councillor_id
    data = {
        f"member-{member}-attendance": "present",
        f"member-{member}-role": "chair",
        "version": minutes.version,
        "opening_text": "A meeting of the panel was held.",
        "other-TOTAL_FORMS": "0",
        "other-INITIAL_FORMS": "0",
        "declaration-TOTAL_FORMS": "2",
        "declaration-INITIAL_FORMS": "0",
    }
    for index in range(2):
        for name in ("kind", "agenda_item", "text", "action"):
            data[f"declaration-{index}-{name}"] = ""
    return data | fields


def attendance_url(meeting) -> str:
    return reverse("minutes_manage:attendance", kwargs={"slug": meeting.panel.slug, "date": meeting.date})


def declarations_section(content: str) -> str:
    return content.split("Declarations of members’ interests", 1)[1].split("</section>", 1)[0].split("<section", 1)[0]


def test_one_save_records_a_declaration_by_several_councillors_and_another(
    client, officer_client, officer_user, meeting, minutes, panel_with_councillors
):
    _, member, outsider = panel_with_councillors
    item = meeting.agenda_items.get(title="Housing allocations")
    data = attendance_post(
        minutes,
        **{
            "declaration-0-kind": "other_registrable",
            "declaration-0-councillors": [member.pk, outsider.pk],
            "declaration-0-agenda_item": item.pk,
            "declaration-0-text": "As members of the Tees Valley Housing board",
            "declaration-0-action": "left_room",
            "declaration-1-kind": "dpi",
            "declaration-1-councillors": [outsider.pk],
            "declaration-1-agenda_item": item.pk,
            "declaration-1-text": "Owns a house let to the council.",
            "declaration-1-action": "spoke_then_left",
        },
    )
    response = officer_client.post(attendance_url(meeting), data)
    assert response.status_code == 302, re.findall(r'class="error[^"]*"[^>]*>(.*?)<', response.content.decode())
    first, second = minutes.declarations.order_by("position")
    assert [row.councillor_id for row in first.declaring.order_by("position")] == [member.pk, outsider.pk]
    assert (first.kind, first.action, first.agenda_item_id) == ("other_registrable", "left_room", item.pk)
    assert [row.councillor_id for row in second.declaring.all()] == [outsider.pk]

    services.publish_draft(minutes, by=officer_user)
    printed = declarations_section(client.get(minutes.get_absolute_url()).content.decode())
    assert (
        "Councillors A Member and B Outsider (other registrable interest, item 2): As members of the Tees Valley "
        "Housing board. Left the room for the item." in printed
    )
    assert (
        "Councillor B Outsider (disclosable pecuniary interest, item 2): Owns a house let to the council. "
        "Spoke as a member of the public, then left the room." in printed
    )
    # Each declaration names each of its councillors once.
    assert printed.count("A Member") == 1 and printed.count("B Outsider") == 2

    # The form shows what was saved: both councillors chosen in the first declaration.
    form = officer_client.get(attendance_url(meeting)).content.decode()
    first_select = re.search(r'<select name="declaration-0-councillors".*?</select>', form, re.S).group(0)
    assert f'<option value="{member.pk}" selected>' in first_select
    assert f'<option value="{outsider.pk}" selected>' in first_select


def test_a_declaration_with_no_councillor_or_with_one_for_no_declarations_is_explained(
    officer_client, meeting, minutes, panel_with_councillors
):
    _, member, _ = panel_with_councillors
    data = attendance_post(
        minutes,
        **{
            "declaration-0-kind": "non_registrable",
            "declaration-0-text": "A relative works in the service.",
            "declaration-1-kind": "none",
            "declaration-1-councillors": [member.pk],
        },
    )
    response = officer_client.post(attendance_url(meeting), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Choose the councillor (or councillors) who made the declaration." in content
    assert "“No declarations” names no councillor: choose the kind they declared." in content
    assert "A relative works in the service.</textarea>" in content  # nothing typed is lost
    assert not minutes.declarations.exists()


def test_the_fourth_kind_is_named_as_the_councils_code_names_it(
    officer_client, officer_user, meeting, minutes, panel_with_councillors
):
    panel, member, _ = panel_with_councillors
    panel.council.other_interest_label = "Personal interest"
    panel.council.save()
    assert (
        '<option value="other">Personal interest</option>'
        in officer_client.get(attendance_url(meeting)).content.decode()
    )
    record = services.AttendanceRecord(
        declarations=[services.DeclarationData("other", "Knows the applicant.", [member.pk])]
    )
    services.record_attendance(minutes, record, by=officer_user, version=minutes.version)
    declaration = selectors.minutes_for_editing(meeting).declaration_list[0]
    assert declaration.wording == "Councillor A Member (personal interest): Knows the applicant."
    declaration.minutes.meeting.panel.council.other_interest_label = ""
    assert declaration.kind_label == "Other disclosable interest"


def test_a_councillor_of_another_council_cannot_be_named(officer_user, minutes):
    council = Council.objects.create(name="Elsewhere Borough Council", slug="elsewhere")
    elsewhere = Councillor.objects.create(council=council, slug="elsewhere", initials="Z", surname="Elsewhere")
    record = services.AttendanceRecord(declarations=[services.DeclarationData("dpi", "Owns land.", [elsewhere.pk])])
    with pytest.raises(Refused, match="a councillor of another council"):
        services.record_attendance(minutes, record, by=officer_user, version=minutes.version)


def test_changing_who_declared_is_in_the_history_by_name(officer_user, minutes, panel_with_councillors):
    _, member, outsider = panel_with_councillors
    first = services.AttendanceRecord(declarations=[services.DeclarationData("dpi", "Owns land.", [member.pk])])
    minutes = services.record_attendance(minutes, first, by=officer_user, version=minutes.version)
    second = services.AttendanceRecord(declarations=[services.DeclarationData("dpi", "Owns land.", [outsider.pk])])
    minutes = services.record_attendance(minutes, second, by=officer_user, version=minutes.version)
    lines = {f"{entry.action} {entry.thing}" for entry in selectors.minutes_history(minutes)}
    assert "Created Declaring councillor: Councillor A Member" in lines
    assert "Deleted Declaring councillor: Councillor A Member" in lines
    assert "Created Declaring councillor: Councillor B Outsider" in lines
    # The conflict screen of an officer who loaded the first version reads the names too.
    changes = selectors.minutes_changes(minutes, 2).changes
    declared = next(change for change in changes if change.label == "Declarations")
    assert "Councillor A Member" in declared.before and "Councillor B Outsider" in declared.after


def test_a_declaration_minuted_in_full_before_is_printed_as_written(officer_user, minutes, panel_with_councillors):
    _, member, _ = panel_with_councillors
    text = "Councillor A Member declared a non-registrable interest in item 2 as a school governor."
    record = services.AttendanceRecord(declarations=[services.DeclarationData("non_registrable", text, [member.pk])])
    services.record_attendance(minutes, record, by=officer_user, version=minutes.version)
    assert selectors.minutes_for_editing(minutes.meeting).declaration_list[0].wording == text


def old_migrations_executor() -> MigrationExecutor:
    """An executor along the migrations the squash replaced (minutes 0006 is one), which databases made before it
    still run; the test database was made with the squashed ones, and has both recorded."""
    executor = MigrationExecutor(connection)
    executor.loader = old_migrations_loader(connection)
    return executor


@pytest.mark.django_db(transaction=True)
def test_existing_declarations_are_carried_over_faithfully(panel_with_councillors):
    """The migration: each declaration's councillor becomes its one declaring councillor, with history from the
    same moment, and the older "personal interest" becomes the council-named kind under that same name."""
    _, member, _ = panel_with_councillors
    meeting = builders.meeting_this_year(panel_with_councillors[0])
    before, after = (
        [("minutes", "0005_minutes_draft_version")],
        [("minutes", "0006_declarations_by_several_councillors")],
    )
    executor = old_migrations_executor()
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldMinutes, OldDeclaration = old.get_model("minutes", "Minutes"), old.get_model("minutes", "Declaration")
    old_minutes = OldMinutes.objects.create(meeting_id=meeting.pk)
    personal = OldDeclaration.objects.create(
        minutes=old_minutes, position=1, councillor_id=member.pk, kind="personal", text="Knows the applicant."
    )
    nobody = OldDeclaration.objects.create(minutes=old_minutes, position=2, kind="none", text="No other declarations.")

    executor = old_migrations_executor()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    Declaration_ = new.get_model("minutes", "Declaration")
    DeclaringCouncillor_ = new.get_model("minutes", "DeclaringCouncillor")
    carried = Declaration_.objects.get(pk=personal.pk)
    assert (carried.kind, carried.text) == ("other", "Knows the applicant.")
    assert list(
        DeclaringCouncillor_.objects.filter(declaration_id=personal.pk).values_list("councillor_id", flat=True)
    ) == [member.pk]
    assert not DeclaringCouncillor_.objects.filter(declaration_id=nobody.pk).exists()
    council = new.get_model("meetings", "Council").objects.get(pk=meeting.panel.council_id)
    assert council.other_interest_label == "Personal interest"
    executor = old_migrations_executor()  # the rest of the old ones: the squashed ones stand for them all
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert MigrationExecutor(connection).migration_plan(MigrationExecutor(connection).loader.graph.leaf_nodes()) == []
    assert Declaration.objects.get(pk=personal.pk).kind_label == "Personal interest"


def test_the_minutes_page_reads_declarations_in_the_same_queries_however_many(
    officer_client, officer_user, meeting, minutes, panel_with_councillors
):
    """Query budget: declarations and their councillors are read with the minutes, never one query each."""
    from django.test.utils import CaptureQueriesContext

    _, member, outsider = panel_with_councillors
    item = meeting.agenda_items.get(title="Housing allocations")

    def queries_with(count: int) -> int:
        declarations = [
            services.DeclarationData("non_registrable", f"Interest {n}.", [member.pk, outsider.pk], item.pk)
            for n in range(count)
        ]
        record = services.AttendanceRecord(declarations=declarations)
        minutes.refresh_from_db()
        current = services.record_attendance(minutes, record, by=officer_user, version=minutes.version)
        with CaptureQueriesContext(connection) as captured:
            content = officer_client.get(current.get_absolute_url()).content.decode()
        assert content.count("Councillors A Member and B Outsider") == count
        return len(captured)

    assert queries_with(6) == queries_with(1)
