"""A councillor's own page: their panels and their next meetings, with the packs they may read."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from meetings.models import Meeting, Membership
from meetings.municipal_year import MunicipalYear


def councillor_home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    councillor = request.user.councillor
    seats = list(
        Membership.objects.filter(
            councillor=councillor, municipal_year__gte=MunicipalYear.containing(today).start_year - 1
        )
        .select_related("panel")
        .order_by("panel__name")
    )
    panel_ids = {seat.panel_id for seat in seats}
    meetings = list(
        Meeting.objects.filter(panel_id__in=panel_ids, date__gte=today).select_related("panel").order_by("date")[:10]
    )
    return render(
        request,
        "accounts/councillor_home.html",
        {"councillor": councillor, "seats": seats, "meetings": meetings},
    )
