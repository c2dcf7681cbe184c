"""The officers' home: what needs doing next, panel by panel."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from meetings.exemptions import DUE_WITHIN_DAYS, exemptions_due
from meetings.models import Meeting, Panel
from meetings.notice import publication_deadline
from portal.permissions import officer_required


@require_safe
@officer_required
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    upcoming = list(
        Meeting.objects.filter(date__gte=today)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("panel")
        .order_by("date", "start_time")[:20]
    )
    for meeting in upcoming:
        meeting.publish_by = publication_deadline(meeting.date)
    recent = list(Meeting.objects.filter(date__lt=today).select_related("panel", "minutes").order_by("-date")[:10])
    return render(
        request,
        "meetings/manage/dashboard.html",
        {
            "upcoming": upcoming,
            "recent": recent,
            # Panels that still meet, of every council (a shared service works for several): the council says whose.
            "panels": Panel.objects.filter(retired_on__isnull=True).select_related("council").order_by("name"),
            "today": today,
            "exemptions_due": exemptions_due(today),
            "due_within_days": DUE_WITHIN_DAYS,
        },
    )
