"""Compiling and publishing an agenda: every role against every view, htmx and plain forms, concurrent edits,
uploads that must be refused, statutory notice, background publication and its failure."""

import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from meetings.models import AgendaPack, Document, Meeting, PackBuildJob
from meetings.packs import render_layout
from meetings.services import publish_agenda
from tests import factories
from tests.pdfs import make_pdf, page_texts

pytestmark = pytest.mark.usefixtures("seed")

HTMX = {"HTTP_HX_REQUEST": "true"}


def future_meeting(days: int = 30, **fields) -> Meeting:
    meeting = factories.meeting(factories.panel(), date=timezone.localdate() + datetime.timedelta(days=days), **fields)
    for title in ["Apologies for Absence", "Declarations of Interest", "Budget monitoring"]:
        factories.item(meeting, title=title, published_at=None)
    return meeting


def url(name: str, meeting: Meeting, **kwargs) -> str:
    return reverse(f"manage:{name}", kwargs={"slug": meeting.panel.slug, "date": meeting.date, **kwargs})


def titles(meeting: Meeting) -> list[tuple[str, str]]:
    return list(meeting.agenda_items.order_by("position").values_list("number", "title"))


def version(meeting: Meeting) -> int:
    meeting.refresh_from_db(fields=["agenda_version"])
    return meeting.agenda_version


# Who may do what ---------------------------------------------------------------------------------------------


def officer_get_urls(meeting: Meeting) -> list[str]:
    item = meeting.agenda_items.first()
    paper = factories.document(item, published_at=None)
    job = PackBuildJob.objects.create(meeting=meeting, status="done")
    return [
        url("agenda", meeting),
        url("item_edit", meeting, item_id=item.pk),
        url("item_remove", meeting, item_id=item.pk),
        url("paper_upload", meeting, item_id=item.pk),
        url("paper_write", meeting, item_id=item.pk),
        url("paper_edit", meeting, document_id=paper.pk),
        url("paper_remove", meeting, document_id=paper.pk),
        url("publish", meeting),
        url("publish_status", meeting, job_id=job.pk),
        url("meeting_history", meeting),
        reverse("manage:dashboard"),
    ]


def test_every_agenda_page_is_for_officers_only(role_client):
    role, client = role_client
    meeting = future_meeting()
    for page in officer_get_urls(meeting):
        response = client.get(page)
        if role == "officer":
            assert response.status_code == 200, page
        elif role == "anonymous":
            assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/"), page
        else:
            assert response.status_code == 404, page


def test_nobody_but_an_officer_can_change_an_agenda(non_officer_client):
    role, client = non_officer_client
    meeting = future_meeting()
    item = meeting.agenda_items.first()
    before = titles(meeting), version(meeting)
    posts = [
        (url("item_add", meeting), {"new-title": "Sneaky", "new-kind": "report", "new-agenda_version": before[1]}),
        (
            url("item_edit", meeting, item_id=item.pk),
            {
                f"item{item.pk}-title": "Changed",
                f"item{item.pk}-kind": "report",
                f"item{item.pk}-version": item.version,
            },
        ),
        (url("item_move", meeting, item_id=item.pk), {"agenda_version": before[1], "direction": "down"}),
        (url("item_remove", meeting, item_id=item.pk), {"agenda_version": before[1]}),
        (url("publish", meeting), {"agenda_version": before[1]}),
    ]
    for target, data in posts:
        assert client.post(target, data).status_code in {302, 404}
    assert (titles(meeting), version(meeting)) == before
    empty = factories.meeting(meeting.panel, date=meeting.date + datetime.timedelta(days=7))
    response = client.post(url("standard_items_add", empty), {"standard-agenda_version": version(empty)})
    assert response.status_code in {302, 404}
    assert titles(empty) == []
    assert not PackBuildJob.objects.filter(meeting=meeting).exists()


# Compiling ---------------------------------------------------------------------------------------------------


def test_adding_an_item_with_htmx_answers_with_the_workspace(officer_client):
    meeting = future_meeting()
    response = officer_client.post(
        url("item_add", meeting),
        {
            "new-title": "  Covid   update ",
            "new-kind": "verbal_update",
            "new-description": "An update.",
            "new-agenda_version": version(meeting),
        },
        **HTMX,
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="workspace"') and "<html" not in content
    assert titles(meeting)[-1] == ("4", "Covid update")
    assert "Front sheet preview" in content and "Covid update" in content


def test_adding_an_item_without_javascript_redirects_back(officer_client):
    meeting = future_meeting()
    response = officer_client.post(
        url("item_add", meeting), {"new-title": "Housing", "new-kind": "report", "new-agenda_version": version(meeting)}
    )
    assert response.status_code == 302 and response["Location"] == url("agenda", meeting)
    assert titles(meeting)[-1] == ("4", "Housing")


def test_an_empty_agenda_starts_with_the_standard_items_worded_from_the_schedule(officer_client):
    panel = factories.panel()
    today = timezone.localdate()
    earlier = factories.meeting(panel, date=today + datetime.timedelta(days=10))
    meeting = factories.meeting(panel, date=today + datetime.timedelta(days=40))
    factories.meeting(panel, date=today + datetime.timedelta(days=70), start_time=datetime.time(10, 30))
    page = officer_client.get(url("agenda", meeting)).content.decode()
    assert "Start with the standard items" in page
    assert 'name="standard-chair_pro_tem" checked' in page.replace(' id="id_standard-chair_pro_tem"', "")

    response = officer_client.post(
        url("standard_items_add", meeting),
        {"standard-agenda_version": version(meeting), "standard-chair_pro_tem": "on"},
        **HTMX,
    )
    assert response.status_code == 200
    assert [title for _, title in titles(meeting)] == [
        "Appointment of Chair Pro-Tem",
        "Apologies for Absence",
        "Declarations of Interest",
        f"Minutes of the Previous Meeting of the {panel.name} held on {earlier.date:%-d %B %Y}",
        f"Date and Time of Next Meeting - {today + datetime.timedelta(days=70):%-d %B %Y} at 10.30am",
        "Any other urgent items which, in the opinion of the Chair, may be considered.",
    ]
    assert [number for number, _ in titles(meeting)] == ["1", "2", "3", "4", "5", "6"]
    assert not meeting.agenda_items.filter(published_at__isnull=False).exists()
    assert "Start with the standard items" not in response.content.decode()


def test_standard_items_are_never_mixed_into_a_compiled_agenda(officer_client):
    meeting = future_meeting()
    before = titles(meeting)
    response = officer_client.post(url("standard_items_add", meeting), {"standard-agenda_version": version(meeting)})
    assert response.status_code == 302
    assert titles(meeting) == before
    page = officer_client.get(url("agenda", meeting)).content.decode()
    assert "The agenda already has items" in page


def test_standard_items_from_a_stale_page_are_refused(officer_client):
    meeting = factories.meeting(factories.panel(), date=timezone.localdate() + datetime.timedelta(days=30))
    stale_version = version(meeting)
    officer_client.post(
        url("item_add", meeting), {"new-title": "Budget", "new-kind": "report", "new-agenda_version": stale_version}
    )
    response = officer_client.post(
        url("standard_items_add", meeting), {"standard-agenda_version": stale_version}, **HTMX
    )
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    assert titles(meeting) == [("1", "Budget")]


def test_markup_in_a_title_is_kept_as_text_and_escaped(officer_client, client):
    meeting = future_meeting()
    officer_client.post(
        url("item_add", meeting),
        {"new-title": "<script>alert(1)</script> Budget", "new-kind": "report", "new-agenda_version": version(meeting)},
    )
    assert titles(meeting)[-1][1] == "<script>alert(1)</script> Budget"
    page = officer_client.get(url("agenda", meeting)).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; Budget" in page


def test_an_item_needs_a_title(officer_client):
    meeting = future_meeting()
    response = officer_client.post(
        url("item_add", meeting), {"new-title": "   ", "new-kind": "report", "new-agenda_version": version(meeting)}
    )
    assert response.status_code == 422
    assert "Enter a title for the item." in response.content.decode()
    assert len(titles(meeting)) == 3


def test_numbering_follows_order_when_moving_reordering_and_removing(officer_client):
    meeting = future_meeting()
    first, second, third = meeting.agenda_items.order_by("position")
    officer_client.post(
        url("item_move", meeting, item_id=third.pk), {"agenda_version": version(meeting), "direction": "up"}, **HTMX
    )
    assert titles(meeting) == [
        ("1", "Apologies for Absence"),
        ("2", "Budget monitoring"),
        ("3", "Declarations of Interest"),
    ]
    officer_client.post(
        url("items_reorder", meeting),
        {"agenda_version": version(meeting), "order": f"{second.pk},{third.pk},{first.pk}"},
        **HTMX,
    )
    assert [title for _, title in titles(meeting)] == [
        "Declarations of Interest",
        "Budget monitoring",
        "Apologies for Absence",
    ]
    officer_client.post(url("item_remove", meeting, item_id=third.pk), {"agenda_version": version(meeting)})
    assert titles(meeting) == [("1", "Declarations of Interest"), ("2", "Apologies for Absence")]


def test_a_stale_structural_change_is_refused_and_typed_text_kept(officer_client):
    meeting = future_meeting()
    seen = version(meeting)
    first = meeting.agenda_items.first()
    officer_client.post(url("item_move", meeting, item_id=first.pk), {"agenda_version": seen, "direction": "down"})
    response = officer_client.post(
        url("item_add", meeting),
        {
            "new-title": "My carefully typed title",
            "new-kind": "report",
            "new-description": "And its description",
            "new-agenda_version": seen,
        },
        **HTMX,
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert "changed by someone else" in content
    assert 'value="My carefully typed title"' in content and "And its description" in content
    assert "My carefully typed title" not in [title for _, title in titles(meeting)]
    stale_move = officer_client.post(
        url("item_move", meeting, item_id=first.pk), {"agenda_version": seen, "direction": "up"}, **HTMX
    )
    assert stale_move.status_code == 409


def test_two_officers_editing_one_item_never_overwrite_each_other(officer_client, django_user_model):
    from django.test import Client

    meeting = future_meeting()
    item = meeting.agenda_items.get(title="Budget monitoring")
    second_officer = Client()
    second_officer.force_login(
        django_user_model.objects.create_user(email="two@example.org", password="x" * 20, role="officer")
    )
    prefix = f"item{item.pk}"
    seen = item.version
    first = officer_client.post(
        url("item_edit", meeting, item_id=item.pk),
        {f"{prefix}-title": "Budget monitoring, quarter 2", f"{prefix}-kind": "report", f"{prefix}-version": seen},
        **HTMX,
    )
    assert first.status_code == 200
    second = second_officer.post(
        url("item_edit", meeting, item_id=item.pk),
        {
            f"{prefix}-title": "Budget monitoring (revised)",
            f"{prefix}-kind": "report",
            f"{prefix}-description": "Typed by the second officer",
            f"{prefix}-version": seen,
        },
        **HTMX,
    )
    assert second.status_code == 409
    assert second["HX-Retarget"] == f"#item-{item.pk}"
    content = second.content.decode()
    assert "Budget monitoring, quarter 2" in content  # what the first officer saved
    assert 'value="Budget monitoring (revised)"' in content and "Typed by the second officer" in content
    item.refresh_from_db()
    assert item.title == "Budget monitoring, quarter 2"
    # Saving again, having seen the difference, is a deliberate choice and goes through.
    again = second_officer.post(
        url("item_edit", meeting, item_id=item.pk),
        {
            f"{prefix}-title": "Budget monitoring (revised)",
            f"{prefix}-kind": "report",
            f"{prefix}-version": item.version,
        },
    )
    assert again.status_code == 302
    item.refresh_from_db()
    assert item.title == "Budget monitoring (revised)"


def test_editing_an_item_in_place_returns_its_form(officer_client):
    meeting = future_meeting()
    item = meeting.agenda_items.first()
    response = officer_client.get(url("item_edit", meeting, item_id=item.pk), **HTMX)
    content = response.content.decode()
    assert content.lstrip().startswith(f'<li class="edit-item edit-item--editing" id="item-{item.pk}"')
    assert response["Vary"] and "HX-Request" in response["Vary"]
    full = officer_client.get(url("item_edit", meeting, item_id=item.pk)).content.decode()
    assert "<html" in full and "<h1>Edit item 1</h1>" in full


def test_marking_an_item_exempt_keeps_it_out_of_the_public_preview(officer_client):
    meeting = future_meeting()
    item = meeting.agenda_items.get(title="Budget monitoring")
    prefix = f"item{item.pk}"
    officer_client.post(
        url("item_edit", meeting, item_id=item.pk),
        {
            f"{prefix}-title": "Budget monitoring",
            f"{prefix}-kind": "report",
            f"{prefix}-description": "SECRET-PREVIEW-1122",
            f"{prefix}-exempt_paragraph": "3",
            f"{prefix}-exemption_reasons": "Commercially sensitive until the contract is let.",
            f"{prefix}-version": item.version,
        },
    )
    item.refresh_from_db()
    assert item.exempt_paragraph == 3
    preview = officer_client.get(url("agenda", meeting)).content.decode().split('class="front-sheet-preview__page"')[1]
    assert "Exempt: paragraph 3 of Schedule 12A" in preview and "SECRET-PREVIEW-1122" not in preview


def test_agenda_editor_query_count_is_fixed_whatever_the_number_of_items(officer_client):
    small, large = future_meeting(), future_meeting(days=40)
    for n in range(25):
        factories.document(factories.item(large, title=f"Extra {n}", published_at=None), published_at=None)

    def count(meeting):
        with CaptureQueriesContext(connection) as queries:
            assert officer_client.get(url("agenda", meeting)).status_code == 200
        return len(queries)

    assert count(small) == count(large) <= 30


# Papers ------------------------------------------------------------------------------------------------------


def upload(client, meeting, item, data: bytes, name: str = "paper.pdf", title: str = "Appendix A"):
    return client.post(
        url("paper_upload", meeting, item_id=item.pk), {"title": title, "kind": "appendix", "file": io_file(data, name)}
    )


def io_file(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/pdf")


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["SECRET"]))))
    writer.encrypt("password")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_uploading_a_pdf_attaches_it_with_its_page_count(officer_client):
    meeting = future_meeting()
    item = meeting.agenda_items.get(title="Budget monitoring")
    response = upload(officer_client, meeting, item, make_pdf(["P1", "P2"]))
    assert response.status_code == 302
    paper = item.documents.get()
    assert (paper.title, paper.kind, paper.page_count, paper.published_at) == ("Appendix A", "appendix", 2, None)
    assert paper.file.name.endswith(".pdf") and "paper" not in paper.file.name  # our name, not the uploader's


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: make_pdf(["x"])[:400], "damaged"),
        (encrypted_pdf, "password-protected"),
        (lambda: b"\x89PNG\r\n\x1a\n" + b"0" * 2000, "not a PDF"),
        (lambda: b"", "empty"),
    ],
    ids=["truncated", "encrypted", "not-a-pdf", "empty"],
)
def test_unusable_uploads_are_refused_with_a_clear_message(officer_client, make, message):
    meeting = future_meeting()
    item = meeting.agenda_items.get(title="Budget monitoring")
    response = upload(officer_client, meeting, item, make(), title="Kept title")
    assert response.status_code == 422
    content = response.content.decode()
    assert message in content.lower() or message in content
    assert 'value="Kept title"' in content
    assert not item.documents.exists()


def test_oversized_upload_is_refused(officer_client):
    meeting = future_meeting()
    item = meeting.agenda_items.get(title="Budget monitoring")
    with override_settings(PORTAL_MAX_UPLOAD_BYTES=2000):
        response = upload(officer_client, meeting, item, make_pdf(["x"] * 3))
    assert response.status_code == 422 and "papers can be at most" in response.content.decode()
    assert not item.documents.exists()


def test_writing_a_report_sanitises_it(officer_client):
    meeting = future_meeting()
    item = meeting.agenda_items.get(title="Budget monitoring")
    response = officer_client.post(
        url("paper_write", meeting, item_id=item.pk),
        {
            "title": "Budget report",
            "kind": "report",
            "body_html": "<h1>Summary</h1><div>Text <strong>bold</strong></div><script>alert(1)</script>"
            '<img src="http://10.0.0.1/x" onerror="alert(2)"><a href="javascript:alert(3)">link</a>',
        },
    )
    assert response.status_code == 302
    body = item.documents.get().body_html
    assert "<h2>Summary</h2>" in body and "<strong>bold</strong>" in body
    assert "script" not in body and "img" not in body and "javascript" not in body and "onerror" not in body


def test_a_plain_text_report_becomes_paragraphs(officer_client):
    meeting = future_meeting()
    item = meeting.agenda_items.get(title="Budget monitoring")
    officer_client.post(
        url("paper_write", meeting, item_id=item.pk),
        {"title": "Note", "kind": "report", "body_html": "First para.\n\nSecond <para>."},
    )
    assert item.documents.get().body_html == "<p>First para.</p><p>Second &lt;para&gt;.</p>"


def test_an_empty_report_is_refused(officer_client):
    meeting = future_meeting()
    item = meeting.agenda_items.get(title="Budget monitoring")
    response = officer_client.post(
        url("paper_write", meeting, item_id=item.pk),
        {"title": "Note", "kind": "report", "body_html": "<p> </p><script>x</script>"},
    )
    assert response.status_code == 422 and "Write the report" in response.content.decode()


def test_papers_reorder_and_remove(officer_client):
    meeting = future_meeting()
    item = meeting.agenda_items.get(title="Budget monitoring")
    a, b = factories.document(item, title="A", position=1), factories.document(item, title="B", position=2)
    officer_client.post(
        url("paper_move", meeting, document_id=b.pk), {"agenda_version": version(meeting), "direction": "up"}
    )
    assert list(item.documents.order_by("position").values_list("title", flat=True)) == ["B", "A"]
    officer_client.post(url("paper_remove", meeting, document_id=a.pk), {"agenda_version": version(meeting)})
    assert list(item.documents.values_list("title", flat=True)) == ["B"]


def test_stale_report_edit_keeps_the_typed_text(officer_client):
    meeting = future_meeting()
    item = meeting.agenda_items.get(title="Budget monitoring")
    paper = factories.document(item, title="Report", body_html="<p>Original</p>")
    Document.objects.filter(pk=paper.pk).update(version=paper.version + 1, body_html="<p>Someone else's</p>")
    response = officer_client.post(
        url("paper_edit", meeting, document_id=paper.pk),
        {
            "title": "Report",
            "kind": "report",
            "body_html": "<p>My long careful text</p>",
            "version": paper.version,
        },
    )
    assert response.status_code == 409
    assert "My long careful text" in response.content.decode()
    paper.refresh_from_db()
    assert paper.body_html == "<p>Someone else's</p>"


# Publishing --------------------------------------------------------------------------------------------------


def test_publishing_with_full_notice_builds_the_pack_in_the_background(officer_client, client):
    meeting = future_meeting(days=30)
    response = officer_client.post(url("publish", meeting), {"agenda_version": version(meeting)})
    job = PackBuildJob.objects.get(meeting=meeting)
    assert response.status_code == 302 and response["Location"] == url("publish_status", meeting, job_id=job.pk)
    assert job.status == "done" and job.packs.count() == 1
    status = officer_client.get(response["Location"]).content.decode()
    assert "The agenda is published" in status and "Public pack, version 1" in status
    public = client.get(meeting.get_absolute_url()).content.decode()
    assert "Budget monitoring" in public and "Download the public pack" in public
    meeting.refresh_from_db()
    assert meeting.status == "agenda_published" and meeting.agenda_published_at and meeting.dispatch_date


def test_publishing_status_polls_until_finished(officer_client):
    meeting = future_meeting()
    job = PackBuildJob.objects.create(meeting=meeting, status="running", started_at=timezone.now())
    content = officer_client.get(url("publish_status", meeting, job_id=job.pk), **HTMX).content.decode()
    assert 'data-hx-trigger="every 1s"' in content and "Building the agenda pack" in content
    page = officer_client.get(url("publish_status", meeting, job_id=job.pk)).content.decode()
    assert '<meta http-equiv="refresh"' in page  # without JavaScript the page refreshes itself


def test_late_publication_needs_a_reason_which_the_public_sees(officer_client, client):
    meeting = future_meeting(days=3)
    refused = officer_client.post(url("publish", meeting), {"agenda_version": version(meeting)})
    assert refused.status_code == 422 and "the law asks for five" in refused.content.decode()
    assert not PackBuildJob.objects.filter(meeting=meeting).exists()
    officer_client.post(
        url("publish", meeting),
        {"agenda_version": version(meeting), "urgency_reason": "The budget figures arrived late."},
    )
    assert PackBuildJob.objects.get(meeting=meeting).status == "done"
    assert "The budget figures arrived late." in client.get(meeting.get_absolute_url()).content.decode()


def test_a_past_meeting_cannot_be_published(officer_client):
    meeting = factories.meeting(date=timezone.localdate() - datetime.timedelta(days=1))
    factories.item(meeting, published_at=None)
    response = officer_client.post(
        url("publish", meeting), {"agenda_version": version(meeting), "urgency_reason": "Too late"}
    )
    assert response.status_code == 422 and "already taken place" in response.content.decode()


def test_changes_after_publication_make_a_supplementary_agenda(officer_client, client, committed):
    meeting = future_meeting(days=4)
    officer_client.post(url("publish", meeting), {"agenda_version": version(meeting), "urgency_reason": "Short"})
    officer_client.post(
        url("item_add", meeting),
        {"new-title": "Urgent: school places", "new-kind": "report", "new-agenda_version": version(meeting)},
    )
    item = meeting.agenda_items.get(title="Urgent: school places")
    assert item.is_late and item.published_at is None
    assert "Urgent: school places" not in client.get(meeting.get_absolute_url()).content.decode()
    workspace = officer_client.get(url("agenda", meeting)).content.decode()
    assert "Publish a supplementary agenda" in workspace
    with committed():
        officer_client.post(
            url("publish", meeting),
            {"agenda_version": version(meeting), "urgency_reason": "Places decision needed this month."},
        )
    item.refresh_from_db()
    assert item.published_at and item.urgency_reason == "Places decision needed this month."
    packs = AgendaPack.objects.filter(meeting=meeting, variant="public").order_by("version")
    assert [pack.version for pack in packs] == [1, 2] and packs[1].note == "Supplementary agenda"
    public = client.get(meeting.get_absolute_url()).content.decode()
    assert "Late item" in public and "Places decision needed this month." in public


def test_a_failed_build_publishes_nothing_and_keeps_the_previous_pack(officer_client, client, monkeypatch):
    meeting = future_meeting(days=30)
    officer_user = officer_client.get(reverse("manage:dashboard")).wsgi_request.user
    first = publish_agenda(meeting, by=officer_user)[0].pack
    original = first.file.open("rb").read()
    factories.item(meeting, title="Item added later", published_at=None)

    def broken_layout(*args, **kwargs):
        raise RuntimeError("the renderer ran out of memory")

    monkeypatch.setattr("meetings.packs.render_layout", broken_layout)
    officer_client.post(url("publish", meeting), {"agenda_version": version(meeting)})
    job = PackBuildJob.objects.filter(meeting=meeting).latest("created_at")
    assert job.status == "failed" and "previous version of the pack is still the published one" in job.error
    assert "Publishing failed" in officer_client.get(url("publish_status", meeting, job_id=job.pk)).content.decode()
    assert meeting.agenda_items.get(title="Item added later").published_at is None
    assert list(AgendaPack.objects.filter(meeting=meeting).values_list("version", flat=True)) == [1]
    first.refresh_from_db()
    assert first.file.open("rb").read() == original
    assert "Item added later" not in "\n".join(
        page_texts(
            client.get(
                reverse("meetings:pack_latest", kwargs={"slug": meeting.panel.slug, "date": meeting.date})
            ).getvalue()
        )
    )


def test_a_build_failing_half_way_leaves_no_file_behind(officer_client, monkeypatch):
    """The public pack is stored, then the members' pack fails: the public one rolls back, and so does its file."""
    meeting = future_meeting(days=30)
    officer_user = officer_client.get(reverse("manage:dashboard")).wsgi_request.user
    publish_agenda(meeting, by=officer_user)
    folder = f"packs/{meeting.panel.slug}/{meeting.date:%Y-%m-%d}"
    files_before = default_storage.listdir(folder)[1]
    factories.item(meeting, title="Contract award", exempt_paragraph=3, published_at=None)
    real_layout = render_layout

    def members_pack_fails(source):
        if "members-pack" in source.html:
            raise RuntimeError("a font is missing")
        return real_layout(source)

    monkeypatch.setattr("meetings.packs.render_layout", members_pack_fails)
    officer_client.post(url("publish", meeting), {"agenda_version": version(meeting)})
    job = PackBuildJob.objects.filter(meeting=meeting).latest("created_at")
    assert job.status == "failed" and "a font is missing" in job.error
    assert list(AgendaPack.objects.filter(meeting=meeting).values_list("variant", "version")) == [("public", 1)]
    assert default_storage.listdir(folder)[1] == files_before


def test_history_records_who_changed_what(officer_client):
    meeting = future_meeting()
    item = meeting.agenda_items.get(title="Budget monitoring")
    prefix = f"item{item.pk}"
    officer_client.post(
        url("item_edit", meeting, item_id=item.pk),
        {f"{prefix}-title": "Budget monitoring Q2", f"{prefix}-kind": "report", f"{prefix}-version": item.version},
    )
    page = officer_client.get(url("meeting_history", meeting)).content.decode()
    assert "officer@example.org" in page
    assert "“Budget monitoring” → “Budget monitoring Q2”" in page


def test_notice_counts_clear_working_days_without_bank_holidays():
    from meetings.notice import clear_working_days, notice_is_met, publication_deadline

    # The seed agenda: dispatched Monday 13 September 2021 for Tuesday 21 September: exactly five clear days.
    assert clear_working_days(datetime.date(2021, 9, 13), datetime.date(2021, 9, 21)) == 5
    assert publication_deadline(datetime.date(2021, 9, 21)) == datetime.date(2021, 9, 13)
    assert not notice_is_met(datetime.date(2021, 9, 14), datetime.date(2021, 9, 21))
    # Christmas and New Year 2024: 25, 26 December and 1 January are bank holidays in England and Wales.
    assert clear_working_days(datetime.date(2024, 12, 20), datetime.date(2025, 1, 2)) == 5
    assert publication_deadline(datetime.date(2025, 1, 2)) == datetime.date(2024, 12, 20)
    # Good Friday (18 April) and Easter Monday (21 April) 2025 are bank holidays: 17, 22 and 23 April count.
    assert clear_working_days(datetime.date(2025, 4, 16), datetime.date(2025, 4, 24)) == 3


def test_meeting_details_are_edited_and_shown_publicly(officer_client, client):
    meeting = future_meeting()
    response = officer_client.post(
        url("meeting_details", meeting),
        {
            "venue": "Mandela Room, Town Hall",
            "livestream_url": "https://www.youtube.com/@example",
            "livestream_note": "Watch live",
            "signatory_address": "Town Hall\nMiddlesbrough",
            "agenda_version": version(meeting),
        },
    )
    assert response.status_code == 302
    public = client.get(meeting.get_absolute_url()).content.decode()
    assert "Mandela Room, Town Hall" in public and 'href="https://www.youtube.com/@example"' in public


def test_a_livestream_address_must_be_https(officer_client):
    meeting = future_meeting()
    response = officer_client.post(
        url("meeting_details", meeting),
        {
            "venue": "Town Hall",
            "livestream_url": "javascript:alert(1)",
            "agenda_version": version(meeting),
        },
    )
    assert response.status_code == 422
    meeting.refresh_from_db()
    assert meeting.livestream_url == ""


def test_publishing_attaches_the_previous_minutes_as_a_paper(officer_client, officer_user):
    from meetings.planning import add_meeting
    from minutes.models import Minutes

    panel = factories.panel()
    earlier = factories.meeting(panel, date=timezone.localdate() - datetime.timedelta(days=20))
    minutes = Minutes.objects.create(meeting=earlier, status=Minutes.Status.PUBLISHED)
    later = add_meeting(
        panel,
        date=timezone.localdate() + datetime.timedelta(days=30),
        start_time=datetime.time(16),
        venue="Town Hall",
        by=officer_user,
    )
    publish_agenda(later, by=officer_user)
    paper = later.documents.get(minutes=minutes)
    assert paper.agenda_item.kind == "previous_minutes" and paper.published_at
    assert paper.title == f"Minutes of the meeting held on {earlier.date.day} {earlier.date:%B %Y}"
