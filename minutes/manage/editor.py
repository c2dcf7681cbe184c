"""The minutes editor page, and starting the minutes from the agenda."""

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from minutes import selectors, services
from minutes.manage.common import (
    EDITOR,
    _editor_context,
    _editor_url,
)
from portal.errors import Refused
from portal.permissions import officer_required


@require_safe
@officer_required
def editor(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = selectors.meeting_or_404(slug, date)
    minutes = selectors.minutes_for_editing(meeting, request.audience)
    context = _editor_context(meeting, minutes)
    if minutes is None:
        context["agenda_items"] = list(meeting.agenda_items.order_by("position").values_list("title", flat=True))
    return render(request, EDITOR, context)


@require_POST
@officer_required
def start(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = selectors.meeting_or_404(slug, date)
    try:
        services.start_minutes(meeting, by=request.user)
    except Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The minutes have been started from the agenda. Check the attendance first.")
    return redirect(_editor_url(meeting))
