"""A report's background papers (s100D Local Government Act 1972): listing, linking and removing them."""

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from meetings.forms import BackgroundPaperForm
from meetings.manage.agenda import document_for_editing
from meetings.models import BackgroundPaper
from meetings.retention import background_papers_kept_until
from meetings.services import add_background_paper, remove_background_paper, update_background_paper
from portal.errors import Refused
from portal.permissions import officer_required


def _page(request: HttpRequest, document, form, *, status: int = 200, editing: BackgroundPaper | None = None):
    meeting = document.meeting
    return render(
        request,
        "meetings/manage/background_papers.html",
        {
            "document": document,
            "meeting": meeting,
            "panel": meeting.panel,
            "papers": list(document.background_papers.order_by("position", "pk")),
            "form": form,
            "editing": editing,
            "kept_until": background_papers_kept_until(meeting.date),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@officer_required
def background_papers(request: HttpRequest, slug: str, date: datetime.date, document_id: int) -> HttpResponse:
    """The report's list, with a form to add one."""
    document = document_for_editing(slug, date, document_id)
    form = BackgroundPaperForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return _page(request, document, form, status=422)
        data = form.cleaned_data
        add_background_paper(
            document, title=data["title"], inspection=data["inspection"], url=data["url"], by=request.user
        )
        messages.success(request, f"“{data['title']}” is listed as a background paper.")
        return redirect(request.path)
    return _page(request, document, form)


def _background_paper(slug: str, date: datetime.date, document_id: int, paper_id: int):
    document = document_for_editing(slug, date, document_id)
    return document, get_object_or_404(BackgroundPaper, pk=paper_id, document=document)


@require_http_methods(["GET", "POST"])
@officer_required
def background_paper_edit(
    request: HttpRequest, slug: str, date: datetime.date, document_id: int, paper_id: int
) -> HttpResponse:
    document, paper = _background_paper(slug, date, document_id, paper_id)
    form = BackgroundPaperForm(request.POST or None, instance=paper if request.method == "GET" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update_background_paper(
                paper, title=data["title"], inspection=data["inspection"], url=data["url"], by=request.user
            )
        except Refused as refusal:
            form.add_error("title", str(refusal))
        else:
            messages.success(request, f"“{data['title']}” is saved.")
            return redirect("manage:background_papers", slug=slug, date=date, document_id=document.pk)
    return _page(request, document, form, status=422 if request.method == "POST" else 200, editing=paper)


@require_POST
@officer_required
def background_paper_remove(
    request: HttpRequest, slug: str, date: datetime.date, document_id: int, paper_id: int
) -> HttpResponse:
    document, paper = _background_paper(slug, date, document_id, paper_id)
    try:
        remove_background_paper(paper, by=request.user)
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"“{paper.title}” is no longer listed.")
    return redirect("manage:background_papers", slug=slug, date=date, document_id=document.pk)
