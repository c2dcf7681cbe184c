"""Property-based tests of forms and uploads: whatever is sent, the answer is a page (never a 500), bad input
gets a message, and nothing already saved is lost or altered by a refused request."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from meetings.models import AgendaItem, Document, Meeting
from tests import factories
from tests.pdfs import make_pdf

pytestmark = pytest.mark.usefixtures("seed")

FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

NASTY_TEXT = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "javascript:alert(1)",
            "Ünïcødé Ñame — ‘quotes’ “more” 漢字 🏛️",
            "\u202eright-to-left override",
            "\x00nul byte",
            "a" * 5000,
            "{{ 7*7 }} {% debug %}",
            "'; DROP TABLE meetings_meeting; --",
            "\r\n\r\nInjected: header",
            "   ",
        ]
    ),
)
DATES = st.one_of(
    st.dates().map(str),
    st.sampled_from(["2021-02-30", "2021-13-01", "0000-00-00", "31/12/2021", "yesterday", ""]),
)


def rolled_back(function):
    """Run one example inside a transaction that is always undone, so examples never see each other."""
    with transaction.atomic():
        try:
            return function()
        finally:
            transaction.set_rollback(True)


def snapshot(meeting: Meeting) -> tuple:
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("pk").values())
    papers = list(Document.objects.filter(meeting=meeting).order_by("pk").values())
    return items, papers


@pytest.fixture
def agenda(officer_client):
    meeting = factories.meeting(date=timezone.localdate() + datetime.timedelta(days=30))
    item = factories.item(meeting, title="Budget", published_at=None)
    factories.document(item, slug="budget", title="Budget report", published_at=None)
    return meeting, item


def post(client: Client, url: str, data: dict):
    response = client.post(url, data)
    assert response.status_code < 500, f"{url} answered {response.status_code} for {data!r}"
    return response


@FUZZ
@given(
    title=NASTY_TEXT,
    description=NASTY_TEXT,
    kind=st.sampled_from(["report", "other", "nonsense", ""]),
    paragraph=st.sampled_from(["", "1", "7", "8", "0", "-1", "x"]),
)
def test_adding_items_never_fails_and_refusals_change_nothing(
    officer_client, agenda, title, description, kind, paragraph
):
    meeting, _ = agenda

    def example():
        before = snapshot(meeting)
        meeting.refresh_from_db()
        response = post(
            officer_client,
            reverse("manage:item_add", kwargs={"slug": meeting.panel.slug, "date": meeting.date}),
            {
                "new-title": title,
                "new-description": description,
                "new-kind": kind,
                "new-exempt_paragraph": paragraph,
                "new-agenda_version": meeting.agenda_version,
            },
        )
        if response.status_code != 302:
            assert snapshot(meeting) == before
            assert "There is a problem" in response.content.decode()
        else:
            added = meeting.agenda_items.order_by("-position").first()
            assert added.title == " ".join(title.split())  # kept as text, never interpreted
            assert added.exempt_paragraph in (None, 1, 7)

    rolled_back(example)


@FUZZ
@given(title=NASTY_TEXT, version=st.one_of(st.integers(min_value=-5, max_value=5).map(str), st.just("abc")))
def test_editing_items_with_any_version_never_loses_saved_data(officer_client, agenda, title, version):
    meeting, item = agenda

    def example():
        before = snapshot(meeting)
        prefix = f"item{item.pk}"
        response = post(
            officer_client,
            reverse("manage:item_edit", kwargs={"slug": meeting.panel.slug, "date": meeting.date, "item_id": item.pk}),
            {f"{prefix}-title": title, f"{prefix}-kind": "report", f"{prefix}-version": version},
        )
        if response.status_code != 302:
            assert snapshot(meeting) == before
        else:
            assert version == str(item.version)

    rolled_back(example)


@FUZZ
@given(body=NASTY_TEXT, title=NASTY_TEXT, date=DATES)
def test_writing_reports_never_fails_and_never_stores_script(officer_client, agenda, body, title, date):
    meeting, item = agenda

    def example():
        before = snapshot(meeting)
        response = post(
            officer_client,
            reverse(
                "manage:paper_write", kwargs={"slug": meeting.panel.slug, "date": meeting.date, "item_id": item.pk}
            ),
            {"title": title, "kind": "report", "date": date, "body_html": body},
        )
        if response.status_code != 302:
            assert snapshot(meeting) == before
        else:
            stored = item.documents.order_by("-pk").first().body_html
            assert not re.search(r"<script|<[^>]*\son[a-z]+\s*=|href=\"javascript:", stored, re.IGNORECASE)

    rolled_back(example)


def encrypted(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


GOOD_PDF = make_pdf(["a", "b"])
UPLOADS = st.one_of(
    st.binary(max_size=3000),
    st.integers(min_value=1, max_value=len(GOOD_PDF) - 1).map(lambda cut: GOOD_PDF[:cut]),
    st.just(encrypted(GOOD_PDF)),
    st.just(b"%PDF-1.7\n" + b"\x00" * 5000),
    st.just(GOOD_PDF.replace(b"/Type /Page", b"/Type /Pagx")),
    st.just(GOOD_PDF),
)


@FUZZ
@given(data=UPLOADS, name=st.sampled_from(["paper.pdf", "paper.exe", "../../etc/passwd", "", "x" * 300]))
def test_uploads_are_checked_by_content_and_refusals_change_nothing(officer_client, agenda, data, name):
    meeting, item = agenda

    def example():
        before = snapshot(meeting)
        upload = SimpleUploadedFile(name or "unnamed", data, content_type="application/pdf")
        response = post(
            officer_client,
            reverse(
                "manage:paper_upload", kwargs={"slug": meeting.panel.slug, "date": meeting.date, "item_id": item.pk}
            ),
            {"title": "Appendix", "kind": "appendix", "file": upload},
        )
        if response.status_code != 302:
            assert snapshot(meeting) == before
            assert "error-message" in response.content.decode()
        else:
            paper = item.documents.order_by("-pk").first()
            assert paper.file.name.startswith("documents/") and ".." not in paper.file.name
            assert PdfReader(paper.file.open("rb")).pages

    rolled_back(example)


@FUZZ
@given(reason=NASTY_TEXT, version=st.integers(min_value=-2, max_value=3))
def test_publishing_refusals_publish_nothing(officer_client, reason, version):
    meeting = factories.meeting(date=timezone.localdate() + datetime.timedelta(days=2))
    factories.item(meeting, title="Urgent", published_at=None)

    def example():
        response = post(
            officer_client,
            reverse("manage:publish", kwargs={"slug": meeting.panel.slug, "date": meeting.date}),
            {"agenda_version": version, "urgency_reason": reason},
        )
        meeting.refresh_from_db()
        if response.status_code != 302:
            assert meeting.agenda_published_at is None
            assert not meeting.agenda_items.filter(published_at__isnull=False).exists()
        else:
            assert reason.strip() and version == 1

    rolled_back(example)


@FUZZ
@given(query=NASTY_TEXT, start=DATES, end=DATES, page=st.sampled_from(["1", "0", "-1", "999999", "x", ""]))
def test_search_never_fails(client, query, start, end, page):
    response = client.get("/search/", {"q": query, "start_date": start, "end_date": end, "page": page})
    assert response.status_code in (200, 400, 404)
    assert "<script>alert(1)</script>" not in response.content.decode()


@FUZZ
@given(
    path_date=st.sampled_from(["2021-02-29", "2021-09-21", "9999-12-31", "2021-00-10"]),
    slug=st.sampled_from(["children-and-young-peoples-social-care-and-services", "x" * 200, "nope"]),
)
def test_unknown_or_impossible_addresses_are_404_not_500(client, path_date, slug):
    for path in (
        f"/panels/{slug}/meetings/{path_date}/",
        f"/panels/{slug}/meetings/{path_date}/pack.pdf",
        f"/panels/{slug}/meetings/{path_date}/minutes/",
        f"/api/meetings/?start_date={path_date}",
    ):
        assert client.get(path).status_code in (200, 301, 400, 404)


@FUZZ
@given(email=NASTY_TEXT, password=NASTY_TEXT)
def test_sign_in_never_fails(email, password):
    response = Client().post("/accounts/sign-in/", {"username": email, "password": password})
    assert response.status_code in (200, 429)


# Planning, the work programme, meeting details, apologies and notes ----------------------------------------------


def schedule_snapshot(panel) -> list:
    from meetings.models import ScheduleChange

    return [
        list(Meeting.objects.filter(panel=panel).order_by("pk").values()),
        list(ScheduleChange.objects.filter(meeting__panel=panel).order_by("pk").values()),
    ]


@FUZZ
@given(date=DATES, time=st.sampled_from(["16:00", "25:61", "", "4pm", "00:00"]), venue=NASTY_TEXT)
def test_adding_meetings_never_fails_and_refusals_change_nothing(officer_client, date, time, venue):
    panel = factories.panel()

    def example():
        before = schedule_snapshot(panel)
        response = post(
            officer_client,
            reverse("manage:add_meeting", kwargs={"slug": panel.slug}),
            {"date": date, "start_time": time, "venue": venue},
        )
        if response.status_code != 302:
            assert schedule_snapshot(panel) == before
        else:
            added = Meeting.objects.filter(panel=panel).latest("pk")
            assert added.date >= timezone.localdate() and added.venue == venue.strip()

    rolled_back(example)


@FUZZ
@given(date=DATES, reason=NASTY_TEXT)
def test_moving_and_cancelling_never_fail_and_refusals_change_nothing(officer_client, date, reason):
    meeting = factories.meeting(date=timezone.localdate() + datetime.timedelta(days=20))

    def example():
        before = schedule_snapshot(meeting.panel)
        kwargs = {"slug": meeting.panel.slug, "date": meeting.date}
        moved = post(
            officer_client,
            reverse("manage:move_meeting", kwargs=kwargs),
            {"new_date": date, "new_time": "16:00", "reason": reason},
        )
        if moved.status_code != 302:
            assert schedule_snapshot(meeting.panel) == before
            cancelled = post(officer_client, reverse("manage:cancel_meeting", kwargs=kwargs), {"reason": reason})
            if cancelled.status_code != 302:
                assert schedule_snapshot(meeting.panel) == before

    rolled_back(example)


@FUZZ
@given(title=NASTY_TEXT, notes=NASTY_TEXT, category=st.sampled_from(["full_review", "one_off", "nonsense", ""]))
def test_work_programme_topics_never_fail(officer_client, title, notes, category, client):
    from meetings.models import WorkProgrammeTopic

    panel = factories.panel()
    year = 2026

    def example():
        before = list(WorkProgrammeTopic.objects.filter(panel=panel).values())
        response = post(
            officer_client,
            reverse("manage:add_topic", kwargs={"slug": panel.slug, "year": year}),
            {"title": title, "category": category, "notes": notes},
        )
        if response.status_code != 302:
            assert list(WorkProgrammeTopic.objects.filter(panel=panel).values()) == before
        else:
            public = client.get(panel.get_absolute_url()).content.decode()
            assert "<script>alert(1)</script>" not in public

    rolled_back(example)


@FUZZ
@given(
    venue=NASTY_TEXT,
    url_=st.sampled_from(["https://example.org/live", "javascript:alert(1)", "http://x", "", "::"]),
    note=NASTY_TEXT,
    version=st.integers(min_value=0, max_value=3),
)
def test_meeting_details_never_fail(officer_client, agenda, venue, url_, note, version):
    meeting, _ = agenda

    def example():
        before = list(Meeting.objects.filter(pk=meeting.pk).values())
        response = post(
            officer_client,
            reverse("manage:meeting_details", kwargs={"slug": meeting.panel.slug, "date": meeting.date}),
            {"venue": venue, "livestream_url": url_, "livestream_note": note, "agenda_version": version},
        )
        if response.status_code != 302:
            assert list(Meeting.objects.filter(pk=meeting.pk).values()) == before
        else:
            meeting.refresh_from_db()
            assert not meeting.livestream_url or meeting.livestream_url.startswith("https://")

    rolled_back(example)


@FUZZ
@given(message=NASTY_TEXT, note=NASTY_TEXT)
def test_apologies_and_private_notes_never_fail(councillor_client, panel_with_councillors, message, note):
    from meetings.models import Apology
    from portal.models import PrivateNote

    panel, _, _ = panel_with_councillors

    def example():
        meeting = factories.published_meeting(panel, date=timezone.localdate() + datetime.timedelta(days=12))
        paper = factories.document(factories.item(meeting))
        kwargs = {"slug": panel.slug, "date": meeting.date}
        response = post(councillor_client, reverse("meetings:apologies", kwargs=kwargs), {"message": message})
        if response.status_code == 302:
            assert Apology.objects.get(meeting=meeting).message == message.strip() or message.strip() == ""
        response = post(
            councillor_client,
            reverse("meetings:document_note", kwargs={**kwargs, "document": paper.slug}),
            {"text": note},
        )
        assert response.status_code == 302
        stored = PrivateNote.objects.filter(document=paper).first()
        acceptable = len(note) <= 20_000 and "\x00" not in note
        assert (stored.text if stored else "") == (note.strip() if acceptable else "")

    rolled_back(example)
