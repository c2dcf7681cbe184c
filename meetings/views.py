"""Public pages for panels, meetings and their papers."""

import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from meetings import selectors


@require_GET
def panel_list(request: HttpRequest) -> HttpResponse:
    return render(request, "meetings/panel_list.html", {"panels": selectors.panels_for_listing()})


@require_GET
def panel_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.panel_page(slug, request.audience, timezone.localdate())
    return render(request, "meetings/panel_detail.html", {"page": page, "panel": page.panel})


@require_GET
def meeting_detail(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    try:
        meeting = selectors.meeting_page(slug, date, request.audience)
    except Http404:
        moved = selectors.moved_meeting(slug, date)
        if moved is None:
            raise
        return redirect(moved, permanent=True)
    return render(request, "meetings/meeting_detail.html", {"meeting": meeting, "panel": meeting.panel})


@require_GET
def document_detail(request: HttpRequest, slug: str, date: datetime.date, document: str) -> HttpResponse:
    paper = selectors.document_or_404(slug, date, document, request.audience)
    if paper.minutes_id:
        return redirect(paper.minutes.get_absolute_url())
    return render(
        request,
        "meetings/document_detail.html",
        {"document": paper, "meeting": paper.meeting, "panel": paper.meeting.panel},
    )
