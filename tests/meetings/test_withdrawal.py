"""Exempt after publication: an item or paper that becomes exempt after a public pack printed it. The officer is
told which published versions hold it and withdraws them; a withdrawn version is kept for the record (members
and officers read it), is served to the public by no route at all, and the meeting page says when and why."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from meetings.models import AgendaPack, Document, PackWithdrawal
from meetings.selectors import versions_exposing_exempt
from meetings.services import attach_pdf, publish_agenda, withdraw_pack
from minutes import services as minutes_services
from portal.errors import Refused
from tests import factories
from tests.minutes import builders
from tests.pdfs import make_pdf
from tests.portal.test_leak_hunt import crawl

pytestmark = pytest.mark.usefixtures("seed")

MARKER = "QWV4LATEEXEMPT"  # in the item and its papers, which become exempt after publication
HTMX = {"HTTP_HX_REQUEST": "true"}
REASON = "It contained information that is exempt under Schedule 12A to the Local Government Act 1972."


@pytest.fixture
def published(panel_with_councillors, officer_user):
    """A published agenda whose public pack (version 1) prints an item and two papers that are not yet exempt."""
    panel, _, _ = panel_with_councillors
    meeting = factories.meeting(panel, date=timezone.localdate() + datetime.timedelta(days=21))
    factories.item(meeting, title="Apologies for absence", published_at=None)
    item = factories.item(meeting, title="Depot lease", description=f"Lease terms {MARKER}", published_at=None)
    factories.document(
        item, slug="depot-report", title="Depot lease report", body_html=f"<p>Rent {MARKER}</p>", published_at=None
    )
    attach_pdf(item, make_pdf([f"Valuation {MARKER}"]), title="Valuation", published_at=None)
    publish_agenda(meeting, by=officer_user)
    return meeting, item


def pdf_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def manage(name: str, meeting, **kwargs) -> str:
    return reverse(f"manage:{name}", kwargs={"slug": meeting.panel.slug, "date": meeting.date, **kwargs})


def public(name: str, meeting, **kwargs) -> str:
    return reverse(f"meetings:{name}", kwargs={"slug": meeting.panel.slug, "date": meeting.date, **kwargs})


def make_exempt(officer_client, item, **headers):
    item.refresh_from_db()
    prefix = f"item{item.pk}"
    return officer_client.post(
        manage("item_edit", item.meeting, item_id=item.pk),
        {
            f"{prefix}-title": item.title,
            f"{prefix}-kind": item.kind,
            f"{prefix}-description": item.description,
            f"{prefix}-exempt_paragraph": "3",
            f"{prefix}-exemption_reasons": "Commercially sensitive until the contract is let.",
            f"{prefix}-version": item.version,
        },
        **headers,
    )


def test_versions_record_what_they_print(published):
    meeting, item = published
    pack = AgendaPack.objects.get(meeting=meeting, variant=AgendaPack.Variant.PUBLIC)
    papers = set(item.documents.values_list("pk", flat=True))
    assert item.pk in pack.contents["items"] and papers <= set(pack.contents["documents"])
    assert versions_exposing_exempt(meeting) == []  # nothing is exempt yet


def test_making_a_printed_item_exempt_asks_for_the_versions_to_be_withdrawn(published, officer_client):
    meeting, item = published
    response = make_exempt(officer_client, item, **HTMX)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Published public packs hold exempt information" in content
    assert "public pack version 1" in content and "Item 2: Depot lease (now exempt)" in content
    assert "The paper “Depot lease report” (now exempt)" in content
    assert manage("pack_withdraw", meeting, version=1) in content
    # And again whenever the agenda is opened, until the version is withdrawn.
    assert (
        "Published public packs hold exempt information"
        in officer_client.get(manage("agenda", meeting)).content.decode()
    )


def test_without_javascript_the_officer_is_told_too(published, officer_client):
    meeting, item = published
    response = make_exempt(officer_client, item, follow=True)
    content = response.content.decode()
    assert "Published public pack versions still hold exempt information" in content
    assert manage("pack_withdraw", meeting, version=1) in content


def test_an_exempt_appendix_added_to_a_report_counts_too(published, officer_client):
    meeting, item = published
    paper = Document.objects.get(slug="depot-report")
    response = officer_client.post(
        manage("paper_edit", meeting, document_id=paper.pk),
        {
            "title": paper.title,
            "kind": paper.kind,
            "body_html": paper.body_html,
            "exempt_paragraph": "1",
            "exemption_reasons": "It names a child.",
            "version": paper.version,
        },
        follow=True,
    )
    assert "Published public pack versions still hold exempt information" in response.content.decode()
    (exposed,) = versions_exposing_exempt(meeting)
    assert exposed.things == ["The paper “Depot lease report” (now exempt)"]


@pytest.mark.parametrize("as_exempt", [True, False])
def test_a_paper_removed_as_exempt_asks_for_the_versions_to_be_withdrawn(published, officer_client, as_exempt):
    meeting, _ = published
    paper = Document.objects.get(slug="depot-report")
    confirm = officer_client.get(manage("paper_remove", meeting, document_id=paper.pk) + "?as_exempt")
    assert "It holds exempt information that should not have been published" in confirm.content.decode()
    meeting.refresh_from_db()
    data = {"agenda_version": meeting.agenda_version} | ({"as_exempt": "on"} if as_exempt else {})
    response = officer_client.post(manage("paper_remove", meeting, document_id=paper.pk), data, follow=True)
    if not as_exempt:
        # Removed for another reason: a public paper inside its six years (s100C) is kept, and the officer told why.
        assert Document.objects.filter(pk=paper.pk).exists()
        assert "section 100C of the Local Government Act 1972" in response.content.decode()
        assert versions_exposing_exempt(meeting) == []
        return
    assert not Document.objects.filter(pk=paper.pk).exists()
    exposed = versions_exposing_exempt(meeting)
    if as_exempt:
        assert [version.things for version in exposed] == [
            ["The paper “Depot lease report” (removed: it held exempt information)"]
        ]
        assert "removed: it held exempt information" in officer_client.get(manage("agenda", meeting)).content.decode()
    else:
        assert exposed == []  # removed for another reason: the published version is right as it is


def test_a_minute_printed_in_the_next_pack_counts_when_its_item_becomes_exempt(panel_with_councillors, officer_user):
    panel, _, _ = panel_with_councillors
    today = timezone.localdate()
    held = factories.meeting(panel, date=today - datetime.timedelta(days=14))
    (item,) = builders.agenda(held, "Depot lease")
    minutes = minutes_services.start_minutes(held, by=officer_user)
    minutes = minutes_services.publish_draft(minutes, by=officer_user)
    following = factories.meeting(panel, date=today + datetime.timedelta(days=14))
    confirming = factories.item(following, title="Minutes of the previous meeting", kind="previous_minutes")
    confirming.confirms_minutes.add(minutes)
    publish_agenda(following, by=officer_user)
    entry = minutes.entries.get(agenda_item=item)
    assert entry.pk in AgendaPack.objects.get(meeting=following, variant="public").contents["minute_entries"]

    item.exempt_paragraph = 3
    item.save()

    for meeting in (held, following):  # told on either meeting's agenda
        (exposed,) = versions_exposing_exempt(meeting)
        assert exposed.pack.meeting == following and exposed.pack.version == 1
        assert exposed.things == [f"The minute “{entry}” of {held.date:%-d %B %Y} (now exempt)"]


def withdraw(officer_client, meeting, version: int = 1, reason: str = REASON):
    return officer_client.post(manage("pack_withdraw", meeting, version=version), {"reason": reason})


def public_routes(meeting) -> list[str]:
    slug = meeting.panel.slug
    papers = list(Document.objects.filter(meeting=meeting))
    return [
        meeting.get_absolute_url(),
        public("pack_latest", meeting),
        public("pack_version", meeting, variant="public", version=1),
        public("front_sheet", meeting),
        *[paper.get_absolute_url() for paper in papers],
        *[public("document_pdf", meeting, document=paper.slug) for paper in papers],
        "/feeds/latest.atom",
        f"/panels/{slug}/feed.atom",
        "/api/meetings/",
        "/api/agenda-items/",
        "/api/documents/",
        f"/api/meetings/?panel={slug}",
        "/search/?q=lease",
        "/search/?q=rent",
        "/search/?q=valuation",
        f"/panels/{slug}/",
        "/",
    ]


def test_withdrawal_hides_the_content_from_every_public_route(published, officer_client, councillor_client, committed):
    meeting, item = published
    anonymous = Client()
    pack = anonymous.get(public("pack_latest", meeting))
    assert pack.status_code == 200 and MARKER in pdf_text(pack)  # printed while it was not exempt
    with committed():
        make_exempt(officer_client, item)
    # Making it exempt hides it everywhere but in the frozen version, which still holds it...
    assert MARKER in pdf_text(anonymous.get(public("pack_latest", meeting)))

    with committed():
        response = withdraw(officer_client, meeting)
    assert response.status_code == 302
    # ...until it is withdrawn: then no route, page or PDF, leads the public to it.
    pages = crawl(anonymous, public_routes(meeting))
    assert len(pages) > 30
    assert sorted(url for url, body in pages.items() if MARKER in body) == []
    for url in (public("pack_latest", meeting), public("pack_version", meeting, variant="public", version=1)):
        assert anonymous.get(url).status_code == 404, url
    for paper in Document.objects.filter(meeting=meeting):
        assert anonymous.get(public("document_pdf", meeting, document=paper.slug)).status_code == 404
    page = anonymous.get(meeting.get_absolute_url()).content.decode()
    withdrawal = PackWithdrawal.objects.get()
    assert f"Withdrawn {timezone.localtime(withdrawal.withdrawn_at):%-d %B %Y}" in page and REASON in page
    assert public("pack_version", meeting, variant="public", version=1) not in page
    assert "has been withdrawn" in page
    api = anonymous.get(f"/api/meetings/?panel={meeting.panel.slug}").json()
    assert all(entry.get("agenda_pack_url") is None for entry in api["results"])
    feed = anonymous.get("/feeds/latest.atom")
    assert "A version of its public pack was withdrawn" in feed.content.decode()
    assert feed["Cache-Control"] == "public, no-cache"

    # Positive controls: the record is kept for the panel's members and for officers.
    for reader in (officer_client, councillor_client):
        kept = reader.get(public("pack_version", meeting, variant="public", version=1))
        assert kept.status_code == 200 and MARKER in pdf_text(kept)
        assert kept["Cache-Control"] == "private, no-store"
        assert (
            public("pack_version", meeting, variant="public", version=1)
            in reader.get(meeting.get_absolute_url()).content.decode()
        )
    assert sorted(url for url, body in crawl(councillor_client, public_routes(meeting)).items() if MARKER in body)
    # The editor no longer asks for it.
    assert (
        "Published public packs hold exempt information"
        not in officer_client.get(manage("agenda", meeting)).content.decode()
    )


def test_after_withdrawal_a_new_public_version_is_offered_and_served(published, officer_client):
    meeting, item = published
    make_exempt(officer_client, item)
    exposed = officer_client.get(manage("agenda", meeting)).content.decode()
    assert "publish a new public version without it" in exposed
    withdraw(officer_client, meeting)
    meeting.refresh_from_db()
    response = officer_client.post(manage("publish", meeting), {"agenda_version": meeting.agenda_version})
    assert response.status_code == 302
    latest = Client().get(public("pack_latest", meeting))
    assert latest.status_code == 200 and "v2" in latest["Content-Disposition"]
    text = pdf_text(latest)
    assert "Depot lease" in text and MARKER not in text  # listed as exempt, its content left out
    page = Client().get(meeting.get_absolute_url()).content.decode()
    assert public("pack_version", meeting, variant="public", version=2) in page
    assert public("pack_version", meeting, variant="public", version=1) not in page and REASON in page


def test_packs_are_revalidated_on_every_use(published):
    meeting, _ = published
    client = Client()
    response = client.get(public("pack_latest", meeting))
    assert response["Cache-Control"] == "public, no-cache" and response["ETag"]
    again = client.get(public("pack_latest", meeting), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again["Cache-Control"] == "public, no-cache"
    paper = Document.objects.get(slug="depot-report")
    assert client.get(public("document_pdf", meeting, document=paper.slug))["Cache-Control"] == "public, no-cache"


def test_the_cached_meeting_page_changes_once_committed(published, officer_user, committed):
    meeting, item = published
    client = Client()
    assert "Withdrawn" not in client.get(meeting.get_absolute_url()).content.decode()  # now in the page cache
    with committed():
        withdraw_pack(AgendaPack.objects.get(meeting=meeting, variant="public"), reason=REASON, by=officer_user)
    assert "Withdrawn" in client.get(meeting.get_absolute_url()).content.decode()


def test_the_history_records_who_withdrew_it_and_why(published, officer_user, officer_client):
    meeting, _ = published
    withdraw(officer_client, meeting)
    record = PackWithdrawal.history.get()
    assert record.history_user == officer_user and record.reason == REASON and record.history_type == "+"
    history = officer_client.get(manage("meeting_history", meeting)).content.decode()
    assert "Public pack withdrawn: version 1" in history


def test_withdrawal_asks_for_a_reason_and_happens_once(published, officer_user, officer_client):
    meeting, _ = published
    confirm = officer_client.get(manage("pack_withdraw", meeting, version=1))
    assert confirm.status_code == 200 and "never repeat the exempt information" in confirm.content.decode()
    refused = withdraw(officer_client, meeting, reason="   ")
    assert refused.status_code == 422 and not PackWithdrawal.objects.exists()
    assert withdraw(officer_client, meeting).status_code == 302
    pack = AgendaPack.objects.get(meeting=meeting, variant="public")
    with pytest.raises(Refused, match="withdrawn already"):
        withdraw_pack(pack, reason=REASON, by=officer_user)
    members = AgendaPack.objects.create(
        meeting=meeting,
        variant=AgendaPack.Variant.MEMBERS,
        version=1,
        file="packs/members.pdf",
        sha256="0" * 64,
        size=1,
        page_count=1,
        fingerprint="x",
        build_seconds=0,
    )
    with pytest.raises(Refused, match="members' pack is never public"):
        withdraw_pack(members, reason=REASON, by=officer_user)


def test_only_officers_withdraw(published, non_officer_client):
    role, client = non_officer_client
    meeting, _ = published
    assert client.get(manage("pack_withdraw", meeting, version=1)).status_code in {302, 404}
    assert client.post(manage("pack_withdraw", meeting, version=1), {"reason": REASON}).status_code in {302, 404}
    assert not PackWithdrawal.objects.exists()
