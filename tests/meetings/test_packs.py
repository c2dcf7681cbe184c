"""Agenda packs: page ranges that match the real layout, outline, tagging, exempt papers, frozen versions."""

import io
import re

import pikepdf
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaPack, Meeting
from meetings.packs import build_pack, read_uploaded_pdf
from meetings.packs.collect import collect
from meetings.packs.fetcher import StaticOnlyFetcher
from meetings.packs.render import layout
from meetings.services import attach_pdf, build_meeting_packs, publish_agenda
from tests import factories
from tests.pdfs import make_pdf, page_texts

pytestmark = pytest.mark.usefixtures("seed")

PANEL = "children-and-young-peoples-social-care-and-services"


def seed_meeting() -> Meeting:
    return Meeting.objects.select_related("panel__council", "panel__contact_officer", "signatory").get(
        panel__slug=PANEL, date="2021-09-21"
    )


def pdf_bytes(pack: AgendaPack) -> bytes:
    with pack.file.open("rb") as handle:
        return handle.read()


def printed_ranges(texts: list[str], front_pages: int) -> list[tuple[int, int]]:
    front = "\n".join(texts[:front_pages])
    return [(int(a), int(b)) for a, b in re.findall(r"(\d+) - (\d+)", front)]


def assert_ranges_match_layout(pack: AgendaPack, texts: list[str], item_numbers: dict[int, str]) -> None:
    """Every item's papers begin on the first page printed beside it and end on the last."""
    ranges = {int(item): tuple(pages) for item, pages in pack.page_ranges.items()}
    starts = {}
    for index, text in enumerate(texts, start=1):
        for number in re.findall(r"Agenda item (\d+)", text):
            starts.setdefault(number, index)
    ordered = sorted(ranges.items(), key=lambda pair: pair[1])
    assert printed_ranges(texts, ordered[0][1][0] - 1) == [pages for _, pages in ordered]
    for position, (item_pk, (first, last)) in enumerate(ordered):
        number = item_numbers[item_pk]
        if number in starts:  # authored papers say which item they belong to on their first page
            assert starts[number] == first, f"item {number} starts on {starts[number]}, printed {first}"
        following_first = ordered[position + 1][1][0] if position + 1 < len(ordered) else len(texts) + 1
        assert last == following_first - 1, (
            f"item {number} ends on {last} but the next item starts on {following_first}"
        )
        for page in range(first, last + 1):
            others = set(re.findall(r"Agenda item (\d+)", texts[page - 1])) - {number}
            assert not others, f"page {page} of item {number} also holds item {others}"
    assert ordered[-1][1][1] == len(texts)


def test_seed_pack_page_ranges_match_the_layout():
    pack = AgendaPack.objects.get(meeting=seed_meeting(), variant="public", version=1)
    texts = page_texts(pdf_bytes(pack))
    items = {item.pk: item.number for item in seed_meeting().agenda_items.all()}
    assert {items[int(pk)] for pk in pack.page_ranges} == {"4", "5", "6"}
    assert_ranges_match_layout(pack, texts, items)
    assert pack.page_count == len(texts)
    # The front sheet is two pages, as in the council's own pack, and every page is numbered.
    assert pack.page_ranges[str(4)][0] == 3
    for number, text in enumerate(texts, start=1):
        assert text.rstrip().endswith(str(number)), f"page {number} has no page number"


def test_seed_pack_front_sheet_content_and_order():
    pack = AgendaPack.objects.get(meeting=seed_meeting(), variant="public", version=1)
    front = " ".join(" ".join(page_texts(pdf_bytes(pack))[:2]).split())
    expected_order = [
        "CHILDREN AND YOUNG PEOPLE’S SOCIAL CARE AND SERVICES SCRUTINY PANEL",
        "Date: Tuesday 21 September 2021",
        "Time: 4.00pm",
        "Venue: Virtual",
        "livestreamed via the Council’s YouTube channel",
        "AGENDA",
        "1. Appointment of Chair Pro-Tem",
        "To seek nominations and appoint a Chair ‘Pro-Tem’ for this meeting.",
        "4. Minutes of the Previous Meeting",
        "10. Any other urgent items",
        "Charlotte Benjamin",
        "Director of Legal and Governance Services",
        "Town Hall",
        "Monday 13 September 2021",
        "MEMBERSHIP",
        "Councillors: D Davison, T Higgins, T Mawston, M Nugent, Z Uddin, M Storey, J Walker and G Wilson",
        "(+ 1 vacancy).",
        "Assistance in accessing information",
        "Joanne Dixon, 01642 729713, joanne_dixon@middlesbrough.gov.uk",
    ]
    positions = [front.index(text) for text in expected_order]
    assert positions == sorted(positions)


def test_seed_pack_outline_has_one_entry_per_item_and_one_per_paper():
    pack = AgendaPack.objects.get(meeting=seed_meeting(), variant="public", version=1)
    with pikepdf.open(io.BytesIO(pdf_bytes(pack))) as pdf, pdf.open_outline() as outline:
        top = [(entry.title, [child.title for child in entry.children]) for entry in outline.root]
    assert top[0] == ("Agenda", [])
    assert [title.split(".")[0] for title, _ in top[1:]] == ["Item 4", "Item 5", "Item 6"]
    assert top[1][1] == ["Minutes of the meeting held on 27 July 2021"]
    assert top[2][1] == ["Locality Working: Background and Business Case"]
    assert top[3][1] == ["12 month review report into Children's Services in Middlesbrough"]


def test_seed_pack_is_tagged_with_language_and_metadata():
    pack = AgendaPack.objects.get(meeting=seed_meeting(), variant="public", version=1)
    with pikepdf.open(io.BytesIO(pdf_bytes(pack))) as pdf:
        root = pdf.Root
        assert str(root.Lang) == "en-GB"
        assert bool(root.MarkInfo.Marked) is True
        tree = root.StructTreeRoot
        assert len(tree.K) >= 1 if isinstance(tree.K, pikepdf.Array) else tree.K is not None
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        info = pdf.docinfo
        assert str(info.Author) == "Middlesbrough Council"
        assert str(info.Title).startswith("Agenda pack: Children and Young People’s Social Care")
        # Headings of the reports are in the structure tree.
        roles = set()

        def walk(node, depth=0):
            if depth > 60:
                return
            if isinstance(node, pikepdf.Dictionary):
                if "/S" in node:
                    roles.add(str(node.S))
                kids = node.get("/K")
                if kids is not None:
                    walk(kids, depth + 1)
            elif isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid, depth + 1)

        walk(tree)
    assert {"/H1", "/H2", "/P", "/Table", "/L"} <= roles


def test_unchanged_pack_is_served_from_storage_without_rebuilding():
    meeting = seed_meeting()
    before = AgendaPack.objects.filter(meeting=meeting).count()
    result = build_pack(meeting, "public")
    assert not result.rebuilt and result.pack.version == 1
    assert AgendaPack.objects.filter(meeting=meeting).count() == before


def test_published_pack_is_never_rewritten():
    pack = AgendaPack.objects.get(meeting=seed_meeting(), variant="public", version=1)
    pack.note = "changed"
    with pytest.raises(ValueError, match="never rewritten"):
        pack.save()


# Packs built in the test ---------------------------------------------------------------------------------


@pytest.fixture
def officer(officer_user):
    return officer_user


def meeting_with_upload_and_exempt():
    meeting = factories.meeting(factories.panel(), signatory=None)
    first = factories.item(meeting, title="Budget report", published_at=None)
    factories.document(
        first,
        slug="budget",
        title="Budget",
        body_html="<h2>Budget</h2>" + "<p>Figures.</p>" * 80,
        published_at=None,
    )
    upload_item = factories.item(meeting, title="Uploaded appendix item", published_at=None)
    attach_pdf(
        upload_item,
        make_pdf([f"UPLOADED-MARKER-{n}" for n in range(1, 4)], landscape_pages=(1,)),
        title="Scanned letter",
        kind="letter",
    )
    exempt = factories.item(
        meeting,
        title="Contract award",
        description="EXEMPT-DESCRIPTION-4417",
        exempt_paragraph=3,
        published_at=None,
    )
    factories.document(
        exempt,
        slug="tender",
        title="Tender evaluation",
        body_html="<p>EXEMPT-BODY-4417</p>" * 60,
        published_at=None,
    )
    factories.item(meeting, title="Any other business", published_at=None)
    return meeting


def test_publishing_builds_public_and_members_packs_with_inserted_pdf(officer):
    meeting = meeting_with_upload_and_exempt()
    builds = {build.pack.variant: build.pack for build in publish_agenda(meeting, by=officer)}
    assert set(builds) == {"public", "members"}
    items = {item.pk: item.number for item in meeting.agenda_items.all()}
    public, members = builds["public"], builds["members"]
    assert public.published_by == officer and public.sha256 and public.size == public.file.size

    texts = page_texts(pdf_bytes(public))
    upload_item = meeting.agenda_items.get(title="Uploaded appendix item")
    first, last = public.page_ranges[str(upload_item.pk)]
    assert last - first + 1 == 3
    for offset in range(3):
        assert f"UPLOADED-MARKER-{offset + 1}" in texts[first - 1 + offset]
        assert texts[first - 1 + offset].rstrip().endswith(str(first + offset)), "inserted pages are numbered"
    assert_ranges_match_layout(public, texts, items)
    # A landscape page of the upload stays landscape.
    with pikepdf.open(io.BytesIO(pdf_bytes(public))) as pdf:
        box = pdf.pages[first].mediabox
        assert float(box[2]) > float(box[3])

    # The public pack lists the exempt item with its paragraph, and nothing of its content.
    public_text = "\n".join(texts)
    assert "Exempt: paragraph 3 of Schedule 12A" in public_text
    assert "4417" not in public_text
    exempt = meeting.agenda_items.get(title="Contract award")
    assert str(exempt.pk) not in public.page_ranges

    # The members' pack has the exempt papers, every page of them marked.
    member_texts = page_texts(pdf_bytes(members))
    first, last = members.page_ranges[str(exempt.pk)]
    assert last > first
    for page in range(first, last + 1):
        assert "NOT FOR PUBLICATION" in member_texts[page - 1] and "paragraph 3" in member_texts[page - 1]
    assert "EXEMPT-DESCRIPTION-4417" in member_texts[0] + member_texts[1]
    assert_ranges_match_layout(members, member_texts, items)


def test_a_pack_without_uploads_is_weasyprints_file_as_written():
    """No second pass re-reads and re-writes it: the PDF/UA fixes are made to WeasyPrint's objects (tagging.py)."""
    laid_out = layout(collect(seed_meeting(), "public"), read_uploaded_pdf)
    with pikepdf.open(io.BytesIO(laid_out.pdf)) as pdf:
        assert str(pdf.docinfo.Producer).startswith("WeasyPrint")
        assert str(pdf.docinfo.Creator) == "Scrutiny panels portal"


def test_uploaded_pages_are_drawn_in_as_weasyprint_writes_the_pack_once():
    """Each uploaded page is a form XObject under its placeholder, written by WeasyPrint's one write: one
    cross-reference section, WeasyPrint as producer, the outline, language and title as it wrote them."""
    meeting = meeting_with_upload_and_exempt()
    Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=timezone.now())
    meeting.agenda_items.update(published_at=timezone.now())
    meeting.documents.update(published_at=timezone.now())
    laid_out = layout(collect(seed_meeting_like(meeting), "public"), read_uploaded_pdf)
    assert laid_out.inserted
    assert laid_out.pdf.count(b"%%EOF") == 1, "no update appended: the file is written once"
    texts = page_texts(laid_out.pdf)
    with pikepdf.open(io.BytesIO(laid_out.pdf)) as pdf, pdf.open_outline() as outline:
        assert len(pdf.pages) == laid_out.page_count
        assert str(pdf.docinfo.Producer).startswith("WeasyPrint")
        for offset, index in enumerate(sorted(laid_out.inserted.values())):
            forms = [pdf.get_object(ref.objgen) for ref in pdf.pages[index].Resources.XObject.values()]
            assert any(form.get("/Subtype") == "/Form" for form in forms)
            assert f"UPLOADED-MARKER-{offset + 1}" in texts[index]
        papers = [child.title for entry in outline.root for child in entry.children]
        assert papers == ["Budget", "Scanned letter"]
        assert str(pdf.Root.Lang) == "en-GB" and str(pdf.docinfo.Title).startswith("Agenda pack: ")


def seed_meeting_like(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_related("panel__council", "panel__contact_officer", "signatory").get(pk=meeting.pk)


def test_changes_after_publication_make_a_new_version_and_keep_the_old(officer):
    meeting = meeting_with_upload_and_exempt()
    first = {b.pack.variant: b.pack for b in publish_agenda(meeting, by=officer)}["public"]
    original = pdf_bytes(first)
    late = factories.item(meeting, title="Late item on housing", published_at=None)
    factories.document(late, slug="housing", title="Housing update", published_at=None)
    second = {b.pack.variant: b.pack for b in publish_agenda(meeting, by=officer)}["public"]
    assert second.version == 2 and second.note == "Supplementary agenda"
    late.refresh_from_db()
    assert late.is_late and late.published_at
    assert "Late item on housing" in "\n".join(page_texts(pdf_bytes(second)))
    first.refresh_from_db()
    assert pdf_bytes(first) == original
    response_v1 = factories_client_get(first.get_absolute_url())
    assert response_v1.status_code == 200 and b"".join(response_v1.streaming_content) == original


def factories_client_get(url):
    from django.test import Client

    return Client().get(url)


def test_pack_downloads_and_who_may_have_them(client, officer_client, officer):
    meeting = meeting_with_upload_and_exempt()
    publish_agenda(meeting, by=officer)
    public_url = reverse("meetings:pack_latest", kwargs={"slug": meeting.panel.slug, "date": meeting.date})
    members_url = reverse("meetings:members_pack_latest", kwargs={"slug": meeting.panel.slug, "date": meeting.date})
    response = client.get(public_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get(members_url).status_code == 404
    members_v1 = reverse(
        "meetings:pack_version",
        kwargs={"slug": meeting.panel.slug, "date": meeting.date, "variant": "members", "version": 1},
    )
    assert client.get(members_v1).status_code == 404
    assert officer_client.get(members_url).status_code == 200
    assert officer_client.get(members_url)["Cache-Control"] == "private, no-store"

    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Download the public pack" in page and "members-v1.pdf" not in page
    assert "members-v1.pdf" in officer_client.get(meeting.get_absolute_url()).content.decode()


def test_each_paper_downloads_alone(client, officer):
    meeting = meeting_with_upload_and_exempt()
    publish_agenda(meeting, by=officer)
    letter = meeting.documents.get(title="Scanned letter")
    url = reverse(
        "meetings:document_pdf",
        kwargs={"slug": meeting.panel.slug, "date": meeting.date, "document": letter.slug},
    )
    response = client.get(url)
    # The public download is the published copy (cleaned of active content); officers keep the original.
    with letter.published_file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()
    original = url.replace(f"{letter.slug}.pdf", f"{letter.slug}/original.pdf")
    assert client.get(original).status_code == 404
    officer_client = Client()
    officer_client.force_login(officer)
    with letter.file.open("rb") as handle:
        assert b"".join(officer_client.get(original).streaming_content) == handle.read()
    budget_url = reverse(
        "meetings:document_pdf",
        kwargs={"slug": meeting.panel.slug, "date": meeting.date, "document": "budget"},
    )
    rendered = client.get(budget_url)
    assert rendered.status_code == 200 and rendered.content.startswith(b"%PDF-")
    assert "Figures." in "\n".join(page_texts(rendered.content))
    assert client.get(budget_url).content == rendered.content  # served from the cache the second time
    tender_url = reverse(
        "meetings:document_pdf",
        kwargs={"slug": meeting.panel.slug, "date": meeting.date, "document": "tender"},
    )
    assert client.get(tender_url).status_code == 404


def test_seed_minutes_paper_downloads_as_pdf(client):
    url = reverse(
        "meetings:document_pdf",
        kwargs={"slug": PANEL, "date": "2021-09-21", "document": "minutes-2021-07-27"},
    )
    response = client.get(url)
    assert response.status_code == 200
    text = "\n".join(page_texts(response.content))
    assert "OVERVIEW OF CHILDREN’S SERVICES" in text and "AGREED that the information provided be noted." in text


def test_front_sheet_preview_shows_the_pack_page_ranges(client):
    response = client.get(reverse("meetings:front_sheet", kwargs={"slug": PANEL, "date": "2021-09-21"}))
    assert response.status_code == 200
    pack = AgendaPack.objects.get(meeting=seed_meeting(), variant="public", version=1)
    first, last = pack.page_ranges[str(seed_meeting().agenda_items.get(number="5").pk)]
    assert f"{first} - {last}" in response.content.decode()


def test_build_packs_command_reports_pages_and_seconds(capsys):
    call_command("build_packs", "--meeting", f"{PANEL}/2021-09-21")
    out = capsys.readouterr().out
    assert re.search(r"public v1: \d+ pages, \d+\.\d\d s \(unchanged\)", out)


def test_build_packs_command_rejects_unknown_meeting():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No meeting"):
        call_command("build_packs", "--meeting", "nobody/2021-13-45")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/logo.png",
        "http://127.0.0.1:8000/admin/",
        "file:///etc/passwd",
        "https://pack.invalid/static/../../portal/settings.py",
        "https://pack.invalid/media/secret.pdf",
    ],
)
def test_pack_renderer_fetches_only_the_portals_static_files(url):
    with pytest.raises(ValueError):
        StaticOnlyFetcher().fetch(url)


def test_pack_renderer_can_fetch_its_stylesheet():
    response = StaticOnlyFetcher().fetch("https://pack.invalid/static/css/pack.css")
    assert b"@page" in response.read()


def test_no_members_pack_without_exempt_content():
    builds = build_meeting_packs(seed_meeting())
    assert [build.pack.variant for build in builds] == ["public"]
