"""The exempt-information lifecycle: reasons and dates, reviews and releases due, and release (by an officer or on
its release date) making the information public in pages, packs, search, feeds and the API, never before."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.exemptions import exemptions_due, release, release_due
from meetings.models import AgendaItem, AgendaPack, Document
from meetings.services import build_meeting_packs, publish_agenda
from portal.errors import Refused
from tests import factories
from tests.portal.test_leak_hunt import crawl, leaks

pytestmark = pytest.mark.usefixtures("seed")

RELEASED = "RLS4MARK"  # in the item released on its release date (today)
KEPT = "KPT9MARK"  # in the appendix whose release date is tomorrow
REASONS = "WHY3MARK"  # in the public interest reasons: for members, never public


def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def lifecycle_world(panel_with_councillors, officer_user):
    """A published meeting of the panel with an exempt item released today and an exempt appendix released
    tomorrow, each carrying its own marker; the reasons carry a third."""
    panel, _, _ = panel_with_councillors
    meeting = factories.meeting(panel, date=today() + datetime.timedelta(days=10))
    open_item = factories.item(meeting, title="Budget monitoring", published_at=None)
    factories.document(open_item, slug="budget", title="Budget report", published_at=None)
    factories.document(
        open_item,
        slug="appendix",
        title=f"Appendix B {KEPT}",
        body_html=f"<p>Rents {KEPT}</p>",
        exempt_paragraph=3,
        exemption_reasons=f"Rents under negotiation {REASONS}",
        exempt_until=today() + datetime.timedelta(days=1),
        published_at=None,
    )
    exempt_item = factories.item(
        meeting,
        title="Depot contract",
        description=f"Bidders {RELEASED}",
        exempt_paragraph=3,
        exemption_reasons=f"The tender is open {REASONS}",
        exempt_until=today(),
        published_at=None,
    )
    factories.document(
        exempt_item,
        slug="tender",
        title=f"Tender scores {RELEASED}",
        body_html=f"<p>Scores {RELEASED}</p>",
        published_at=None,
    )
    publish_agenda(meeting, by=officer_user)
    call_command("rebuild_search_index", verbosity=0)
    return meeting


def starts(meeting) -> list[str]:
    slug = meeting.panel.slug
    documents = list(meeting.documents.all())
    return [
        "/",
        f"/panels/{slug}/",
        meeting.get_absolute_url(),
        "/search/?q=bidders",
        "/search/?q=scores",
        "/search/?q=rents",
        "/feeds/latest.atom",
        f"/panels/{slug}/feed.atom",
        "/api/agenda-items/",
        "/api/documents/",
        f"/api/meetings/?panel={slug}",
        reverse("meetings:pack_latest", kwargs={"slug": slug, "date": meeting.date}),
        *[document.get_absolute_url() for document in documents],
        *[
            reverse("meetings:document_pdf", kwargs={"slug": slug, "date": meeting.date, "document": doc.slug})
            for doc in documents
        ],
    ]


def test_nothing_is_public_before_its_release_and_everything_after(lifecycle_world, officer_user, committed):
    meeting = lifecycle_world
    public = Client()
    before = crawl(public, starts(meeting))
    assert len(before) > 20
    assert leaks(before, RELEASED) == [] and leaks(before, KEPT) == [] and leaks(before, REASONS) == []
    first_public_pack = AgendaPack.objects.get(meeting=meeting, variant="public")

    with committed():
        call_command("release_exempt_information", verbosity=0)

    item = AgendaItem.objects.get(title="Depot contract")
    assert item.exempt_paragraph is None and item.released_paragraph == 3
    assert item.release_reason == f"Its release date, {today():%-d %B %Y}, was reached."
    record = item.history.order_by("-history_date").first()
    assert record.history_change_reason.startswith("Released from exemption (paragraph 3): Its release date")
    # A new public pack version holds it; the first stays as it was.
    newest = AgendaPack.objects.filter(meeting=meeting, variant="public").order_by("-version").first()
    assert newest.version == first_public_pack.version + 1 and newest.note == "Released: Depot contract"

    after = crawl(public, starts(meeting))
    found = leaks(after, RELEASED)
    slug = meeting.panel.slug
    tender = reverse("meetings:document_detail", kwargs={"slug": slug, "date": meeting.date, "document": "tender"})
    for path in (
        meeting.get_absolute_url(),  # the item's description
        tender,
        "/search/?q=bidders",
        "/search/?q=scores",
        "/feeds/latest.atom",
        "/api/agenda-items/",
        "/api/documents/",
        reverse("meetings:pack_latest", kwargs={"slug": slug, "date": meeting.date}),
    ):
        assert path in found, path
    # The appendix's release date is tomorrow: still exempt everywhere; the reasons are never public.
    assert leaks(after, KEPT) == []
    assert leaks(after, REASONS) == []
    page = public.get(tender).content.decode()
    assert "Released from exemption on" in page and "was reached" in page


def test_the_release_date_is_the_first_day_it_is_public(lifecycle_world):
    appendix = Document.objects.get(slug="appendix")
    assert [e.record.title for e in release_due(today())] == ["Depot contract"]
    appendix.refresh_from_db()
    assert appendix.exempt_paragraph == 3  # due tomorrow, not today
    released = release_due(today() + datetime.timedelta(days=1))
    assert [e.record.pk for e in released] == [appendix.pk]
    assert release_due(today() + datetime.timedelta(days=1)) == []  # run again: nothing left to do


def test_the_command_never_releases_from_a_future_day(lifecycle_world):
    tomorrow = today() + datetime.timedelta(days=1)
    with pytest.raises(CommandError, match="cannot be in the future"):
        call_command("release_exempt_information", today=tomorrow.isoformat())
    with pytest.raises(CommandError, match="not a date"):
        call_command("release_exempt_information", today="31/12/2021")
    assert Document.objects.get(slug="appendix").exempt_paragraph == 3


def test_an_officer_releases_with_a_reason_the_public_reads(lifecycle_world, officer_client):
    appendix = Document.objects.get(slug="appendix")
    url = reverse("manage:release_exemption", kwargs={"kind": "papers", "record_id": appendix.pk})
    page = officer_client.get(url).content.decode()
    assert "Paragraph 3 of Schedule 12A" in page and REASONS in page
    refused = officer_client.post(url, {"reason": "  "})
    assert refused.status_code == 422 and "Give the reason for releasing it" in refused.content.decode()
    response = officer_client.post(url, {"reason": "The rents were agreed on 1 March."}, follow=True)
    assert "is released" in response.content.decode()
    appendix.refresh_from_db()
    assert appendix.exempt_paragraph is None and appendix.release_reason == "The rents were agreed on 1 March."
    public_page = Client().get(appendix.get_absolute_url()).content.decode()
    assert KEPT in public_page and "The rents were agreed on 1 March." in public_page
    history = officer_client.get(
        reverse("manage:meeting_history", kwargs={"slug": appendix.meeting.panel.slug, "date": appendix.meeting.date})
    ).content.decode()
    assert "The rents were agreed on 1 March." in history
    with pytest.raises(Refused, match="not exempt"):
        release(appendix, reason="Again", by=None)


@pytest.mark.parametrize("kind", ["items", "papers"])
def test_only_officers_reach_the_exempt_information_pages(lifecycle_world, non_officer_client, kind):
    _, client = non_officer_client
    record = (
        AgendaItem.objects.get(title="Depot contract") if kind == "items" else Document.objects.get(slug="appendix")
    )
    for url in (
        reverse("manage:exempt_information"),
        reverse("manage:release_exemption", kwargs={"kind": kind, "record_id": record.pk}),
    ):
        assert client.get(url).status_code in (302, 403, 404)
        assert client.post(url, {"reason": "Leak it"}).status_code in (302, 403, 404, 405)
    record.refresh_from_db()
    assert record.exempt_paragraph == 3


def test_members_read_why_a_paper_is_exempt_and_until_when(lifecycle_world, councillor_client, other_councillor_client):
    appendix = Document.objects.get(slug="appendix")
    page = councillor_client.get(appendix.get_absolute_url()).content.decode()
    assert "Why it is exempt" in page and REASONS in page
    assert f"{appendix.exempt_until:%-d %B %Y}, when it becomes public" in page
    tender = Document.objects.get(slug="tender")  # exempt through its item: the item's reasons
    assert "The tender is open" in councillor_client.get(tender.get_absolute_url()).content.decode()
    home = councillor_client.get(reverse("accounts:councillor_home")).content.decode()
    assert (
        f"Why: Rents under negotiation {REASONS}" in home
        and f"Exempt until {appendix.exempt_until:%A %-d %B %Y}" in home
    )
    assert REASONS not in other_councillor_client.get(reverse("accounts:councillor_home")).content.decode()
    assert other_councillor_client.get(appendix.get_absolute_url()).status_code == 404
    assert Client().get(appendix.get_absolute_url()).status_code == 404


def test_officers_see_releases_and_reviews_due_on_their_home_page(lifecycle_world, officer_client):
    appendix = Document.objects.get(slug="appendix")
    far = factories.item(
        lifecycle_world,
        title="Far review",
        exempt_paragraph=1,
        exemption_reasons="Names",
        exemption_review_on=today() + datetime.timedelta(days=200),
    )
    due = exemptions_due(today())
    assert [e.record.title for e in due] == ["Depot contract", appendix.title]  # soonest first; the far one later
    with CaptureQueriesContext(connection) as queries:
        page = officer_client.get(reverse("manage:dashboard")).content.decode()
    assert len(queries) <= 12
    assert "Exempt information due for release or review" in page and "Depot contract" in page
    assert far.title not in page
    with CaptureQueriesContext(connection) as queries:
        listing = officer_client.get(reverse("manage:exempt_information")).content.decode()
    assert len(queries) <= 10
    assert far.title in listing and REASONS in listing


def test_an_exemption_needs_its_reasons_and_a_published_one_ends_only_by_release(lifecycle_world, officer_client):
    item = AgendaItem.objects.get(title="Depot contract")
    meeting = item.meeting
    url = reverse("manage:item_edit", kwargs={"slug": meeting.panel.slug, "date": meeting.date, "item_id": item.pk})
    prefix = f"item{item.pk}"
    data = {
        f"{prefix}-title": item.title,
        f"{prefix}-kind": item.kind,
        f"{prefix}-description": item.description,
        f"{prefix}-version": item.version,
    }
    cleared = officer_client.post(url, data | {f"{prefix}-exempt_paragraph": ""})
    assert cleared.status_code == 422 and "release it from the exempt information page" in cleared.content.decode()
    no_reasons = officer_client.post(url, data | {f"{prefix}-exempt_paragraph": "3", f"{prefix}-exemption_reasons": ""})
    assert no_reasons.status_code == 422 and "Say why the public interest" in no_reasons.content.decode()
    item.refresh_from_db()
    assert item.exempt_paragraph == 3 and REASONS in item.exemption_reasons
    open_item = AgendaItem.objects.get(title="Budget monitoring")
    prefix = f"item{open_item.pk}"
    dated = officer_client.post(
        reverse("manage:item_edit", kwargs={"slug": meeting.panel.slug, "date": meeting.date, "item_id": open_item.pk}),
        {
            f"{prefix}-title": open_item.title,
            f"{prefix}-kind": open_item.kind,
            f"{prefix}-exempt_paragraph": "",
            f"{prefix}-exempt_until": "2030-01-01",
            f"{prefix}-version": open_item.version,
        },
    )
    assert dated.status_code == 422 and "Choose the paragraph it is exempt under" in dated.content.decode()


def test_releasing_an_item_of_a_past_meeting_builds_its_pack_again(officer_user):
    """The record may be years old: releasing the seed meeting's item makes a new version of its 2021 pack."""
    seed_item = AgendaItem.objects.filter(meeting__date=datetime.date(2021, 9, 21)).order_by("position").last()
    AgendaItem.objects.filter(pk=seed_item.pk).update(exempt_paragraph=1, exemption_reasons="Names a child")
    meeting = seed_item.meeting
    build_meeting_packs(meeting)  # the public version without it
    before = AgendaPack.objects.filter(meeting=meeting, variant="public").count()
    release(seed_item, reason="The family agreed.", by=officer_user)
    versions = AgendaPack.objects.filter(meeting=meeting, variant="public").order_by("-version")
    assert versions.count() == before + 1
    assert versions.first().contents["items"] == versions.last().contents["items"]  # as first published
