"""Public pages for panels, meetings and their papers."""

import datetime

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from meetings import selectors
from meetings.models import AgendaPack
from meetings.packs.collect import collect
from meetings.packs.documents import rendered_paper_pdf
from portal.notes import NoteForm, note_for
from portal.page_cache import cache_public_page


@require_safe
@cache_public_page
def panel_list(request: HttpRequest) -> HttpResponse:
    return render(request, "meetings/panel_list.html", {"panels": selectors.panels_for_listing()})


@require_safe
@cache_public_page
def panel_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.panel_page(slug, request.audience, timezone.localdate())
    return render(request, "meetings/panel_detail.html", {"page": page, "panel": page.panel})


@require_safe
@cache_public_page
def meeting_detail(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    try:
        meeting = selectors.meeting_page(slug, date, request.audience)
    except Http404:
        moved = selectors.moved_meeting(slug, date)
        if moved is None:
            raise
        return redirect(moved, permanent=True)
    return render(request, "meetings/meeting_detail.html", {"meeting": meeting, "panel": meeting.panel})


@require_safe
@cache_public_page
def document_detail(request: HttpRequest, slug: str, date: datetime.date, document: str) -> HttpResponse:
    paper = selectors.document_or_404(slug, date, document, request.audience)
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
            "note_form": NoteForm(initial={"text": note.text if note else ""})
            if request.user.is_authenticated
            else None,
            "note": note,
        },
    )


def _pdf_response(data_or_file, *, filename: str, private: bool, etag: str = "") -> HttpResponse:
    if isinstance(data_or_file, bytes):
        response = HttpResponse(data_or_file, content_type="application/pdf")
    else:
        response = FileResponse(data_or_file, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    if etag:
        response["ETag"] = f'"{etag}"'
    return response


def _serve_pack(request: HttpRequest, slug: str, date: datetime.date, variant: str, version: int | None):
    meeting = selectors.meeting_or_404(slug, date, request.audience)
    pack = selectors.pack_or_404(meeting, variant, request.audience, version)
    filename = f"{slug}-{date:%Y-%m-%d}-{variant}-pack-v{pack.version}.pdf"
    return _pdf_response(
        pack.file.open("rb"),
        filename=filename,
        private=variant != AgendaPack.Variant.PUBLIC,
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
    private = paper.effective_exempt_paragraph is not None or paper.published_at is None
    if paper.is_uploaded_pdf:
        # Byte for byte as uploaded.
        return _pdf_response(
            paper.file.open("rb"), filename=f"{paper.slug}.pdf", private=private, etag=paper.file_sha256
        )
    return _pdf_response(rendered_paper_pdf(paper), filename=f"{paper.slug}.pdf", private=private)


@require_safe
@cache_public_page
def front_sheet(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    """The pack's front sheet as HTML, for checking, with the page ranges of the latest built pack."""
    meeting = selectors.meeting_or_404(slug, date, request.audience)
    variant = (
        AgendaPack.Variant.MEMBERS if request.audience.may_read_exempt(meeting.panel_id, meeting.date) else "public"
    )
    content = collect(meeting, variant)
    latest = AgendaPack.objects.filter(meeting=meeting, variant=variant).order_by("-version").first()
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
