"""Publishing the draft minutes, recording their confirmation, and their history."""

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from meetings.models import Meeting
from minutes import selectors, services
from minutes.forms import (
    ConfirmForm,
)
from minutes.manage.common import (
    _editor_url,
    _minutes_or_404,
)
from portal.errors import Refused
from portal.permissions import officer_required


@require_POST
@officer_required
def publish(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = selectors.meeting_or_404(slug, date)
    minutes = _minutes_or_404(request, meeting)
    try:
        services.publish_draft(minutes, by=request.user)
    except Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Published. The public now reads the minutes as a draft, subject to approval.")
    return redirect(_editor_url(meeting))


@require_POST
@officer_required
def unpublish(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = selectors.meeting_or_404(slug, date)
    minutes = _minutes_or_404(request, meeting)
    try:
        services.unpublish_draft(minutes, by=request.user)
    except Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Unpublished. Only officers can see the draft minutes now.")
    return redirect(_editor_url(meeting))


@require_http_methods(["GET", "POST"])
@officer_required
def confirm(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = selectors.meeting_or_404(slug, date)
    minutes = _minutes_or_404(request, meeting)
    items = selectors.confirmation_items(minutes)
    initial = {"at_item": items[0].pk} if items else {}
    if request.GET.get("item", "").isdigit():
        initial["at_item"] = int(request.GET["item"])
    form = ConfirmForm(request.POST or None, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_minutes(
                minutes, by=request.user, at_item=form.item(), amendments=form.cleaned_data["amendments"]
            )
        except Refused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The minutes are recorded as confirmed as a correct record.")
            return redirect(_editor_url(meeting))
    next_meeting = (
        Meeting.objects.filter(panel=meeting.panel, date__gt=meeting.date)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("date")
        .first()
    )
    return render(
        request,
        "minutes/manage/confirm.html",
        {
            "meeting": meeting,
            "panel": meeting.panel,
            "minutes": minutes,
            "form": form,
            "items": items,
            "next_meeting": next_meeting,
            "to_come": selectors.submitting_items_to_come(minutes),
        },
    )


@require_safe
@officer_required
def history(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = selectors.meeting_or_404(slug, date)
    minutes = _minutes_or_404(request, meeting)
    return render(
        request,
        "minutes/manage/history.html",
        {
            "meeting": meeting,
            "panel": meeting.panel,
            "minutes": minutes,
            "events": selectors.minutes_history(minutes),
            "drafts_sent": selectors.drafts_sent(minutes),
        },
    )
