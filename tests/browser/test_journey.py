"""The whole journey in a real browser: an officer records and publishes draft minutes, plans a meeting, compiles
its agenda with an uploaded PDF and a written report, publishes it and the public reads it; the minutes are then
confirmed at that meeting. JavaScript on (htmx), with the site's Content Security Policy enforced."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.browser.conftest import sign_in
from tests.pdfs import make_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PANEL_SLUG = "children-and-young-peoples-social-care-and-services"
PASSWORD = "a-long-browser-password-9"


@pytest.fixture
def officer(seeded_live_server):
    from meetings.models import Councillor, Membership
    from meetings.municipal_year import MunicipalYear
    from portal.models import User

    year = MunicipalYear.containing(timezone.localdate()).start_year
    for position, slug in enumerate(["d-davison", "t-higgins", "z-uddin"], start=1):
        Membership.objects.create(
            panel_id=1,
            councillor=Councillor.objects.get(slug=slug),
            municipal_year=year,
            position=position,
            role="chair" if position == 1 else "member",
        )
    return User.objects.create_user(email="journey.officer@example.org", password=PASSWORD, role="officer")


@pytest.fixture
def held_meeting(officer):
    """A meeting held last week, with a published agenda, ready for its minutes."""
    from meetings.models import AgendaItem, Meeting, Panel
    from meetings.services import publish_agenda

    meeting = Meeting.objects.create(
        panel=Panel.objects.get(pk=1),
        date=timezone.localdate() - datetime.timedelta(days=7),
        start_time=datetime.time(16),
        venue="Town Hall",
    )
    for position, (title, kind) in enumerate(
        [("Apologies for Absence", "apologies"), ("Youth Offending Service figures", "report")], start=1
    ):
        AgendaItem.objects.create(meeting=meeting, position=position, number=str(position), title=title, kind=kind)
    publish_agenda(meeting, by=officer)
    return meeting


def test_officer_journey_from_minutes_to_published_agenda_to_confirmation(
    seeded_live_server, page, anonymous_page, officer, held_meeting
):
    base = seeded_live_server.url
    sign_in(page, base, officer.email, PASSWORD)
    assert page.url.endswith("/manage/")

    # 1. Minutes of the meeting held last week: start from the agenda, record attendance, write, publish a draft.
    held = held_meeting.date.isoformat()
    page.goto(f"{base}/manage/panels/{PANEL_SLUG}/meetings/{held}/minutes/")
    page.get_by_role("button", name="Start the minutes from the agenda").click()
    page.wait_for_load_state()
    assert "Youth Offending Service figures" in page.content()
    page.get_by_role("link", name="Change attendance and declarations").click()
    page.get_by_role("group", name=re.compile("Councillor D Davison")).get_by_label("Present", exact=True).check()
    page.get_by_role("button", name="Save attendance and declarations").click()
    page.wait_for_load_state()
    page.get_by_role("link", name=re.compile("Edit minute .*Youth Offending")).click()  # opens in place (htmx)
    page.get_by_role("textbox", name=re.compile(r"^Minute")).fill(
        "The Executive Director provided the figures requested."
    )
    page.get_by_role("textbox", name=re.compile(r"^Resolution")).first.fill(
        "AGREED that the information provided be noted."
    )
    page.get_by_role("button", name="Save the minute").click()
    page.wait_for_selector("text=The Executive Director provided the figures requested.")
    page.get_by_role("button", name="Publish the draft").click()
    page.wait_for_load_state()

    public = anonymous_page
    public.goto(f"{base}/panels/{PANEL_SLUG}/meetings/{held}/minutes/")
    assert "Draft, subject to approval" in public.content()
    assert "The Executive Director provided the figures requested." in public.content()

    # 2. Plan the next meeting: it starts with the standard items, linked to those minutes.
    coming = timezone.localdate() + datetime.timedelta(days=35)
    page.goto(f"{base}/manage/panels/{PANEL_SLUG}/schedule/add/")
    page.get_by_label("Date").fill(coming.isoformat())
    page.get_by_label("Start time").fill("16:00")
    page.get_by_label("Venue").fill("Mandela Room, Town Hall")
    page.get_by_role("button", name="Add meeting").click()
    page.wait_for_load_state()
    page.goto(f"{base}/manage/panels/{PANEL_SLUG}/meetings/{coming.isoformat()}/agenda/")
    titles = page.locator(".edit-item__title").all_inner_texts()
    assert titles[0] == "Apologies for Absence" and any(t.startswith("Minutes of the Previous Meeting") for t in titles)

    # 3. Compile the agenda: add an item in place, attach a PDF and a written report, move it up by keyboard.
    page.get_by_text("Add an item").click()
    page.locator("#id_new-title").fill("Locality Working - progress report")
    page.locator("#id_new-description").fill("The Executive Director will report progress.")
    page.get_by_role("button", name="Add the item").click()
    page.wait_for_selector(".edit-item__title:text('Locality Working - progress report')")
    new_item = page.locator(".edit-item", has_text="Locality Working - progress report")
    new_item.get_by_role("link", name=re.compile("Upload PDF")).click()
    page.get_by_label("Title").fill("Appendix: PMF indicators")
    page.get_by_label("PDF file").set_input_files(
        files=[{"name": "indicators.pdf", "mimeType": "application/pdf", "buffer": make_pdf(["PMF-MARKER-1", "PMF-2"])}]
    )
    page.get_by_role("button", name="Upload the paper").click()
    page.wait_for_load_state()
    assert "Appendix: PMF indicators" in page.content()
    new_item = page.locator(".edit-item", has_text="Locality Working - progress report")
    new_item.get_by_role("link", name=re.compile("Write report")).click()
    page.get_by_label("Title").fill("Locality Working: progress")
    page.locator("trix-editor").click()
    page.keyboard.type("Progress since September: the Newport hub opened.")
    page.get_by_role("button", name="Save the report").click()
    page.wait_for_load_state()
    before = page.locator(".edit-item__title").all_inner_texts()
    new_item = page.locator(".edit-item", has_text="Locality Working - progress report")
    new_item.get_by_role("button", name=re.compile(r"^Up.*move item")).focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "before => document.querySelectorAll('.edit-item__title')[before - 2].textContent.includes('Locality')",
        arg=len(before),
    )

    # 4. Publish: the pack builds in the background and the page reports the result.
    page.get_by_role("link", name="Publish the agenda").first.click()
    page.get_by_role("button", name="Publish the agenda").click()
    page.wait_for_selector("text=The agenda is published", timeout=60_000)
    pack_link = page.get_by_role("link", name=re.compile("Public pack, version 1"))
    pack_url = pack_link.get_attribute("href")

    # 5. The public sees the agenda, the papers and the pack.
    public.goto(f"{base}/panels/{PANEL_SLUG}/meetings/{coming.isoformat()}/")
    content = public.content()
    assert "Locality Working - progress report" in content and "Appendix: PMF indicators" in content
    assert "Mandela Room, Town Hall" in content
    pdf = public.request.get(base + pack_url).body()
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "PMF-MARKER-1" in text and "Progress since September" in text and "OVERVIEW" not in text
    assert "Youth Offending Service figures" in text  # the draft minutes of last week, as the previous minutes

    # 6. Before that meeting is held, its confirmation cannot be recorded.
    page.goto(f"{base}/manage/panels/{PANEL_SLUG}/meetings/{held}/minutes/confirm/")
    assert "once that meeting has been held" in page.content()
    assert page.get_by_role("button", name="Record as confirmed").count() == 0

    # 7. At that meeting (the test brings its day forward, as time would) the minutes are confirmed; everyone sees
    # them as confirmed.
    from meetings.models import Meeting

    today = timezone.localdate()
    Meeting.objects.filter(panel__slug=PANEL_SLUG, date=coming).update(date=today)
    page.goto(f"{base}/manage/panels/{PANEL_SLUG}/meetings/{held}/minutes/confirm/")
    page.get_by_label(re.compile(f"on {today.day} {today:%B %Y}")).check()
    page.get_by_role("button", name="Record as confirmed").click()
    page.wait_for_load_state()
    public.goto(f"{base}/panels/{PANEL_SLUG}/meetings/{held}/minutes/")
    assert "Confirmed" in public.content() and "Draft, subject to approval" not in public.content()
    assert page.problems == [], page.problems


def test_agenda_compilation_works_without_javascript(seeded_live_server, no_js_page, officer):
    from meetings.models import Panel
    from meetings.planning import add_meeting

    meeting = add_meeting(
        Panel.objects.get(pk=1),
        date=timezone.localdate() + datetime.timedelta(days=50),
        start_time=datetime.time(16),
        venue="Town Hall",
        by=officer,
    )
    base = seeded_live_server.url
    page = no_js_page
    sign_in(page, base, officer.email, PASSWORD)
    agenda = f"{base}/manage/panels/{PANEL_SLUG}/meetings/{meeting.date.isoformat()}/agenda/"
    page.goto(agenda)
    page.get_by_text("Add an item").click()
    page.locator("#id_new-title").fill("Item added without JavaScript")
    page.get_by_role("button", name="Add the item").click()
    page.wait_for_load_state()
    assert page.url == agenda and "Item added without JavaScript" in page.content()
    item = page.locator(".edit-item", has_text="Item added without JavaScript")
    item.get_by_role("button", name=re.compile(r"^Up.*move item")).click()
    page.wait_for_load_state()
    titles = page.locator(".edit-item__title").all_inner_texts()
    assert titles[-2] == "Item added without JavaScript"
    item = page.locator(".edit-item", has_text="Item added without JavaScript")
    item.get_by_role("link", name=re.compile("^Edit")).click()
    page.wait_for_load_state()
    page.get_by_label("Title", exact=True).fill("Renamed without JavaScript")
    page.get_by_role("button", name=re.compile("^Save")).click()
    page.wait_for_load_state()
    assert "Renamed without JavaScript" in page.content()
