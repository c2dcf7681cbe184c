"""The retention report: when each meeting's public record may leave the portal (s100C and s100D)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from meetings.retention import BACKGROUND_PAPERS, RECORD, retention_schedule
from portal.permissions import officer_required


@require_safe
@officer_required
def retention_report(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "meetings/manage/retention.html",
        {
            "today": today,
            "periods": [retention_schedule(today, RECORD), retention_schedule(today, BACKGROUND_PAPERS)],
        },
    )
