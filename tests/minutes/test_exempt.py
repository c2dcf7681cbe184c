"""The exempt part of the minutes (Schedule 12A) is seen only by officers and the panel's councillors for that
municipal year: a marker put in every part of an exempt minute must never reach anyone else, on any page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.audience import PUBLIC, audience_for
from meetings.models import Document
from meetings.packs.collect import collect
from meetings.packs.documents import render_paper_html
from minutes import services
from minutes.selectors import minutes_queryset, panel_actions
from tests import factories
from tests.minutes import builders
from tests.pdfs import page_texts

pytestmark = pytest.mark.django_db

MARKER = "QZX-EXEMPT-MARKER-7731"
ALLOWED = {"councillor", "officer"}


@pytest.fixture
def exempt_minutes(panel_with_councillors, officer_user):
    """Published minutes with an open minute and an exempt one whose heading, text, resolution, action and a
    declaration about it all carry the marker."""
    panel, member, _ = panel_with_councillors
    meeting = builders.meeting_this_year(panel)
    items = builders.agenda(meeting, "Open report", "Land deal", exempt={"Land deal": 3})
    minutes = services.start_minutes(meeting, by=officer_user)
    open_entry = minutes.entries.get(heading="Open report")
    services.add_action(open_entry, services.ActionData(description="Open action for everyone"), by=officer_user)
    exempt = minutes.entries.get(heading="Land deal")
    services.update_entry(
        exempt,
        by=officer_user,
        version=exempt.version,
        heading=f"Land deal {MARKER}",
        body_html=f"<p>The price was {MARKER}.</p>",
        exempt_paragraph=3,
        resolutions=[services.ResolutionData(f"AGREED that {MARKER} be accepted.", [f"part {MARKER}"])],
    )
    services.add_action(exempt, services.ActionData(description=f"Exempt action {MARKER}"), by=officer_user)
    record = services.AttendanceRecord(
        members=[services.MemberAttendance(member.pk, "present", "chair")],
        declarations=[
            services.DeclarationData("dpi", f"Owns land next to the site {MARKER}", [member.pk], items[1].pk),
            services.DeclarationData("none", "No other declarations."),
        ],
    )
    services.record_attendance(minutes, record, by=officer_user, version=minutes.version)
    return services.publish_draft(minutes, by=officer_user)


def public_pages(minutes) -> list[str]:
    slug = minutes.meeting.panel.slug
    tracker = reverse("minutes:actions_tracker", kwargs={"slug": slug})
    return [minutes.get_absolute_url(), tracker, f"{tracker}?show=all"]


def test_exempt_minutes_reach_only_those_allowed_on_every_public_page(role_client, exempt_minutes):
    role, client = role_client
    for url in public_pages(exempt_minutes):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert (MARKER in content) == (role in ALLOWED), (role, url)
    for url in (exempt_minutes.meeting.get_absolute_url(), exempt_minutes.meeting.panel.get_absolute_url()):
        if role not in ALLOWED:
            assert MARKER not in client.get(url).content.decode(), (role, url)
    minutes_page = client.get(exempt_minutes.get_absolute_url()).content.decode()
    # Everyone reads the open part, and the resolution that excluded the public.
    assert "Open report" in minutes_page and "Exclusion of the press and public" in minutes_page
    assert "section 100A(4) of the Local Government Act 1972" in minutes_page
    assert "No other declarations." in minutes_page
    assert "Open action for everyone" in client.get(public_pages(exempt_minutes)[1]).content.decode()


def test_officer_pages_answer_others_without_the_exempt_text(role_client, exempt_minutes):
    role, client = role_client
    meeting = exempt_minutes.meeting
    kwargs = {"slug": meeting.panel.slug, "date": meeting.date}
    exempt = exempt_minutes.entries.get(exempt_paragraph=3)
    urls = [
        reverse("minutes_manage:editor", kwargs=kwargs),
        reverse("minutes_manage:entry_edit", kwargs=kwargs | {"entry": exempt.pk}),
        reverse("minutes_manage:tracker", kwargs={"slug": meeting.panel.slug}),
        reverse("minutes_manage:history", kwargs=kwargs),
    ]
    for url in urls:
        response = client.get(url)
        content = response.content.decode()
        if role == "officer":
            assert response.status_code == 200 and MARKER in content, url
        else:
            assert response.status_code in {302, 404} and MARKER not in content, (role, url)


def test_a_councillor_of_the_panel_in_another_municipal_year_does_not_read_them(exempt_minutes, django_user_model):
    meeting = exempt_minutes.meeting
    councillor = builders.councillor("last-year", "Former")
    builders.member(meeting.panel, councillor, year=meeting.municipal_year.start_year - 1)
    user = django_user_model.objects.create_user(
        email="former@example.org", password="x" * 20, role="councillor", councillor=councillor
    )
    last_year = audience_for(user)
    minutes = minutes_queryset(last_year).get(pk=exempt_minutes.pk)
    assert all(not entry.is_exempt for entry in minutes.entry_list)
    assert all(MARKER not in action.description for action in panel_actions(meeting.panel, last_year))
    assert all(MARKER not in declaration.text for declaration in minutes.declaration_list)


def test_the_minutes_paper_in_the_next_pack_keeps_exempt_minutes_to_the_members_pack(exempt_minutes, client):
    panel = exempt_minutes.meeting.panel
    later = builders.meeting_this_year(panel)
    item = factories.item(later, title="Minutes of the previous meeting", kind="previous_minutes")
    paper = Document.objects.create(
        meeting=later,
        agenda_item=item,
        slug="minutes-of-the-previous-meeting",
        title="Minutes",
        kind=Document.Kind.MINUTES,
        minutes=exempt_minutes,
        published_at=timezone.now(),
    )
    html = render_paper_html(paper)
    assert "Open report" in html and MARKER not in html
    public_pack = collect(later, "public")
    members_pack = collect(later, "members")

    def texts(pack) -> str:
        return " ".join(
            f"{entry.heading} {entry.body_html} {[r.text for r in entry.resolution_list]}"
            for item_entry in pack.entries
            for paper_ in item_entry.papers
            if paper_.minutes
            for entry in paper_.minutes.entry_list
        ) + " ".join(d.text for e in pack.entries for p in e.papers if p.minutes for d in p.minutes.declaration_list)

    assert MARKER not in texts(public_pack)
    assert MARKER in texts(members_pack)
    pdf = client.get(
        reverse("meetings:document_pdf", kwargs={"slug": panel.slug, "date": later.date, "document": paper.slug})
    )
    assert pdf.status_code == 200
    text = " ".join(page_texts(pdf.content))
    assert "Open report" in text and MARKER not in text


def test_draft_minutes_and_their_actions_are_for_officers_only(panel_with_councillors, officer_user, client):
    panel, _, _ = panel_with_councillors
    meeting = builders.meeting_this_year(panel)
    builders.agenda(meeting, "Report")
    minutes = services.start_minutes(meeting, by=officer_user)
    services.add_action(minutes.entries.get(), services.ActionData(description=f"Draft {MARKER}"), by=officer_user)
    assert client.get(minutes.get_absolute_url()).status_code == 404
    tracker = client.get(reverse("minutes:actions_tracker", kwargs={"slug": panel.slug}) + "?show=all")
    assert MARKER not in tracker.content.decode()
    assert panel_actions(panel, PUBLIC) == []
