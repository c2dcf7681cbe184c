"""Compiling an agenda: items and papers, edited in place with htmx, every action also a plain form."""

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views.decorators.http import require_GET

from meetings.models import Meeting
from portal.permissions import officer_required

MEETING = "panels/<slug:slug>/meetings/<isodate:date>/"


def meeting_for_editing(slug: str, date: datetime.date) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("panel__council", "panel__contact_officer", "signatory"),
        panel__slug=slug,
        date=date,
    )


@require_GET
@officer_required
def agenda(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = meeting_for_editing(slug, date)
    items = list(meeting.agenda_items.select_related("presenter").prefetch_related("documents").order_by("position"))
    return render(request, "meetings/manage/agenda.html", {"meeting": meeting, "panel": meeting.panel, "items": items})


urlpatterns = [path(f"{MEETING}agenda/", agenda, name="agenda")]
