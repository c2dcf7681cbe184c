"""Browser checks for issue 12's smaller journeys: a Remove asks once, and an officer enters a past meeting from
the council's records and the public reads it labelled as such."""

import datetime

import pytest
from django.utils import timezone

from tests.browser.fixtures import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-browser-password-12"


@pytest.fixture
def officer(live_server):
    from portal.models import User

    return User.objects.create_user(email="record.officer@example.org", password=PASSWORD, role="officer")


def test_removing_an_item_asks_for_confirmation_once(live_server, page, officer):
    from tests import factories

    meeting = factories.meeting(factories.panel(), date=timezone.localdate() + datetime.timedelta(days=30))
    factories.item(meeting, title="Budget monitoring", published_at=None)
    factories.item(meeting, title="Withdrawn report", published_at=None)
    sign_in(page, live_server.url, officer.email, PASSWORD)
    dialogs = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))  # the page fixture accepts each one
    page.goto(f"{live_server.url}/manage/panels/{meeting.panel.slug}/meetings/{meeting.date.isoformat()}/agenda/")
    page.get_by_role("button", name="Remove item 2").click()
    page.wait_for_selector("text=Withdrawn report", state="detached")
    assert dialogs == ["Remove item 2, Withdrawn report?"]
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Budget monitoring"]
    assert page.problems == [], page.problems


def test_an_officer_enters_a_past_meeting_and_the_public_reads_it_as_a_record(
    live_server, page, anonymous_page, officer
):
    from tests import factories

    panel = factories.panel()
    held = timezone.localdate() - datetime.timedelta(days=3 * 365)
    sign_in(page, live_server.url, officer.email, PASSWORD)
    page.goto(f"{live_server.url}/manage/panels/{panel.slug}/schedule/")
    page.get_by_role("link", name="Enter a past meeting from the council’s records").click()
    page.get_by_label("Date").fill(held.isoformat())
    page.get_by_label("Venue").fill("Council Chamber")
    page.get_by_role("button", name="Enter the meeting").click()
    page.wait_for_load_state()
    assert "from the council's records" in page.content() or "from the council’s records" in page.content()
    public = anonymous_page
    public.goto(f"{live_server.url}/panels/{panel.slug}/meetings/{held.isoformat()}/")
    entered = timezone.localdate()
    assert f"entered on {entered:%-d %B %Y} from the council’s records" in public.content()
    assert "Agenda issued" not in public.content()
    assert page.problems == [], page.problems
