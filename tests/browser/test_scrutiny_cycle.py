"""Scrutiny's own cycle in a real browser: the panel agrees recommendations, the executive's response comes late
(the tracker shows the overdue one first, the councillor sees the countdown), then a decision is published, called
in by the required members and the outcome recorded, and the public reads each status. JavaScript on, the site's
Content Security Policy enforced, every step a plain form."""

import datetime

import pytest
from django.utils import timezone

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PANEL_SLUG = "children-and-young-peoples-social-care-and-services"
PASSWORD = "a-long-browser-password-9"
MEMBERS = ["d-davison", "t-higgins", "z-uddin"]


@pytest.fixture
def world(seeded_live_server):
    """Three members of the panel this year, a meeting held ten weeks ago that agreed a review's report, and a
    meeting today that takes the call-in."""
    from meetings.models import AgendaItem, Councillor, Meeting, Membership, Panel
    from meetings.municipal_year import MunicipalYear
    from portal.models import User

    today = timezone.localdate()
    panel = Panel.objects.get(slug=PANEL_SLUG)
    for position, slug in enumerate(MEMBERS, start=1):
        councillor = Councillor.objects.get(slug=slug)
        for day in {today, today - datetime.timedelta(days=75)}:
            Membership.objects.get_or_create(
                panel=panel,
                councillor=councillor,
                municipal_year=MunicipalYear.containing(day).start_year,
                defaults={"position": position},
            )
    held = Meeting.objects.create(panel=panel, date=today - datetime.timedelta(days=75), venue="Town Hall")
    AgendaItem.objects.create(
        meeting=held, position=1, number="1", title="Fostering review: final report", published_at=timezone.now()
    )
    considering = Meeting.objects.create(panel=panel, date=today, venue="Town Hall")
    AgendaItem.objects.create(
        meeting=considering, position=1, number="1", title="Call-in: Grove Hill", published_at=timezone.now()
    )
    officer = User.objects.create_user(email="cycle.officer@example.org", password=PASSWORD, role="officer")
    User.objects.create_user(
        email="cycle.cllr@example.org",
        password=PASSWORD,
        role="councillor",
        councillor=Councillor.objects.get(slug="d-davison"),
    )
    return officer, held, considering


def _record_recommendation(page, base, held, text: str, referred: datetime.date) -> None:
    page.goto(f"{base}/manage/panels/{PANEL_SLUG}/recommendations/add/")
    page.get_by_label("Recommendation", exact=True).fill(text)
    page.get_by_label("Agreed at the meeting of").select_option(label=f"{held.date:%-d %B %Y}")
    page.get_by_label("Or from the agenda item").select_option(
        label=f"{held.date:%-d %B %Y}, item 1: Fostering review: final report"
    )
    page.get_by_label("Decision-maker, as named").fill("The Executive Member for Children’s Services")
    page.get_by_role("button", name="Record the recommendation").click()
    page.wait_for_load_state()
    page.get_by_label("Referred on").fill(referred.isoformat())
    page.get_by_role("button", name="Record the referral").click()
    page.wait_for_load_state()
    assert "Referral recorded" in page.content()


def test_recommendations_answered_late_and_a_decision_called_in(seeded_live_server, page, anonymous_page, world):
    officer, held, considering = world
    base, today = seeded_live_server.url, timezone.localdate()
    sign_in(page, base, officer.email, PASSWORD)

    # 1. The panel agreed two recommendations; the first was referred ten weeks ago, the second last week.
    _record_recommendation(
        page, base, held, "That foster carers' allowances be reviewed.", today - datetime.timedelta(days=70)
    )
    _record_recommendation(page, base, held, "That a recruitment campaign be run.", today - datetime.timedelta(days=7))

    # 2. The tracker shows overdue responses first (the seed's unanswered one to the Board among them).
    page.goto(f"{base}/manage/panels/{PANEL_SLUG}/recommendations/")
    rows = page.locator("tbody tr").all_inner_texts()
    overdue = [n for n, row in enumerate(rows) if "Overdue" in row]
    awaiting = [n for n, row in enumerate(rows) if "Awaiting response" in row]
    assert overdue and awaiting and max(overdue) < min(awaiting)
    assert any("allowances" in rows[n] for n in overdue)
    assert any("recruitment campaign" in rows[n] and "Due in" in rows[n] for n in awaiting)

    # The councillor sees the countdown on their own page.
    councillor = anonymous_page.context.browser.new_context().new_page()
    sign_in(councillor, base, "cycle.cllr@example.org", PASSWORD)
    councillor.goto(f"{base}/accounts/my/")
    assert "allowances" in councillor.content() and "Overdue by" in councillor.content()
    councillor.context.close()

    # 3. The response to the first comes late: recorded, and shown as late.
    page.get_by_role("link", name="That foster carers' allowances be reviewed.").click()
    page.wait_for_load_state()
    page.get_by_label("Partially accepted").check()
    page.get_by_label("What the response says").fill("Allowances will be reviewed in the next budget round.")
    page.get_by_label("Responded on").fill(today.isoformat())
    page.get_by_label("Responded by").fill("The Executive Member for Children’s Services")
    page.get_by_role("button", name="Record the response").click()
    page.wait_for_load_state()
    assert "Response recorded" in page.content() and "answered late" in page.content()
    public = anonymous_page
    public.goto(f"{base}/panels/{PANEL_SLUG}/recommendations/?status=partially_accepted")
    assert "allowances" in public.content() and "answered late" in public.content()

    # 4. A decision is recorded and published; the call-in period starts.
    page.goto(f"{base}/manage/panels/{PANEL_SLUG}/decisions/add/")
    page.get_by_label("Reference").fill("ed-grove-hill")
    page.get_by_label("What was decided, in a line").fill("Closure of the Grove Hill children's home")
    page.get_by_label("The decision", exact=True).fill("That the home closes.")
    page.get_by_label("Taken by").fill("The Executive")
    page.get_by_label("Taken on").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Reasons", exact=True).fill("The building is no longer fit for purpose.")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_load_state()
    page.get_by_label("Published on").fill(today.isoformat())
    page.get_by_role("button", name="Publish the decision").click()
    page.wait_for_load_state()
    page.goto(f"{base}/manage/decisions/open-to-call-in/")
    page.get_by_role("link", name="Closure of the Grove Hill children's home").click()
    page.wait_for_load_state()

    # 5. Two signatures are not enough; the three members call it in.
    page.get_by_label("Reasons for the call-in").fill("The consultation did not reach the families affected.")
    page.get_by_label("Councillor D Davison").check()
    page.get_by_label("Councillor T Higgins").check()
    page.get_by_role("button", name="Record the call-in").click()
    page.wait_for_load_state()
    assert "needs 3 members of the panel" in page.content()
    page.get_by_label("Councillor Z Uddin").check()
    page.get_by_role("button", name="Record the call-in").click()
    page.wait_for_load_state()
    assert "Call-in recorded" in page.content()

    # 6. The panel considers it today and refers it to full Council; the public reads the new status.
    page.get_by_label("Considered at").select_option(index=1)
    page.get_by_role("button", name="Link the agenda item").click()
    page.wait_for_load_state()
    page.get_by_label("Referred to full Council").check()
    page.get_by_label("Decided on").fill(today.isoformat())
    page.get_by_role("button", name="Record the outcome").click()
    page.wait_for_load_state()
    assert "Outcome recorded" in page.content()
    public.goto(f"{base}/panels/{PANEL_SLUG}/decisions/")
    assert "Called in: referred to full Council" in public.content()
    public.goto(f"{base}/panels/{PANEL_SLUG}/decisions/ed-grove-hill/")
    assert "Councillors D Davison, T Higgins, Z Uddin" in public.content()
    assert "Considered at the" in public.content()
