"""Who may use which minutes page: every officer view against every role, and the public tracker for all."""

import pytest
from django.urls import reverse

from minutes import services
from tests import factories
from tests.minutes import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(panel_with_councillors, officer_user):
    """Published minutes of a meeting of the councillor's panel, with a minute and an action, and a later
    meeting whose agenda can confirm them."""
    panel, _, _ = panel_with_councillors
    meeting = builders.meeting_this_year(panel)
    builders.agenda(meeting, "Report")
    minutes = services.start_minutes(meeting, by=officer_user)
    entry = minutes.entries.get()
    action = services.add_action(entry, services.ActionData(description="Report back"), by=officer_user)
    services.publish_draft(minutes, by=officer_user)
    factories.item(builders.meeting_this_year(panel), kind="previous_minutes", title="Minutes")
    kwargs = {"slug": panel.slug, "date": meeting.date}
    return {
        "meeting": kwargs,
        "entry": kwargs | {"entry": entry.pk},
        "action": kwargs | {"action": action.pk},
        "panel": {"slug": panel.slug},
        "progress": {"slug": panel.slug, "action": action.pk},
    }


OFFICER_GETS = [
    ("editor", "meeting"),
    ("attendance", "meeting"),
    ("entry_edit", "entry"),
    ("action_add", "entry"),
    ("action_edit", "action"),
    ("confirm", "meeting"),
    ("history", "meeting"),
    ("tracker", "panel"),
]
OFFICER_POSTS = [
    ("start", "meeting"),
    ("attendance", "meeting"),
    ("entry_add", "meeting"),
    ("entries_reorder", "meeting"),
    ("entry_edit", "entry"),
    ("entry_move", "entry"),
    ("entry_delete", "entry"),
    ("action_add", "entry"),
    ("action_edit", "action"),
    ("action_delete", "action"),
    ("renumber", "meeting"),
    ("exclusion", "meeting"),
    ("publish", "meeting"),
    ("unpublish", "meeting"),
    ("confirm", "meeting"),
    ("action_progress", "progress"),
]


def _expect_refused(role: str, response) -> None:
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        # Not allowed answers exactly like not found.
        assert response.status_code == 404


@pytest.mark.parametrize(("name", "kind"), OFFICER_GETS)
def test_officer_pages_by_role(role_client, started, name, kind):
    role, client = role_client
    response = client.get(reverse(f"minutes_manage:{name}", kwargs=started[kind]))
    if role == "officer":
        assert response.status_code == 200
    else:
        _expect_refused(role, response)


@pytest.mark.parametrize(("name", "kind"), OFFICER_POSTS)
def test_officer_actions_by_role(role_client, started, name, kind):
    role, client = role_client
    response = client.post(reverse(f"minutes_manage:{name}", kwargs=started[kind]), {})
    if role == "officer":
        assert response.status_code in {200, 302}
        if response.status_code == 302:
            assert not response["Location"].startswith(reverse("accounts:login"))
    else:
        _expect_refused(role, response)


@pytest.mark.parametrize(("name", "kind"), [("editor", "meeting"), ("tracker", "panel")])
def test_officer_pages_refuse_other_methods(officer_client, started, name, kind):
    assert officer_client.post(reverse(f"minutes_manage:{name}", kwargs=started[kind])).status_code == 405


@pytest.mark.parametrize(
    "name", ["start", "entry_add", "publish", "unpublish", "renumber", "exclusion", "entries_reorder"]
)
def test_officer_actions_refuse_get(officer_client, started, name):
    assert officer_client.get(reverse(f"minutes_manage:{name}", kwargs=started["meeting"])).status_code == 405


def test_public_actions_tracker_by_role(role_client, started):
    _, client = role_client
    response = client.get(reverse("minutes:actions_tracker", kwargs=started["panel"]))
    assert response.status_code == 200
    assert "Report back" in response.content.decode()


def test_unknown_panel_tracker_is_404(client):
    assert client.get(reverse("minutes:actions_tracker", kwargs={"slug": "no-such-panel"})).status_code == 404


def test_an_entry_of_another_meeting_is_not_found(officer_client, started, panel_with_councillors, officer_user):
    other = builders.meeting_this_year(factories.panel())
    builders.agenda(other, "Elsewhere")
    stranger = services.start_minutes(other, by=officer_user).entries.get()
    url = reverse("minutes_manage:entry_edit", kwargs=started["meeting"] | {"entry": stranger.pk})
    assert officer_client.get(url).status_code == 404


def test_editor_for_an_unknown_meeting_is_404(officer_client, started):
    kwargs = started["meeting"] | {"date": "2001-01-01"}
    assert officer_client.get(reverse("minutes_manage:editor", kwargs=kwargs)).status_code == 404
