"""The actions tracker: the public's view of what the panel asked for, and the officers' place to update it."""

import pytest
from django.urls import reverse

from minutes import services
from minutes.models import Action
from tests import factories
from tests.minutes import builders

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def actions(officer_user):
    """Published minutes with an open action (owned by an officer, due on a date), a done one, and draft
    minutes of a later meeting with an action of their own."""
    panel = factories.panel(minute_numbering="per_meeting")
    meeting = builders.meeting_this_year(panel)
    builders.agenda(meeting, "Locality working")
    minutes = services.start_minutes(meeting, by=officer_user)
    entry = minutes.entries.get()
    owner = builders.officer("Owner", first_name="Joanne", job_title="Director of Education")
    due = meeting.date.replace(year=meeting.date.year + 1)
    open_action = services.add_action(
        entry, services.ActionData(description="Send the figures", owner_id=owner.pk, due_date=due), by=officer_user
    )
    done_action = services.add_action(
        entry,
        services.ActionData(description="Thank the staff", owner_text="The Chair", status="done"),
        by=officer_user,
    )
    services.publish_draft(minutes, by=officer_user)
    draft = services.start_minutes(builders.meeting_this_year(panel), by=officer_user)
    draft_entry = services.add_entry(draft, by=officer_user, heading="Draft item")
    services.add_action(draft_entry, services.ActionData(description="Not yet published"), by=officer_user)
    return panel, open_action, done_action


def progress_url(panel, action) -> str:
    return reverse("minutes_manage:action_progress", kwargs={"slug": panel.slug, "action": action.pk})


def progress_post(action, **fields) -> dict:
    prefix = f"action-{action.pk}"
    data = {"status": action.status, "progress_note": "", "version": action.version} | fields
    return {f"{prefix}-{key}": value for key, value in data.items()}


def test_public_tracker_lists_open_published_actions_with_owner_due_and_status(client, actions):
    panel, open_action, _ = actions
    content = client.get(reverse("minutes:actions_tracker", kwargs={"slug": panel.slug})).content.decode()
    assert "Send the figures" in content and "Joanne Owner, Director of Education" in content
    assert f"{open_action.due_date.day} {open_action.due_date:%B %Y}" in content
    assert f"{open_action.entry.minutes.get_absolute_url()}#minute-{open_action.entry_id}" in content
    assert "Thank the staff" not in content and "Not yet published" not in content
    everything = client.get(reverse("minutes:actions_tracker", kwargs={"slug": panel.slug}) + "?show=all")
    assert "Thank the staff" in everything.content.decode() and "Done" in everything.content.decode()


def test_officer_tracker_includes_actions_of_draft_minutes(officer_client, actions):
    panel, _, _ = actions
    content = officer_client.get(reverse("minutes_manage:tracker", kwargs={"slug": panel.slug})).content.decode()
    assert "Not yet published" in content and "Minutes not yet published" in content
    assert "Thank the staff" not in content


def test_updating_progress_with_a_plain_form(officer_client, actions):
    panel, action, _ = actions
    response = officer_client.post(
        progress_url(panel, action), progress_post(action, status="in_progress", progress_note="Asked the service.")
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#action-{action.pk}")
    action.refresh_from_db()
    assert (action.status, action.progress_note, action.version) == ("in_progress", "Asked the service.", 2)


def test_updating_progress_in_place(officer_client, actions, client):
    panel, action, _ = actions
    response = officer_client.post(progress_url(panel, action), progress_post(action, status="done"), **HTMX)
    content = response.content.decode()
    assert "<html" not in content and "Progress saved: done." in content
    assert "HX-Request" in response["Vary"]
    public = client.get(reverse("minutes:actions_tracker", kwargs={"slug": panel.slug})).content.decode()
    assert "Send the figures" not in public  # done, so no longer open


def test_a_progress_update_made_meanwhile_is_shown_and_the_typed_note_kept(officer_client, actions, officer_user):
    panel, action, _ = actions
    services.update_action_progress(action, by=officer_user, version=1, status="in_progress", progress_note="Theirs")
    stale = progress_post(action, status="done", progress_note="My note")  # version 1
    for headers in ({}, HTMX):
        content = officer_client.post(progress_url(panel, action), stale, **headers).content.decode()
        assert "Your changes have not been saved yet" in content and "Theirs" in content
        assert "My note</textarea>" in content
    assert Action.objects.get(pk=action.pk).progress_note == "Theirs"


def test_an_unknown_status_is_refused(officer_client, actions):
    panel, action, _ = actions
    content = officer_client.post(progress_url(panel, action), progress_post(action, status="finished")).content
    assert "Select a valid choice" in content.decode()
    assert Action.objects.get(pk=action.pk).status == "open"


def test_an_action_of_another_panel_is_not_found(officer_client, actions):
    _, action, _ = actions
    other = factories.panel()
    assert officer_client.post(progress_url(other, action), progress_post(action)).status_code == 404
