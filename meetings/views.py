"""Public pages for panels, meetings and their papers."""

import datetime
from functools import partial
from types import SimpleNamespace

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

from meetings import selectors
from meetings.audience import PUBLIC
from meetings.models import AgendaPack
from meetings.notes import NoteForm, note_for
from meetings.packs.collect import collect
from meetings.packs.documents import rendered_paper_pdf
from meetings.pdf_files import published_copy
from meetings.reading_copy import reading_copy_of
from portal.page_cache import cache_public_page, reader_fragments


@require_safe
@cache_public_page
def panel_list(request: HttpRequest) -> HttpResponse:
    panels, retired_panels = selectors.panels_for_listing()
    return render(request, "meetings/panel_list.html", {"panels": panels, "retired_panels": retired_panels})


@require_safe
@cache_public_page
def panel_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.panel_page(slug, request.audience, timezone.localdate())
    return render(
        request, "meetings/panel_detail.html", {"page": page, "panel": page.panel, "page_council": page.panel.council}
    )


@require_safe
@cache_public_page
def meeting_detail(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    audience = request.audience

    def render_parts():
        meeting = selectors.meeting_page(slug, date, audience)
        return (meeting.pk, meeting.panel_id, meeting.date), meeting_parts(meeting)

    try:
        if request.user.is_authenticated and not audience.is_officer:
            # Every councillor who may read this meeting's exempt papers sees the same agenda, and every other
            # reader but officers (who see drafts) sees the public one: shared between them under the reader
            # version. The page around it (name, sign-out form) is this reader's own.
            page = reader_fragments("meeting", request.path, partial(_meeting_variant, audience), render_parts)
        else:
            page = render_parts()[1]
    except Http404:
        moved = selectors.moved_meeting(slug, date)
        if moved is None:
            raise
        return redirect(moved, permanent=True)
    return render(request, "meetings/meeting_detail.html", {"page": page, "page_council": page["council"]})


def meeting_parts(meeting) -> dict:
    """The meeting page's parts that are the same for every reader of the audience it was read for."""
    panel = meeting.panel
    return {
        "content": render_to_string("meetings/_meeting_content.html", {"meeting": meeting, "panel": panel}),
        "panel_name": panel.name,
        "panel_url": panel.get_absolute_url(),
        "meeting_url": meeting.get_absolute_url(),
        "date": meeting.date,
        "council": {"name": panel.council.name},
    }


def _meeting_variant(audience, subject: tuple[int, int, datetime.date]) -> str:
    """What a reader who is not an officer sees of a meeting: its exempt information, or what the public sees."""
    pk, panel_id, date = subject
    return "members" if audience.may_read_exempt(SimpleNamespace(pk=pk, panel_id=panel_id, date=date)) else "public"


@require_safe
@cache_public_page
def document_detail(request: HttpRequest, slug: str, date: datetime.date, document: str) -> HttpResponse:
    paper = selectors.document_page(slug, date, document, request.audience)
    if paper.minutes_id:
        return redirect(paper.minutes.get_absolute_url())
    note = note_for(request.user, paper)
    return render(
        request,
        "meetings/document_detail.html",
        {
            "document": paper,
            "meeting": paper.meeting,
            "panel": paper.meeting.panel,
            "page_council": paper.meeting.panel.council,
            "note_form": NoteForm(initial={"text": note.text if note else ""})
            if request.user.is_authenticated
            else None,
            "note": note,
        },
    )


@require_safe
@cache_public_page
def document_text(request: HttpRequest, slug: str, date: datetime.date, document: str) -> HttpResponse:
    """The reading copy of an uploaded PDF paper: its text as a plain web page. Read through the same visibility
    rule as the paper itself, so an exempt paper's reading copy is only for those who may read the paper."""
    paper = selectors.document_or_404(slug, date, document, request.audience)
    if not paper.is_uploaded_pdf:
        return redirect(paper)  # written here or minutes: the paper's own page is the web page
    return render(
        request,
        "meetings/document_text.html",
        {
            "document": paper,
            "meeting": paper.meeting,
            "panel": paper.meeting.panel,
            "page_council": paper.meeting.panel.council,
            "copy": reading_copy_of(paper),
        },
    )


def _pdf_response(request: HttpRequest, open_or_render, *, filename: str, public: bool, etag: str = "") -> HttpResponse:
    """A PDF. What the public may read goes out with `public, no-cache`: any paper can become exempt and any pack
    version can be withdrawn at any moment, so no browser or shared cache may reuse it without asking again (the
    ETag makes asking cheap: 304 Not Modified). Anything else is `private, no-store`."""
    cache_control = "public, no-cache" if public else "private, no-store"
    if etag:
        headers = HttpResponse()
        headers["ETag"] = f'"{etag}"'
        headers["Cache-Control"] = cache_control
        conditional = get_conditional_response(request, etag=headers["ETag"], response=headers)
        if conditional is not headers:
            return conditional  # 304 Not Modified (or 412), before the file is opened
    data_or_file = open_or_render()
    if isinstance(data_or_file, bytes):
        response = HttpResponse(data_or_file, content_type="application/pdf")
    else:
        response = FileResponse(data_or_file, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    if etag:
        response["ETag"] = f'"{etag}"'
    return response


def _serve_pack(request: HttpRequest, slug: str, date: datetime.date, variant: str, version: int | None):
    meeting = selectors.meeting_or_404(slug, date, request.audience)
    pack = selectors.pack_or_404(meeting, variant, request.audience, version)
    filename = f"{slug}-{date.isoformat()}-{variant}-pack-v{pack.version}.pdf"
    return _pdf_response(
        request,
        lambda: pack.file.open("rb"),
        filename=filename,
        public=pack.is_visible_to(PUBLIC),
        etag=pack.sha256,
    )


@require_safe
def pack_latest(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    return _serve_pack(request, slug, date, AgendaPack.Variant.PUBLIC, None)


@require_safe
def members_pack_latest(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    return _serve_pack(request, slug, date, AgendaPack.Variant.MEMBERS, None)


@require_safe
def pack_version(request: HttpRequest, slug: str, date: datetime.date, variant: str, version: int) -> HttpResponse:
    if variant not in AgendaPack.Variant.values:
        raise Http404("No such pack")
    return _serve_pack(request, slug, date, variant, version)


@require_safe
def document_pdf(request: HttpRequest, slug: str, date: datetime.date, document: str) -> HttpResponse:
    paper = selectors.document_or_404(slug, date, document, request.audience)
    if paper.minutes_id and not paper.minutes.is_public:
        raise Http404("These minutes are not published")  # officers only get here: the paper shows public minutes
    public = paper.is_visible_to(PUBLIC)
    if paper.is_uploaded_pdf:
        # The copy the portal republishes (as in the packs): no scripts, actions, embedded files or non-web links.
        return _pdf_response(
            request,
            lambda: paper.published_file.open("rb") if paper.published_file else published_copy(paper),
            filename=f"{paper.slug}.pdf",
            public=public,
            etag=f"{paper.file_sha256}-p",
        )
    return _pdf_response(request, lambda: rendered_paper_pdf(paper), filename=f"{paper.slug}.pdf", public=public)


@require_safe
def document_original(request: HttpRequest, slug: str, date: datetime.date, document: str) -> HttpResponse:
    """The uploaded PDF byte for byte, for officers only (everyone else is told it does not exist)."""
    paper = selectors.document_or_404(slug, date, document, request.audience)
    if not request.audience.is_officer or not paper.is_uploaded_pdf:
        raise Http404("No such paper")
    return _pdf_response(
        request,
        lambda: paper.file.open("rb"),
        filename=f"{paper.slug}-original.pdf",
        public=False,
        etag=paper.file_sha256,
    )


@require_safe
@cache_public_page
def front_sheet(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    """The pack's front sheet as HTML, for checking, with the page ranges of the latest built pack."""
    meeting = selectors.meeting_or_404(slug, date, request.audience)
    latest = selectors.front_sheet_pack(meeting, request.audience)
    # The members' pack exists only where there are exempt papers; everyone else, and every meeting without
    # them, gets the public pack's front sheet.
    variant = latest.variant if latest else AgendaPack.Variant.PUBLIC
    content = collect(meeting, variant)
    return render(
        request,
        "meetings/front_sheet_preview.html",
        {
            "content": content,
            "meeting": meeting,
            "panel": meeting.panel,
            "variant": variant,
            "page_ranges": latest.page_ranges if latest else {},
            "pack": latest,
        },
    )
