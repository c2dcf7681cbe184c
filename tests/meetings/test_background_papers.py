"""Background papers (s100D(1)): each report lists them, with where to inspect them and a link once published;
the list is shown wherever the report may be read (its page, the meeting page, the pack) and nowhere else."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.audience import PUBLIC
from meetings.models import BackgroundPaper, Document
from meetings.packs.collect import collect
from meetings.packs.render import render_html
from meetings.services import add_background_paper, publish_agenda
from tests import factories
from tests.portal.test_leak_hunt import crawl, leaks

pytestmark = pytest.mark.usefixtures("seed")

MARKER = "BGP5MARK"  # in the background papers of an exempt report only


@pytest.fixture
def reports(panel_with_councillors, officer_user):
    panel, _, _ = panel_with_councillors
    meeting = factories.meeting(panel, date=timezone.localdate() + datetime.timedelta(days=10))
    open_item = factories.item(meeting, title="Depots", published_at=None)
    public = factories.document(open_item, slug="depots", title="Depot review", published_at=None)
    exempt = factories.document(
        open_item,
        slug="depot-lease",
        title="Depot lease",
        exempt_paragraph=3,
        exemption_reasons="Negotiation",
        published_at=None,
    )
    add_background_paper(
        public,
        title="Condition survey 2021",
        inspection="Democratic Services, Town Hall",
        url="https://example.org/survey.pdf",
        by=officer_user,
    )
    add_background_paper(public, title="Staff consultation notes", inspection="Democratic Services", by=officer_user)
    add_background_paper(exempt, title=f"Valuation {MARKER}", inspection=f"Estates {MARKER}", by=officer_user)
    publish_agenda(meeting, by=officer_user)
    return meeting, public, exempt


def test_a_public_reports_background_papers_are_listed_on_its_pages_and_in_its_pack(reports):
    meeting, public, _ = reports
    for url in (meeting.get_absolute_url(), public.get_absolute_url()):
        page = Client().get(url).content.decode()
        assert "Background papers" in page
        assert '<a href="https://example.org/survey.pdf">Condition survey 2021</a>' in page
        assert "Staff consultation notes. Inspect at: Democratic Services" in page
    html = render_html(collect(meeting, "public"), page_rules="")
    assert "Condition survey 2021. Inspect at: Democratic Services, Town Hall" in html


def test_an_exempt_reports_background_papers_are_never_public(reports, councillor_client):
    meeting, _, exempt = reports
    slug = meeting.panel.slug
    starts = [
        meeting.get_absolute_url(),
        "/search/?q=valuation",
        "/feeds/latest.atom",
        "/api/documents/",
        reverse("meetings:pack_latest", kwargs={"slug": slug, "date": meeting.date}),
        exempt.get_absolute_url(),
    ]
    pages = crawl(Client(), starts)
    assert len(pages) > 10 and leaks(pages, MARKER) == []
    # Positive control: the panel's member reads them with the report, and in the members' pack.
    assert MARKER in councillor_client.get(exempt.get_absolute_url()).content.decode()
    assert MARKER in render_html(collect(meeting, "members"), page_rules="")
    assert MARKER not in " ".join(BackgroundPaper.objects.visible_to(PUBLIC).values_list("title", flat=True))
    for paper in BackgroundPaper.objects.select_related(
        "document__meeting", "document__agenda_item", "document__minutes"
    ):
        assert paper.is_visible_to(PUBLIC) == (MARKER not in paper.title)


def test_officers_list_link_and_remove_background_papers(officer_client, officer_user):
    meeting = factories.meeting()
    item = factories.item(meeting, published_at=None)
    draft = factories.document(item, title="Draft report", published_at=None)
    url = reverse(
        "manage:background_papers", kwargs={"slug": meeting.panel.slug, "date": meeting.date, "document_id": draft.pk}
    )
    assert officer_client.get(url).status_code == 200
    missing = officer_client.post(url, {"title": "Survey", "inspection": "", "url": "not a link"})
    content = missing.content.decode()
    assert missing.status_code == 422
    assert "Say where the public may inspect it" in content and "Enter the link as a full web address" in content
    officer_client.post(url, {"title": "  Survey  of depots ", "inspection": "Democratic Services", "url": ""})
    paper = BackgroundPaper.objects.get(document=draft)
    assert paper.title == "Survey of depots"
    edit = reverse(
        "manage:background_paper_edit",
        kwargs={"slug": meeting.panel.slug, "date": meeting.date, "document_id": draft.pk, "paper_id": paper.pk},
    )
    officer_client.post(edit, {"title": paper.title, "inspection": "Library", "url": "https://example.org/s.pdf"})
    paper.refresh_from_db()
    assert paper.url == "https://example.org/s.pdf" and paper.inspection == "Library"
    with CaptureQueriesContext(connection) as queries:
        assert officer_client.get(url).status_code == 200
    assert len(queries) <= 8
    remove = reverse(
        "manage:background_paper_remove",
        kwargs={"slug": meeting.panel.slug, "date": meeting.date, "document_id": draft.pk, "paper_id": paper.pk},
    )
    officer_client.post(remove)
    assert not BackgroundPaper.objects.filter(pk=paper.pk).exists()


def test_a_public_reports_background_paper_stays_listed(reports, officer_client):
    meeting, public, _ = reports
    paper = public.background_papers.first()
    remove = reverse(
        "manage:background_paper_remove",
        kwargs={"slug": meeting.panel.slug, "date": meeting.date, "document_id": public.pk, "paper_id": paper.pk},
    )
    response = officer_client.post(remove, follow=True)
    assert "section 100D of the Local Government Act 1972" in response.content.decode()
    assert BackgroundPaper.objects.filter(pk=paper.pk).exists()


def test_only_officers_manage_background_papers(reports, non_officer_client):
    _, client = non_officer_client
    meeting, public, _ = reports
    paper = public.background_papers.first()
    kwargs = {"slug": meeting.panel.slug, "date": meeting.date, "document_id": public.pk}
    assert client.get(reverse("manage:background_papers", kwargs=kwargs)).status_code in (302, 403, 404)
    client.post(reverse("manage:background_paper_remove", kwargs=kwargs | {"paper_id": paper.pk}))
    client.post(reverse("manage:background_papers", kwargs=kwargs), {"title": "X", "inspection": "Y"})
    assert public.background_papers.count() == 2 and BackgroundPaper.objects.filter(pk=paper.pk).exists()


def test_the_document_page_lists_background_papers_in_one_query(reports, committed):
    _, public, _ = reports
    for n in range(10):
        BackgroundPaper.objects.create(document=public, title=f"Extra {n}", inspection="Democratic Services")
    with CaptureQueriesContext(connection) as many:
        assert "Extra 9" in Client().get(public.get_absolute_url()).content.decode()
    with committed():  # the public page cache moves on, so the page is rendered again
        BackgroundPaper.objects.filter(title__startswith="Extra").delete()
    with CaptureQueriesContext(connection) as few:
        Client().get(public.get_absolute_url())
    assert len(many) == len(few) <= 8
    assert Document.objects.filter(pk=public.pk).exists()
