"""The officers' minutes editor: every step with plain forms (JavaScript off) and in place with htmx, bad input,
and two officers editing the same minutes."""

import datetime
import re

import pytest
from django.urls import reverse

from minutes import services
from minutes.models import Action, MinuteEntry, Minutes
from tests import factories
from tests.minutes import builders

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def panel(panel_with_councillors):
    return panel_with_councillors[0]


@pytest.fixture
def meeting(panel):
    meeting = builders.meeting_this_year(panel)
    builders.agenda(meeting, "Apologies for absence", "Locality working", "Any other business")
    return meeting


@pytest.fixture
def minutes(meeting, officer_user):
    return services.start_minutes(meeting, by=officer_user)


@pytest.fixture
def entry(minutes):
    return minutes.entries.get(heading="Locality working")


def url(name: str, meeting, **extra) -> str:
    return reverse(f"minutes_manage:{name}", kwargs={"slug": meeting.panel.slug, "date": meeting.date} | extra)


def entry_post(entry: MinuteEntry, **fields) -> dict:
    data = {
        "heading": entry.heading,
        "body": "",
        "exempt_paragraph": "",
        "version": entry.version,
        "resolution-TOTAL_FORMS": "1",
        "resolution-INITIAL_FORMS": "0",
        "resolution-0-text": "",
        "resolution-0-parts": "",
    }
    return data | fields


def page(response) -> str:
    return response.content.decode()


# --- starting ------------------------------------------------------------------------------------------------------


def test_editor_offers_to_start_the_minutes_from_the_agenda(officer_client, meeting):
    response = officer_client.get(url("editor", meeting))
    assert "Start the minutes from the agenda" in page(response)
    assert "3 items" in page(response)


def test_starting_the_minutes_with_a_plain_form(officer_client, meeting):
    response = officer_client.post(url("start", meeting))
    assert response.status_code == 302 and response["Location"] == url("editor", meeting)
    editor = page(officer_client.get(response["Location"]))
    assert "The minutes have been started from the agenda" in editor
    for title in ("Apologies for absence", "Locality working", "Any other business"):
        assert title in editor
    assert "Publish the draft" in editor


def test_starting_twice_says_so(officer_client, minutes, meeting):
    response = officer_client.post(url("start", meeting), follow=True)
    assert "already been started" in page(response)


# --- one minute, without JavaScript -------------------------------------------------------------------------------


def test_saving_a_minute_with_a_plain_form_redirects_to_it(officer_client, meeting, entry):
    data = entry_post(
        entry,
        body="The panel heard about locality working.\n\nCosts rose by 5% < inflation & more.",
        **{
            "resolution-0-text": "AGREED that:",
            "resolution-0-parts": "(a) the report be noted\nb) a visit be arranged",
        },
    )
    response = officer_client.post(url("entry_edit", meeting, entry=entry.pk), data)
    assert response.status_code == 302
    assert response["Location"] == url("editor", meeting) + f"#entry-{entry.pk}"
    entry.refresh_from_db()
    assert entry.body_html == (
        "<p>The panel heard about locality working.</p>\n<p>Costs rose by 5% &lt; inflation &amp; more.</p>"
    )
    assert entry.version == 2
    parts = entry.resolutions.get().parts.all()
    assert [(part.label, part.text) for part in parts] == [("a", "the report be noted"), ("b", "a visit be arranged")]


def test_the_edit_form_shows_paragraphs_as_plain_text(officer_client, meeting, entry):
    MinuteEntry.objects.filter(pk=entry.pk).update(body_html="<p>One &amp; two</p>\n<p>Three<br>four</p>")
    response = officer_client.get(url("entry_edit", meeting, entry=entry.pk))
    assert ">\nOne &amp; two\n\nThree\nfour</textarea>" in page(response)


def test_markup_in_a_heading_is_stored_as_text_and_escaped(officer_client, client, meeting, entry, officer_user):
    heading = '<script>alert("x")</script>Budget <b>2025</b>'
    officer_client.post(url("entry_edit", meeting, entry=entry.pk), entry_post(entry, heading=heading))
    entry.refresh_from_db()
    assert entry.heading == heading
    editor = page(officer_client.get(url("editor", meeting)))
    assert '<script>alert("x")' not in editor
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;Budget &lt;b&gt;2025&lt;/b&gt;" in editor
    services.publish_draft(entry.minutes, by=officer_user)
    public = page(client.get(entry.minutes.get_absolute_url()))
    assert "<script>alert" not in public and "&lt;b&gt;2025&lt;/b&gt;" in public


def test_script_and_handlers_in_the_body_are_removed(officer_client, meeting, entry):
    body = (
        '<p onclick="steal()">Noted.</p><script>alert(1)</script>'
        '<img src=x onerror=alert(1)><a href="javascript:x()">link</a>'
    )
    officer_client.post(url("entry_edit", meeting, entry=entry.pk), entry_post(entry, body=body))
    entry.refresh_from_db()
    assert "script" not in entry.body_html and "onclick" not in entry.body_html and "onerror" not in entry.body_html
    assert "javascript:" not in entry.body_html
    assert entry.body_html.startswith("<p>Noted.</p>")


def test_an_empty_heading_is_refused_and_the_typed_text_kept(officer_client, meeting, entry):
    response = officer_client.post(
        url("entry_edit", meeting, entry=entry.pk), entry_post(entry, heading="  ", body="Words I typed")
    )
    assert response.status_code == 200
    content = page(response)
    assert "There is a problem" in content and "Enter a heading for the minute." in content
    assert "Words I typed</textarea>" in content
    entry.refresh_from_db()
    assert entry.heading == "Locality working" and entry.version == 1


def test_lettered_parts_need_their_opening_words(officer_client, meeting, entry):
    data = entry_post(entry, **{"resolution-0-parts": "the report be noted"})
    response = officer_client.post(url("entry_edit", meeting, entry=entry.pk), data)
    assert "Enter the words before the lettered parts" in page(response)


# --- one minute, in place with htmx -------------------------------------------------------------------------------


def test_edit_form_in_place_is_a_fragment(officer_client, meeting, entry):
    response = officer_client.get(url("entry_edit", meeting, entry=entry.pk), **HTMX)
    content = page(response)
    assert "<html" not in content and 'class="minute-editor"' in content
    assert f'data-hx-post="{url("entry_edit", meeting, entry=entry.pk)}"' in content
    assert f'action="{url("entry_edit", meeting, entry=entry.pk)}"' in content  # works without JS too
    assert "HX-Request" in response["Vary"]


def test_history_restore_gets_the_whole_page(officer_client, meeting, entry):
    response = officer_client.get(
        url("entry_edit", meeting, entry=entry.pk), HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX
    )
    assert "<html" in page(response)


def test_saving_in_place_returns_the_minute_as_it_now_reads(officer_client, meeting, entry):
    response = officer_client.post(
        url("entry_edit", meeting, entry=entry.pk), entry_post(entry, body="Noted in place."), **HTMX
    )
    content = page(response)
    assert response.status_code == 200 and "<html" not in content
    assert "Minute saved." in content and "<p>Noted in place.</p>" in content


def test_cancel_in_place_returns_the_card_and_without_js_the_editor(officer_client, meeting, entry):
    card = officer_client.get(url("entry_card", meeting, entry=entry.pk), **HTMX)
    assert 'class="minute-card"' in page(card) and "<html" not in page(card)
    plain = officer_client.get(url("entry_card", meeting, entry=entry.pk))
    assert plain.status_code == 302 and plain["Location"].endswith(f"#entry-{entry.pk}")


def test_adding_a_minute_in_place_and_without_js(officer_client, meeting, minutes, entry):
    response = officer_client.post(url("entry_add", meeting), {"heading": "Urgent item", "after": entry.pk}, **HTMX)
    content = page(response)
    assert "<html" not in content and "Added minute" in content
    assert list(minutes.entries.order_by("position").values_list("heading", flat=True)) == [
        "Apologies for absence",
        "Locality working",
        "Urgent item",
        "Any other business",
    ]
    plain = officer_client.post(url("entry_add", meeting), {"heading": "At the end"})
    added = minutes.entries.get(heading="At the end")
    assert plain["Location"] == url("editor", meeting) + f"#entry-{added.pk}"
    assert added.position == 5


def test_adding_a_minute_without_a_heading_explains(officer_client, meeting, minutes):
    response = officer_client.post(url("entry_add", meeting), {"heading": ""})
    assert response.status_code == 200 and "Enter a heading for the new minute." in page(response)
    fragment = officer_client.post(url("entry_add", meeting), {"heading": ""}, **HTMX)
    assert "<html" not in page(fragment) and "Enter a heading for the new minute." in page(fragment)


def test_moving_and_removing_minutes(officer_client, meeting, minutes, entry):
    response = officer_client.post(url("entry_move", meeting, entry=entry.pk), {"direction": "up"}, **HTMX)
    assert "Minute moved up." in page(response) and "data-autofocus" in page(response)
    assert minutes.entries.order_by("position").first() == entry
    plain = officer_client.post(url("entry_move", meeting, entry=entry.pk), {"direction": "down"})
    assert plain.status_code == 302
    assert minutes.entries.order_by("position").first().heading == "Apologies for absence"
    removed = officer_client.post(url("entry_delete", meeting, entry=entry.pk), {"version": 1})
    assert removed.status_code == 302 and not MinuteEntry.objects.filter(pk=entry.pk).exists()


def test_removing_a_minute_someone_just_changed_is_refused(officer_client, meeting, entry, officer_user):
    services.update_entry(entry, by=officer_user, version=1, heading="Changed", body_html="")
    response = officer_client.post(url("entry_delete", meeting, entry=entry.pk), {"version": 1}, **HTMX)
    assert "Someone else changed this minute" in page(response)
    assert MinuteEntry.objects.filter(pk=entry.pk).exists()


def test_drag_reorder_saves_the_new_order(officer_client, meeting, minutes):
    ids = list(minutes.entries.order_by("-position").values_list("pk", flat=True))
    response = officer_client.post(url("entries_reorder", meeting), {"order": ",".join(map(str, ids))}, **HTMX)
    assert "New order saved." in page(response)
    assert list(minutes.entries.order_by("position").values_list("pk", flat=True)) == ids
    bad = officer_client.post(url("entries_reorder", meeting), {"order": "x,y"}, **HTMX)
    assert "could not be read" in page(bad)


# --- two officers at once -----------------------------------------------------------------------------------------


def test_the_later_of_two_saves_is_refused_with_what_changed_and_the_typed_text_kept(
    officer_client, meeting, entry, django_user_model
):
    colleague = django_user_model.objects.create_user(email="colleague@example.org", password="x" * 20, role="officer")
    services.update_entry(
        entry,
        by=colleague,
        version=1,
        heading="Locality working (revised)",
        body_html="<p>Their account of the debate.</p>",
        resolutions=[services.ResolutionData("AGREED that the report be noted.")],
    )
    mine = entry_post(entry, heading="My heading", body="My own careful words.")  # still version 1
    response = officer_client.post(url("entry_edit", meeting, entry=entry.pk), mine)
    content = page(response)
    assert response.status_code == 200
    assert "Your changes have not been saved yet" in content
    assert "colleague@example.org" in content
    assert "Locality working (revised)" in content and "Their account of the debate." in content
    assert "AGREED that the report be noted." in content
    assert 'value="My heading"' in content and "My own careful words.</textarea>" in content
    assert 'name="version" value="2"' in content
    entry.refresh_from_db()
    assert entry.heading == "Locality working (revised)"
    # Having seen their change, saving again keeps mine.
    officer_client.post(url("entry_edit", meeting, entry=entry.pk), mine | {"version": 2})
    entry.refresh_from_db()
    assert (entry.heading, entry.version) == ("My heading", 3)


def test_a_conflict_in_place_comes_back_as_the_form_fragment(officer_client, meeting, entry, officer_user):
    services.update_entry(entry, by=officer_user, version=1, heading="Theirs", body_html="")
    response = officer_client.post(
        url("entry_edit", meeting, entry=entry.pk), entry_post(entry, heading="Mine"), **HTMX
    )
    content = page(response)
    assert "<html" not in content and "Your changes have not been saved yet" in content and 'value="Mine"' in content


# --- attendance and declarations ----------------------------------------------------------------------------------


def attendance_post(minutes: Minutes, **fields) -> dict:
    data = {
        "version": minutes.version,
        "opening_text": "A meeting of the panel was held.",
        "other-TOTAL_FORMS": "1",
        "other-INITIAL_FORMS": "0",
        "other-0-name": "",
        "other-0-capacity": "",
        "declaration-TOTAL_FORMS": "1",
        "declaration-INITIAL_FORMS": "0",
        "declaration-0-kind": "",
        "declaration-0-agenda_item": "",
        "declaration-0-text": "",
        "declaration-0-action": "",
    }
    return data | fields


def test_attendance_page_lists_members_with_their_roles(officer_client, meeting, minutes, panel_with_councillors):
    _, member, _ = panel_with_councillors
    content = page(officer_client.get(url("attendance", meeting)))
    assert "Councillor A Member" in content
    assert f'name="member-{member.pk}-attendance" value="present"' in content
    assert '<option value="chair" selected>Chair</option>' in content


def test_recording_attendance_and_declarations(officer_client, meeting, minutes, panel_with_councillors):
    _, member, outsider = panel_with_councillors
    clerk = builders.officer("Clerk")
    item = meeting.agenda_items.get(title="Locality working")
    data = attendance_post(
        minutes,
        officers=[clerk.pk],
        **{
            f"member-{member.pk}-attendance": "substitute",
            f"member-{member.pk}-role": "member",
            f"member-{member.pk}-substitute": outsider.pk,
            "other-0-name": "Councillor J Platt",
            "other-0-capacity": "under Procedure Rule 4.32",
            "declaration-0-kind": "non_registrable",
            "declaration-0-councillors": [outsider.pk],
            "declaration-0-agenda_item": item.pk,
            "declaration-0-text": "A relative works in the service.",
        },
    )
    response = officer_client.post(url("attendance", meeting), data)
    assert response.status_code == 302 and response["Location"].endswith("#attendance")
    editor = page(officer_client.get(response["Location"]))
    assert "Councillor B Outsider (for Councillor A Member)" in editor
    assert "Councillor J Platt (under Procedure Rule 4.32)" in editor
    assert "O Clerk" in editor
    assert "Councillor B Outsider (non-registrable interest, item 2): A relative works in the service." in editor
    # The form shows what was saved.
    form = page(officer_client.get(url("attendance", meeting)))
    assert re.search(rf'name="member-{member.pk}-attendance" value="substitute"[^>]*checked', form)
    assert re.search(rf'<option value="{outsider.pk}" selected>', form)


def test_attendance_mistakes_are_explained_and_nothing_typed_is_lost(
    officer_client, meeting, minutes, panel_with_councillors
):
    _, member, _ = panel_with_councillors
    data = attendance_post(
        minutes,
        opening_text="Words I typed",
        **{
            f"member-{member.pk}-attendance": "substitute",
            f"member-{member.pk}-role": "member",
            "other-0-capacity": "under Procedure Rule 4.32",
            "declaration-0-kind": "dpi",
        },
    )
    content = page(officer_client.post(url("attendance", meeting), data))
    assert "Choose who substituted for Councillor A Member." in content
    assert "Enter the name of the person who attended." in content
    assert "Choose the councillor (or councillors) who made the declaration." in content
    assert "Enter the interest as it is to be minuted." in content
    assert "Words I typed</textarea>" in content and 'value="under Procedure Rule 4.32"' in content


def test_attendance_saved_by_someone_else_meanwhile_is_shown(
    officer_client, meeting, minutes, officer_user, panel_with_councillors
):
    _, member, _ = panel_with_councillors
    services.record_attendance(
        minutes,
        services.AttendanceRecord(
            opening_text="Their opening words.", members=[services.MemberAttendance(member.pk, "apologies")]
        ),
        by=officer_user,
        version=1,
    )
    mine = {f"member-{member.pk}-attendance": "present", f"member-{member.pk}-role": "chair"}
    response = officer_client.post(url("attendance", meeting), attendance_post(minutes, opening_text="Mine.", **mine))
    content = page(response)
    assert "Your changes have not been saved yet" in content and "Their opening words." in content
    assert "Councillor A Member: Present (Chair)" in content  # as it was when they opened the form
    assert "Councillor A Member: Apologies for absence" in content  # as the other officer left it
    assert "Mine.</textarea>" in content
    assert Minutes.objects.get(pk=minutes.pk).opening_text == "Their opening words."


# --- actions ------------------------------------------------------------------------------------------------------


def action_post(**fields) -> dict:
    data = {"description": "Send the figures", "owner": "", "owner_text": "", "due_date": "", "due_text": ""}
    return data | {"status": "open", "progress_note": ""} | fields


def test_adding_an_action_with_a_plain_form(officer_client, meeting, entry):
    owner = builders.officer("Owner")
    due = (meeting.date + datetime.timedelta(days=14)).isoformat()
    response = officer_client.post(
        url("action_add", meeting, entry=entry.pk), action_post(owner=owner.pk, due_date=due)
    )
    assert response.status_code == 302
    action = entry.actions.get()
    assert (action.owner, action.due_date.isoformat(), action.status) == (owner, due, "open")


def test_adding_an_action_in_place_shows_the_minute_again(officer_client, meeting, entry):
    form = officer_client.get(url("action_add", meeting, entry=entry.pk), **HTMX)
    assert "<html" not in page(form) and 'data-hx-target="closest .action-editor"' in page(form)
    response = officer_client.post(url("action_add", meeting, entry=entry.pk), action_post(), **HTMX)
    assert response["HX-Retarget"] == f"#entry-{entry.pk}" and response["HX-Reswap"] == "innerHTML"
    assert "Action added." in page(response) and "Send the figures" in page(response)


@pytest.mark.parametrize(
    ("due", "message"),
    [
        ("2026-02-30", "Enter a real date for when it is due"),
        ("31/13/2026", "Enter a real date for when it is due"),
        ("yesterday", "Enter a real date for when it is due"),
        ("1999-01-01", "The due date must be on or after the meeting"),
        ("2199-01-01", "Check the year"),
    ],
)
def test_impossible_due_dates_are_refused_and_the_description_kept(officer_client, meeting, entry, due, message):
    response = officer_client.post(
        url("action_add", meeting, entry=entry.pk), action_post(description="Keep my words", due_date=due)
    )
    content = page(response)
    assert response.status_code == 200 and message in content
    assert "Keep my words</textarea>" in content
    assert not entry.actions.exists()


def test_an_action_needs_a_description_and_one_owner(officer_client, meeting, entry):
    owner = builders.officer("Owner")
    content = page(
        officer_client.post(
            url("action_add", meeting, entry=entry.pk), action_post(description="", owner=owner.pk, owner_text="Both")
        )
    )
    assert "Describe the action." in content and "Choose an officer or type who it is, not both." in content


def test_changing_an_action_someone_else_changed_is_refused(officer_client, meeting, entry, officer_user):
    action = services.add_action(entry, services.ActionData(description="Original"), by=officer_user)
    services.update_action(action, services.ActionData(description="Theirs"), by=officer_user, version=1)
    response = officer_client.post(
        url("action_edit", meeting, action=action.pk), action_post(description="Mine", version=1)
    )
    content = page(response)
    assert "Your changes have not been saved yet" in content and "Theirs" in content and "Original" in content
    assert "Mine</textarea>" in content
    assert Action.objects.get(pk=action.pk).description == "Theirs"


def test_removing_an_action(officer_client, meeting, entry, officer_user):
    action = services.add_action(entry, services.ActionData(description="Gone soon"), by=officer_user)
    response = officer_client.post(url("action_delete", meeting, action=action.pk), {"version": 1})
    assert response.status_code == 302 and not Action.objects.filter(pk=action.pk).exists()


# --- numbering, exclusion --------------------------------------------------------------------------------------------


def test_renumbering_from_a_chosen_start(officer_client, officer_user):
    panel = factories.panel(minute_numbering="municipal_year")
    meeting = factories.meeting(panel, date=datetime.date(2024, 10, 1))
    builders.agenda(meeting, "One", "Two")
    minutes = services.start_minutes(meeting, by=officer_user)
    response = officer_client.post(url("renumber", meeting), {"start": "41"})
    assert response.status_code == 302
    assert list(minutes.entries.order_by("position").values_list("number", flat=True)) == ["41/24", "42/24"]
    refused = officer_client.post(url("renumber", meeting), {"start": "0"}, follow=True)
    assert "Enter a whole number from 1." in page(refused)


def test_the_editor_warns_of_exempt_business_without_an_exclusion_resolution(
    officer_client, meeting, entry, officer_user
):
    services.update_entry(entry, by=officer_user, version=1, heading=entry.heading, body_html="", exempt_paragraph=1)
    editor = page(officer_client.get(url("editor", meeting)))
    assert "no resolution to exclude the press and public comes before it" in editor
    response = officer_client.post(url("exclusion", meeting))
    assert response.status_code == 302
    assert "comes before it" not in page(officer_client.get(url("editor", meeting)))


# --- publication and confirmation -----------------------------------------------------------------------------------


def test_publishing_the_draft_shows_it_to_the_public_as_subject_to_approval(
    officer_client, client, minutes, meeting, committed
):
    assert client.get(minutes.get_absolute_url()).status_code == 404
    with committed():
        response = officer_client.post(url("publish", meeting), follow=True)
    assert "Draft, subject to approval" in page(response)
    public = client.get(minutes.get_absolute_url())
    assert public.status_code == 200 and "Draft, subject to approval." in page(public)
    with committed():
        officer_client.post(url("unpublish", meeting))
    assert client.get(minutes.get_absolute_url()).status_code == 404


def test_confirming_at_the_next_meeting(officer_client, client, minutes, meeting, panel, entry):
    later = builders.meeting_this_year(panel)
    item = factories.item(later, title="Minutes of the previous meeting", kind="previous_minutes")
    item.confirms_minutes.add(minutes)
    officer_client.post(url("publish", meeting))
    form = page(officer_client.get(url("confirm", meeting) + f"?item={item.pk}"))
    assert f'value="{item.pk}"' in form and "Minutes of the previous meeting" in form
    response = officer_client.post(
        url("confirm", meeting), {"at_item": item.pk, "amendments": "Minute 2: “six” for “five”."}
    )
    assert response.status_code == 302
    public = page(client.get(minutes.get_absolute_url()))
    assert "Approved as a correct record" in public and "Minute 2: “six” for “five”." in public
    editor = page(officer_client.get(url("editor", meeting)))
    assert "can no longer be changed" in editor and "Publish the draft" not in editor and ">Edit<" not in editor
    refused = officer_client.post(url("entry_edit", meeting, entry=entry.pk), entry_post(entry, heading="Late"))
    assert "can no longer be changed" in page(refused)
    entry.refresh_from_db()
    assert entry.heading == "Locality working"
    unpublished = officer_client.post(url("unpublish", meeting), follow=True)
    assert "confirmed as a correct record, so they can no longer be changed" in page(unpublished)
    assert Minutes.objects.get(pk=minutes.pk).is_confirmed


def test_confirming_a_draft_or_without_an_item_is_explained(officer_client, minutes, meeting):
    assert "Publish the draft minutes first" in page(officer_client.get(url("confirm", meeting)))
    officer_client.post(url("publish", meeting))
    assert "No later meeting of the panel" in page(officer_client.get(url("confirm", meeting)))
    response = officer_client.post(url("confirm", meeting), {"at_item": "999999"})
    assert response.status_code == 200


def test_history_page_says_who_changed_what(officer_client, meeting, entry, officer_user):
    before = entry.heading
    services.update_entry(entry, by=officer_user, version=1, heading="Renamed", body_html="<p>x</p>")
    content = page(officer_client.get(url("history", meeting)))
    assert "officer@example.org" in content
    assert re.search(r"<strong>Changed</strong> Minute: (\S+ )?Renamed", content)
    assert f"Heading: “{before}” → “Renamed”" in content and "Text: “(earlier text)” → “(new text)”" in content
    assert re.search(r"<strong>Created</strong> Minutes: ", content)


def test_the_previous_minutes_item_of_the_next_meeting_leads_to_recording_the_confirmation(
    officer_client, minutes, meeting, panel, officer_user
):
    services.publish_draft(minutes, by=officer_user)
    later = builders.meeting_this_year(panel)
    item = factories.item(later, title="Minutes of the previous meeting", kind="previous_minutes")
    item.confirms_minutes.add(minutes)
    services.start_minutes(later, by=officer_user)
    editor = officer_client.get(url("editor", later)).content.decode()
    link = url("confirm", meeting) + f"?item={item.pk}"
    assert f'href="{link}"' in editor
    assert "Record that the minutes of" in editor
    officer_client.post(url("confirm", meeting), {"at_item": item.pk})
    editor = officer_client.get(url("editor", later)).content.decode()
    assert "are recorded as confirmed" in editor
