"""Planning a panel's year: the schedule of meetings, adding dates, moving and cancelling meetings.

Every action is a plain form that redirects; the add form also works in place with htmx. The forms are in
meetings/forms.py, the reads in meetings/selectors.py and the writes in meetings/planning.py."""

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from meetings import planning
from meetings.forms import AddMeetingForm, CancelMeetingForm, MoveMeetingForm, PastMeetingForm
from meetings.models import Panel
from meetings.municipal_year import MunicipalYear
from meetings.selectors import (
    FIRST_YEAR,
    LAST_YEAR,
    current_year,
    meeting_is_open,
    meeting_to_plan,
    panel_or_404,
    year_or_404,
    year_schedule,
)
from portal.errors import Refused, show_refusal
from portal.formats import council_time, long_date
from portal.htmx import HtmxHttpRequest, wants_fragment
from portal.permissions import officer_required


def _when(date: datetime.date, time: datetime.time | None) -> str:
    return f"{long_date(date)} at {council_time(time)}" if time else long_date(date)


# Views -----------------------------------------------------------------------------------------------------


def schedule_url(panel: Panel, year: MunicipalYear) -> str:
    return reverse("manage:schedule", kwargs={"slug": panel.slug, "year": year.start_year})


def _schedule_context(panel: Panel, year: MunicipalYear, form: AddMeetingForm | None = None, **extra) -> dict:
    return {
        "panel": panel,
        "year": year,
        "previous_year": MunicipalYear(year.start_year - 1),
        "next_year": MunicipalYear(year.start_year + 1),
        "is_current_year": year == current_year(),
        "meetings": year_schedule(panel, year),
        "form": form or AddMeetingForm(panel=panel, year=year),
        "today": timezone.localdate(),
        **extra,
    }


@require_safe
@officer_required
def schedule_current(request: HttpRequest, slug: str) -> HttpResponse:
    panel = panel_or_404(slug)
    return redirect(schedule_url(panel, current_year()))


@require_safe
@officer_required
@vary_on_headers("HX-Request")
def schedule(request: HtmxHttpRequest, slug: str, year: int) -> HttpResponse:
    panel = panel_or_404(slug)
    template = "meetings/manage/planning/schedule.html"
    if wants_fragment(request):
        template += "#schedule"
    return render(request, template, _schedule_context(panel, year_or_404(year)))


def _requested_year(request: HttpRequest) -> MunicipalYear:
    raw = request.POST.get("year") or request.GET.get("year") or ""
    try:
        year = int(raw)
    except ValueError:
        return current_year()
    return MunicipalYear(year) if FIRST_YEAR <= year <= LAST_YEAR else current_year()


@require_http_methods(["GET", "POST"])
@officer_required
@vary_on_headers("HX-Request")
def add_meeting(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    panel = panel_or_404(slug)
    year = _requested_year(request)
    form = AddMeetingForm(request.POST or None, panel=panel, year=year)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = planning.add_meeting(
                panel,
                data["date"],
                data["start_time"],
                data["venue"],
                by=request.user,
                is_virtual=data["is_virtual"],
                chair_pro_tem=data["chair_pro_tem"],
            )
        except Refused as refusal:
            status = show_refusal(form, refusal)
        else:
            notice = f"Added {_when(meeting.date, meeting.start_time)} to the schedule, with the standard agenda items."
            if wants_fragment(request) and meeting.municipal_year == year:
                context = _schedule_context(panel, year, notice=notice, added=meeting)
                return render(request, "meetings/manage/planning/schedule.html#schedule", context)
            messages.success(request, notice)
            url = schedule_url(panel, meeting.municipal_year) + f"#meeting-{meeting.date.isoformat()}"
            return HttpResponseClientRedirect(url) if wants_fragment(request) else redirect(url)
    if wants_fragment(request):
        context = _schedule_context(panel, year, form)
        return render(request, "meetings/manage/planning/schedule.html#schedule", context, status=status)
    context = {"panel": panel, "year": year, "form": form}
    return render(request, "meetings/manage/planning/add_meeting.html", context, status=status)


@require_http_methods(["GET", "POST"])
@officer_required
def enter_past_meeting(request: HttpRequest, slug: str) -> HttpResponse:
    panel = panel_or_404(slug)
    form = PastMeetingForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = planning.enter_past_meeting(
                panel, data["date"], data["start_time"], data["venue"], by=request.user, is_virtual=data["is_virtual"]
            )
        except Refused as refusal:
            status = show_refusal(form, refusal)
        else:
            messages.success(
                request,
                f"Entered the meeting of {long_date(meeting.date)} from the council's records. Add its agenda items "
                "and papers, then put the record online; its minutes are entered as for any meeting.",
            )
            return redirect("manage:agenda", slug=panel.slug, date=meeting.date)
    context = {"panel": panel, "form": form, "year": current_year()}
    return render(request, "meetings/manage/planning/enter_past_meeting.html", context, status=status)


@require_http_methods(["GET", "POST"])
@officer_required
def move_meeting(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = meeting_to_plan(slug, date)
    form = MoveMeetingForm(request.POST or None, meeting=meeting)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        was = _when(meeting.date, meeting.start_time)
        try:
            moved = planning.move_meeting(
                meeting,
                data["new_date"],
                data["new_time"],
                data["reason"],
                by=request.user,
                agreed_at=data["agreed_at"],
            )
        except Refused as refusal:
            status = show_refusal(form, refusal)
        else:
            messages.success(
                request,
                f"Moved the meeting of {was} to {_when(moved.date, moved.start_time)}. "
                "Its old address now leads to the new date.",
            )
            if moved.agenda_is_published:
                messages.warning(
                    request, "The agenda was published with the old date: publish a revised agenda for the new one."
                )
            return redirect(schedule_url(moved.panel, moved.municipal_year) + f"#meeting-{moved.date.isoformat()}")
    changes = list(meeting.schedule_changes.order_by("recorded_at"))
    return render(
        request,
        "meetings/manage/planning/move_meeting.html",
        {
            "meeting": meeting,
            "panel": meeting.panel,
            "form": form,
            "changes": changes,
            "is_open": meeting_is_open(meeting),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@officer_required
def cancel_meeting(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = meeting_to_plan(slug, date)
    form = CancelMeetingForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            cancelled = planning.cancel_meeting(meeting, form.cleaned_data["reason"], by=request.user)
        except Refused as refusal:
            status = show_refusal(form, refusal)
        else:
            messages.success(
                request,
                f"Cancelled the meeting of {long_date(cancelled.date)}. "
                "Its public page shows that it is cancelled, and why.",
            )
            return redirect(schedule_url(cancelled.panel, cancelled.municipal_year) + f"#meeting-{date.isoformat()}")
    return render(
        request,
        "meetings/manage/planning/cancel_meeting.html",
        {"meeting": meeting, "panel": meeting.panel, "form": form, "is_open": meeting_is_open(meeting)},
        status=status,
    )


@require_POST
@officer_required
def reinstate_meeting(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = meeting_to_plan(slug, date)
    try:
        meeting = planning.reinstate_meeting(meeting, by=request.user)
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Reinstated the meeting of {long_date(meeting.date)}.")
    return redirect(schedule_url(meeting.panel, meeting.municipal_year) + f"#meeting-{date.isoformat()}")
