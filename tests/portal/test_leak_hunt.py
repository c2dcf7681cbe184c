"""The leak hunt: crawl everything the portal exposes as each kind of reader, with exempt content carrying a
unique marker, and prove the marker appears only where that reader is allowed to see it.

The crawl follows every link, form (GET), htmx URL, feed, API and PDF it finds, starting from the public entry
points, the officer and councillor home pages and the admin; PDFs are read with pypdf. Nothing is posted.
"""

import datetime
import io
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from meetings.models import Document
from meetings.services import add_background_paper, attach_pdf, publish_agenda
from minutes.models import Action, Declaration, DeclaringCouncillor, MinuteEntry, Minutes, Resolution
from minutes.scrutiny import services as scrutiny_services
from tests import factories
from tests.pdfs import make_pdf

MARKER = "ZQX7EXEMPT"  # appears in every piece of exempt content, and nowhere else
# Which meeting's exempt content: the coming meeting's papers, or the past meeting's minutes.
UPCOMING, PAST = f"{MARKER}UPCOMING", f"{MARKER}PAST"
MAX_PAGES = 700
SKIP = ("/accounts/sign-out/", "/static/", "/admin/logout/", "/admin/jsi18n/")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: set[tuple[str, bool]] = set()  # (url, as htmx)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src"):
            if attrs.get(name):
                self.urls.add((attrs[name], False))
        if tag == "form" and (attrs.get("method") or "get").lower() == "get" and attrs.get("action"):
            self.urls.add((attrs["action"], False))
        for name in ("data-hx-get", "hx-get"):  # htmx reads both; the templates use the valid data- form
            if attrs.get(name):
                self.urls.add((attrs[name], True))


def pdf_text(content: bytes, path: str) -> str:
    """Everything a reader of the PDF can see: each page's text, the bookmarks, the document properties, link
    targets and notes. A PDF pypdf cannot read fails the hunt: a leak must never hide behind an unreadable file."""
    try:
        reader = PdfReader(io.BytesIO(content), strict=True)
        assert not reader.is_encrypted, "encrypted"
        parts = [page.extract_text() or "" for page in reader.pages]
        parts += [str(value) for value in (reader.metadata or {}).values()]
        outline = list(reader.outline)
        while outline:
            entry = outline.pop()
            if isinstance(entry, list):  # a bookmark's children
                outline.extend(entry)
            else:
                parts.append(str(entry.title))
        for page in reader.pages:
            for annotation in page.get("/Annots") or []:
                annotation = annotation.get_object()
                parts += [str(annotation.get(key, "")) for key in ("/Contents", "/T", "/TU")]
                parts.append(str((annotation.get("/A") or {}).get("/URI", "")))
    except Exception as exc:  # noqa: BLE001 - whatever pypdf finds wrong, the hunt must say so
        pytest.fail(f"{path} answered a PDF that pypdf cannot read ({type(exc).__name__}: {exc})")
    assert parts[0].strip(), f"{path}: no text could be extracted from the PDF's first page"
    return "\n".join(parts)


def text_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        return pdf_text(content, response.wsgi_request.get_full_path())
    return content.decode("utf-8", errors="replace")


def crawl(client: Client, starts: list[str]) -> dict[str, str]:
    """Every reachable GET URL -> the text it answered with."""
    seen: dict[str, str] = {}
    queue = deque((start, False) for start in starts)
    while queue and len(seen) < MAX_PAGES:
        url, as_htmx = queue.popleft()
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http", "https"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        key = f"{'htmx:' if as_htmx else ''}{path}"
        if not path.startswith("/") or key in seen or path.startswith(SKIP) or "#" in path:
            continue
        response = client.get(path, **({"HTTP_HX_REQUEST": "true"} if as_htmx else {}))
        body = text_of(response) if response.status_code == 200 else ""
        seen[key] = body
        assert response.status_code < 500, f"{path} answered {response.status_code}"
        content_type = response.get("Content-Type", "")
        if response.status_code == 200 and content_type.startswith("text/html"):
            parser = Links()
            parser.feed(body)
            for link, htmx in parser.urls:
                queue.append((urljoin(path, link), htmx))
        elif response.status_code == 200 and (
            "json" in content_type or "xml" in content_type or "calendar" in content_type
        ):
            for link in re.findall(r"https?://testserver(/[^\s\"'<>]*)|\"(/[^\s\"'<>]*)\"", body):
                queue.append((next(part for part in link if part), False))
    return seen


@pytest.fixture
def exempt_world(panel_with_councillors, officer_user, committed):
    """A panel's published meeting with exempt content of every kind, each carrying the marker."""
    panel, member, _ = panel_with_councillors
    meeting = factories.meeting(panel, date=timezone.localdate() + datetime.timedelta(days=10))
    open_item = factories.item(meeting, title="Budget monitoring", published_at=None)
    factories.document(open_item, slug="budget", title="Budget report", published_at=None)
    factories.document(
        open_item,
        slug="appendix-b",
        title=f"Appendix B {UPCOMING}",
        exempt_paragraph=1,
        body_html=f"<p>Salary details {UPCOMING}</p>",
        published_at=None,
    )
    exempt_item = factories.item(
        meeting,
        title="Contract award",
        description=f"Bidder names {UPCOMING}",
        exempt_paragraph=3,
        exemption_reasons=f"The bids are still open {UPCOMING}",
        exempt_until=timezone.localdate() + datetime.timedelta(days=60),
        published_at=None,
    )
    tender = factories.document(
        exempt_item,
        slug="tender",
        title=f"Tender evaluation {UPCOMING}",
        body_html=f"<p>Scores {UPCOMING}</p>",
        published_at=None,
    )
    with committed():  # its text and reading copy are read, and the meeting re-indexed, once committed
        attach_pdf(
            exempt_item,
            make_pdf([f"Legal advice {UPCOMING}"]),
            title=f"Counsel's opinion {UPCOMING}",
            published_at=None,
        )
        # Background papers (s100D): the exempt report's are as exempt as the report; the open report's are public.
        add_background_paper(tender, title=f"Bid scoring sheets {UPCOMING}", inspection="Procurement", by=officer_user)
        add_background_paper(
            Document.objects.get(slug="budget"),
            title="Budget survey",
            inspection="Democratic Services",
            by=officer_user,
        )
        publish_agenda(meeting, by=officer_user)

    past = factories.meeting(panel, date=timezone.localdate() - datetime.timedelta(days=20))
    minutes = Minutes.objects.create(meeting=past, status=Minutes.Status.PUBLISHED, published_at=timezone.now())
    open_entry = MinuteEntry.objects.create(minutes=minutes, position=1, heading="Budget", body_html="<p>Noted.</p>")
    Resolution.objects.create(entry=open_entry, text="AGREED that the report be noted.")
    secret_entry = MinuteEntry.objects.create(
        minutes=minutes,
        position=2,
        heading=f"Contract award {PAST}",
        body_html=f"<p>Discussed {PAST}</p>",
        exempt_paragraph=3,
    )
    Resolution.objects.create(entry=secret_entry, text=f"AGREED that the contract go to {PAST}.")
    Action.objects.create(entry=secret_entry, description=f"Tell the bidder {PAST}")
    # A declaration about an exempt item, made by two councillors: it says what the item is about.
    land_sale = factories.item(past, title="Land sale", exempt_paragraph=3, published_at=timezone.now())
    declaration = Declaration.objects.create(
        minutes=minutes, position=1, agenda_item=land_sale, kind="other_registrable", text=f"Owns the plot {PAST}"
    )
    for position, councillor in enumerate(panel_with_councillors[1:], start=1):
        DeclaringCouncillor.objects.create(declaration=declaration, councillor=councillor, position=position)
    # Scrutiny's cycle: a recommendation from the exempt minute, a decision with the exempt tender paper.
    recommendation = scrutiny_services.record_recommendation(
        panel,
        by=officer_user,
        text=f"That the contract go to {PAST}",
        meeting=past,
        resolution=secret_entry.resolutions.get(),
        addressee_kind="executive",
        addressee="The Executive",
    )
    scrutiny_services.refer_recommendation(recommendation, by=officer_user, referred_on=past.date)
    decision = scrutiny_services.record_decision(
        panel,
        by=officer_user,
        papers=list(meeting.documents.filter(slug="tender")),
        reference="contract-award",
        title=f"Contract award to {UPCOMING}",
        decision="Award it.",
        decision_maker="The Executive",
        decided_on=timezone.localdate() - datetime.timedelta(days=1),
        reasons="Best value.",
    )
    scrutiny_services.publish_decision(decision, by=officer_user, published_on=timezone.localdate())
    from django.core.management import call_command

    call_command("rebuild_search_index", verbosity=0)
    return meeting, past


def starts_for(meeting, past) -> list[str]:
    slug = meeting.panel.slug
    return [
        "/",
        "/panels/",
        f"/panels/{slug}/",
        meeting.get_absolute_url(),
        past.get_absolute_url(),
        reverse("minutes:minutes_detail", kwargs={"slug": slug, "date": past.date}),
        # Search words that only exempt content holds (the marker itself is never sent, so no page echoes it).
        "/search/?q=contract",
        "/search/?q=tender",
        "/search/?q=bidder",
        "/search/?q=scores",
        "/search/?q=salary",
        "/search/?q=counsel",
        "/search/?q=discussed",
        "/meetings/",
        "/meetings/calendar.ics",
        f"/panels/{slug}/calendar.ics",
        "/feeds/latest.atom",
        f"/panels/{slug}/feed.atom",
        "/api/",
        "/api/meetings/",
        "/api/agenda-items/",
        "/api/documents/",
        "/api/minutes/",
        "/api/resolutions/",
        f"/api/meetings/?panel={slug}",
        "/api/openapi.json",
        f"/panels/{slug}/actions/",
        f"/panels/{slug}/recommendations/",
        f"/panels/{slug}/recommendations/1/",
        f"/panels/{slug}/recommendations/?overdue=yes",
        f"/panels/{slug}/recommendations.atom",
        f"/panels/{slug}/decisions/",
        f"/panels/{slug}/decisions/contract-award/",
        "/api/recommendations/",
        "/api/decisions/",
        "/manage/decisions/open-to-call-in/",
        f"/manage/panels/{slug}/recommendations/",
        f"/manage/panels/{slug}/decisions/",
        reverse("meetings:members_pack_latest", kwargs={"slug": slug, "date": meeting.date}),
        reverse("meetings:pack_latest", kwargs={"slug": slug, "date": meeting.date}),
        *[
            reverse("meetings:document_detail", kwargs={"slug": slug, "date": meeting.date, "document": doc.slug})
            for doc in meeting.documents.all()
        ],
        *[
            reverse("meetings:document_pdf", kwargs={"slug": slug, "date": meeting.date, "document": doc.slug})
            for doc in meeting.documents.all()
        ],
        # Reading copies: the text of uploaded PDFs as web pages (the exempt counsel's opinion among them).
        *[
            reverse("meetings:document_text", kwargs={"slug": slug, "date": meeting.date, "document": doc.slug})
            for doc in meeting.documents.exclude(file="")
        ],
        "/accounts/my/",
        "/manage/",
        "/manage/exempt-information/",
        "/manage/retention/",
        # Council set-up: councils, their panels and people, seats per year, accounts (administrators only).
        "/manage/councils/",
        f"/manage/panels/{slug}/membership/",
        f"/manage/panels/{slug}/edit/",
        "/manage/accounts/",
        "/admin/",
        "/admin/meetings/document/",
        "/admin/meetings/agendaitem/",
        "/admin/minutes/minuteentry/",
    ]


def leaks(pages: dict[str, str], marker: str = MARKER) -> list[str]:
    return sorted(url for url, body in pages.items() if marker in body)


def print_figures(reader: str, pages: dict[str, str]) -> None:
    """Responses checked and exempt markers found, for the notes (shown by `pytest -rP`)."""
    print(
        f"leak hunt, {reader}: {len(pages)} responses checked, {len(leaks(pages))} with exempt markers, "
        f"{sum(body.count(MARKER) for body in pages.values())} markers"
    )


@pytest.mark.usefixtures("seed")
@pytest.mark.parametrize("who", ["anonymous", "other_councillor"])
def test_nobody_without_the_right_reaches_exempt_content(who, exempt_world, request):
    client = Client() if who == "anonymous" else request.getfixturevalue("other_councillor_client")
    pages = crawl(client, starts_for(*exempt_world))
    print_figures(who, pages)
    assert len(pages) > 40, "the crawl should reach the whole public site"
    assert leaks(pages) == []


@pytest.mark.usefixtures("seed")
def test_the_right_councillor_reads_exempt_content_where_it_belongs(exempt_world, councillor_client):
    meeting, past = exempt_world
    pages = crawl(councillor_client, starts_for(meeting, past))
    print_figures("councillor of the panel", pages)
    found = leaks(pages)
    slug = meeting.panel.slug
    assert meeting.get_absolute_url() in found  # the exempt item's description
    assert reverse("meetings:members_pack_latest", kwargs={"slug": slug, "date": meeting.date}) in found
    tender = reverse("meetings:document_detail", kwargs={"slug": slug, "date": meeting.date, "document": "tender"})
    assert tender in found
    # Why it is exempt and until when, and its report's background papers, are the member's to read.
    page = pages[tender]
    assert f"The bids are still open {UPCOMING}" in page and f"Bid scoring sheets {UPCOMING}" in page
    assert reverse("minutes:minutes_detail", kwargs={"slug": slug, "date": past.date}) in found
    assert "/search/?q=tender" in found
    assert f"/panels/{slug}/recommendations/1/" in found, "the member reads the exempt recommendation"
    opinion = meeting.documents.exclude(file="").get()
    assert (
        reverse("meetings:document_text", kwargs={"slug": slug, "date": meeting.date, "document": opinion.slug})
        in found
    ), "the member reads the exempt PDF's reading copy"
    # ...but never in public material, even when a councillor asks for it.
    public_only = [
        "/feeds/latest.atom",
        "/api/documents/",
        "/api/agenda-items/",
        "/api/minutes/",
        reverse("meetings:pack_latest", kwargs={"slug": slug, "date": meeting.date}),
        "/meetings/calendar.ics",
        "/api/recommendations/",
        "/api/decisions/",
        f"/panels/{slug}/recommendations.atom",
    ]
    assert [url for url in public_only if url in found] == []
    # The admin is for officers only.
    assert not any(url.startswith("/admin/") and url != "/admin/login/" for url in found)


@pytest.mark.usefixtures("seed")
def test_officers_see_it_all(exempt_world, officer_client):
    meeting, past = exempt_world
    pages = crawl(officer_client, starts_for(meeting, past))
    print_figures("officer", pages)
    found = leaks(pages)
    assert reverse("manage:agenda", kwargs={"slug": meeting.panel.slug, "date": meeting.date}) in found
    slug = meeting.panel.slug
    assert f"/panels/{slug}/decisions/contract-award/" in found, "officers read the exempt decision"
    assert "/manage/decisions/open-to-call-in/" in found


# Seat dates: a councillor reads the exempt content of the meetings held while they held a seat, and no other.


def seat_client(panel, slug: str, *, first: datetime.date | None, last: datetime.date | None, cover: tuple) -> Client:
    """A councillor with seats on the panel in every municipal year from the one containing `cover[0]` to the
    one containing `cover[1]`, starting on `first` and ending on `last` (None: the year's own first or last)."""
    from django.contrib.auth import get_user_model

    from meetings.models import Councillor, Membership
    from meetings.municipal_year import MunicipalYear

    councillor = Councillor.objects.create(council=panel.council, slug=slug, initials="S", surname=slug.title())
    years = range(MunicipalYear.containing(cover[0]).start_year, MunicipalYear.containing(cover[1]).start_year + 1)
    for year in years:
        Membership.objects.create(
            panel=panel,
            councillor=councillor,
            municipal_year=year,
            starts_on=first if first and MunicipalYear.containing(first).start_year == year else None,
            ends_on=last if last and MunicipalYear.containing(last).start_year == year else None,
        )
    user = get_user_model().objects.create_user(
        email=f"{slug}@example.org", password="a-long-test-password-1", role="councillor", councillor=councillor
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.usefixtures("seed")
def test_a_former_member_reads_only_the_meetings_of_their_seat(exempt_world):
    """Their seat ended yesterday: the past meeting's exempt minutes are theirs (positive control), the coming
    meeting's exempt papers are not."""
    meeting, past = exempt_world
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    client = seat_client(meeting.panel, "former-member", first=None, last=yesterday, cover=(past.date, yesterday))
    pages = crawl(client, starts_for(meeting, past))
    print_figures("former member", pages)
    assert len(pages) > 40
    assert leaks(pages, UPCOMING) == []
    slug = meeting.panel.slug
    found = leaks(pages, PAST)
    assert reverse("minutes:minutes_detail", kwargs={"slug": slug, "date": past.date}) in found
    assert "/search/?q=discussed" in found
    assert reverse("minutes:actions_tracker", kwargs={"slug": slug}) in found
    members_pack = reverse("meetings:members_pack_latest", kwargs={"slug": slug, "date": meeting.date})
    assert client.get(members_pack).status_code == 404


@pytest.mark.usefixtures("seed")
def test_a_councillor_who_joined_mid_year_reads_only_the_meetings_of_their_seat(exempt_world):
    """Their seat started after the past meeting: the coming meeting's exempt papers are theirs (positive
    control), the past meeting's exempt minutes are not."""
    meeting, past = exempt_world
    joined = past.date + datetime.timedelta(days=1)
    client = seat_client(meeting.panel, "joined-mid-year", first=joined, last=None, cover=(joined, meeting.date))
    pages = crawl(client, starts_for(meeting, past))
    print_figures("joined mid-year", pages)
    assert len(pages) > 40
    assert leaks(pages, PAST) == []
    slug = meeting.panel.slug
    found = leaks(pages, UPCOMING)
    assert meeting.get_absolute_url() in found
    assert reverse("meetings:members_pack_latest", kwargs={"slug": slug, "date": meeting.date}) in found
    tender = reverse("meetings:document_detail", kwargs={"slug": slug, "date": meeting.date, "document": "tender"})
    assert tender in found
    # Why it is exempt and until when, and its report's background papers, are the member's to read.
    page = pages[tender]
    assert f"The bids are still open {UPCOMING}" in page and f"Bid scoring sheets {UPCOMING}" in page
    assert "/search/?q=tender" in found


# The record of the past and the minutes an item submits: a meeting entered from the council's records, with an
# exempt paper, put online with its packs; its exempt minutes submitted by a later agenda of another panel.
RECORD = f"{MARKER}RECORD"


@pytest.fixture
def record_world(officer_user):
    from meetings.planning import enter_past_meeting
    from minutes import services as minutes_services

    panel = factories.panel()
    held = enter_past_meeting(
        panel, timezone.localdate() - datetime.timedelta(days=700), None, "Town Hall", by=officer_user
    )
    factories.item(held, title="Open business", published_at=None)
    land = factories.item(held, title="Land sale", exempt_paragraph=3, published_at=None)
    factories.document(land, slug="valuation", title="Valuation", body_html=f"<p>{RECORD}</p>", published_at=None)
    publish_agenda(held, by=officer_user)
    minutes = minutes_services.start_minutes(held, by=officer_user)
    entry = minutes.entries.get(heading="Land sale")
    minutes_services.update_entry(
        entry, by=officer_user, version=entry.version, heading="Land sale", body_html=f"<p>{RECORD}</p>"
    )
    minutes_services.publish_draft(minutes, by=officer_user)
    board = factories.panel(name="Overview and Scrutiny Board")
    later = factories.meeting(board, date=timezone.localdate() + datetime.timedelta(days=12))
    submitting = factories.item(later, title="Minutes of the sub-panel", published_at=None)
    submitting.confirms_minutes.add(minutes)
    publish_agenda(later, by=officer_user)
    return held, later


def record_starts(held, later) -> list[str]:
    urls = [held.get_absolute_url(), later.get_absolute_url(), f"/panels/{later.panel.slug}/"]
    for meeting in (held, later):
        kwargs = {"slug": meeting.panel.slug, "date": meeting.date}
        urls += [reverse("meetings:pack_latest", kwargs=kwargs), reverse("meetings:members_pack_latest", kwargs=kwargs)]
        urls += [
            reverse(name, kwargs=kwargs | {"document": doc.slug})
            for doc in meeting.documents.all()
            for name in ("meetings:document_detail", "meetings:document_pdf")
        ]
    return urls + [reverse("minutes:minutes_detail", kwargs={"slug": held.panel.slug, "date": held.date})]


@pytest.mark.usefixtures("seed")
@pytest.mark.parametrize("who", ["anonymous", "other_councillor"])
def test_a_record_of_the_past_and_submitted_minutes_keep_exempt_content_from_the_public(who, record_world, request):
    client = Client() if who == "anonymous" else request.getfixturevalue("other_councillor_client")
    pages = crawl(client, record_starts(*record_world))
    print_figures(f"{who}, record of the past", pages)
    assert leaks(pages, RECORD) == []
    held, later = record_world
    assert "from the council’s records" in pages[held.get_absolute_url()]
    officer = request.getfixturevalue("officer_client")
    members_pack = reverse("meetings:members_pack_latest", kwargs={"slug": later.panel.slug, "date": later.date})
    assert RECORD in text_of(officer.get(members_pack)), "positive control: the members' pack carries it"
