"""Public pages for minutes."""

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from minutes import selectors


@require_GET
def minutes_detail(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    minutes = selectors.minutes_or_404(slug, date, request.audience)
    return render(
        request,
        "minutes/minutes_detail.html",
        {"minutes": minutes, "meeting": minutes.meeting, "panel": minutes.meeting.panel},
    )
