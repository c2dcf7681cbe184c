"""Planning a panel's year: the schedule of meetings, adding dates, moving and cancelling meetings.

Every action is a plain form that redirects; the add form also works in place with htmx."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from meetings import planning
from meetings.models import Meeting, Panel, ScheduleChange
from meetings.municipal_year import MunicipalYear
from meetings.notice import publication_deadline
from portal.collisions import form_status
from portal.formats import DATE_INPUT_FORMAT, TIME_INPUT_FORMAT, council_time, long_date
from portal.htmx import HtmxHttpRequest, wants_fragment
from portal.permissions import officer_required

PANEL = "panels/<slug:slug>/"
MEETING = "panels/<slug:slug>/meetings/<isodate:date>/"

# Municipal years the workspace will show; anything else is a mistyped address.
FIRST_YEAR, LAST_YEAR = 1990, 2200


# Reads -----------------------------------------------------------------------------------------------------


def panel_or_404(slug: str) -> Panel:
    return get_object_or_404(Panel.objects.select_related("parent"), slug=slug)


def year_or_404(year: int) -> MunicipalYear:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("No such municipal year")
    return MunicipalYear(year)


def current_year() -> MunicipalYear:
    return MunicipalYear.containing(timezone.localdate())


def meeting_or_404(slug: str, date: datetime.date) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("panel"), panel__slug=slug, date=date)


def _is_open(meeting: Meeting) -> bool:
    """Still to be held (or its date passed unrecorded): it can be moved or cancelled."""
    return meeting.status in {Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED}


def year_schedule(panel: Panel, year: MunicipalYear) -> list[Meeting]:
    """The panel's meetings in the municipal year, with their moves and agenda sizes, in two queries."""
    today = timezone.localdate()
    meetings = list(
        panel.meetings.filter(date__range=(year.first_day, year.last_day))
        .annotate(item_count=Count("agenda_items"))
        .prefetch_related(
            Prefetch("schedule_changes", queryset=ScheduleChange.objects.order_by("recorded_at"), to_attr="changes")
        )
        .order_by("date", "start_time")
    )
    for meeting in meetings:
        meeting.panel = panel
        meeting.publish_by = publication_deadline(meeting.date)
        meeting.is_open = _is_open(meeting)
        # s100B(3): the five clear working days can no longer be given; the agenda will need a reason for urgency.
        meeting.short_notice = (
            meeting.is_open and not meeting.agenda_is_published and meeting.date >= today and meeting.publish_by < today
        )
    return meetings


# Forms -----------------------------------------------------------------------------------------------------


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format=DATE_INPUT_FORMAT)


def time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format=TIME_INPUT_FORMAT)


DATE_ERRORS = {"invalid": "Enter a real date, for example 26/04/2027."}
TIME_ERRORS = {"invalid": "Enter a real time, for example 16:00, or leave it empty."}


class AddMeetingForm(forms.Form):
    date = forms.DateField(
        widget=date_input(),
        error_messages={"required": "Enter the date of the meeting.", **DATE_ERRORS},
    )
    start_time = forms.TimeField(
        label="Start time",
        required=False,
        widget=time_input(),
        help_text="Leave empty while the time is to be confirmed.",
        error_messages=TIME_ERRORS,
    )
    venue = forms.CharField(
        max_length=200,
        required=False,
        help_text="For example Committee Room 1, Town Hall.",
        error_messages={"max_length": "Shorten the venue to 200 characters or fewer."},
    )
    is_virtual = forms.BooleanField(label="This is a virtual meeting", required=False)
    chair_pro_tem = forms.BooleanField(label="Include “Appointment of Chair Pro-Tem” on the agenda", required=False)
    year = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, panel: Panel, year: MunicipalYear, **kwargs):
        # The chair of the year shown: from today in the current year, but never a day outside that year.
        has_chair = planning.panel_has_chair(panel, min(max(year.first_day, timezone.localdate()), year.last_day))
        kwargs.setdefault(
            "initial",
            {
                "start_time": panel.default_start_time,
                "venue": panel.default_venue,
                "chair_pro_tem": not has_chair,
                "year": year.start_year,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.attrs["min"] = timezone.localdate().isoformat()
        self.fields["chair_pro_tem"].help_text = (
            f"The panel has a chair for {year}, so this is not usually needed."
            if has_chair
            else f"Ticked because the panel has no chair for {year}."
        )


class PastMeetingForm(forms.Form):
    """A meeting already held, entered from the council's records."""

    date = forms.DateField(
        widget=date_input(),
        help_text="The day the meeting was held.",
        error_messages={"required": "Enter the date the meeting was held.", **DATE_ERRORS},
    )
    start_time = forms.TimeField(
        label="Start time",
        required=False,
        widget=time_input(),
        help_text="Leave empty if the records do not say.",
        error_messages=TIME_ERRORS,
    )
    venue = forms.CharField(
        max_length=200,
        required=False,
        help_text="Where it was held, as the records give it.",
        error_messages={"max_length": "Shorten the venue to 200 characters or fewer."},
    )
    is_virtual = forms.BooleanField(label="It was a virtual meeting", required=False)


class MoveMeetingForm(forms.Form):
    new_date = forms.DateField(
        label="New date",
        widget=date_input(),
        error_messages={"required": "Enter the new date of the meeting.", **DATE_ERRORS},
    )
    new_time = forms.TimeField(
        label="New start time",
        required=False,
        widget=time_input(),
        help_text="Leave empty while the time is to be confirmed.",
        error_messages=TIME_ERRORS,
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the meeting’s public page.",
    )
    agreed_at = forms.ModelChoiceField(
        label="Agreed at",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="Not agreed at a meeting",
        help_text="The meeting that agreed the change, if one did.",
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        kwargs.setdefault("initial", {"new_date": meeting.date, "new_time": meeting.start_time})
        super().__init__(*args, **kwargs)
        year = meeting.municipal_year
        field = self.fields["agreed_at"]
        field.queryset = (
            Meeting.objects.filter(
                panel_id=meeting.panel_id, date__range=(MunicipalYear(year.start_year - 1).first_day, year.last_day)
            )
            .exclude(pk=meeting.pk)
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("-date")
        )
        field.label_from_instance = lambda other: long_date(other.date)


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(
        label="Reason for cancelling",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the meeting’s public page, for example “There is no business for this meeting.”",
        error_messages={
            "required": "Enter the reason the meeting is cancelled. It is shown on the meeting’s public page."
        },
    )


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
        except ValidationError as error:
            form.add_error(None, error)
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
        return render(request, "meetings/manage/planning/schedule.html#schedule", context, status=form_status(form))
    context = {"panel": panel, "year": year, "form": form}
    return render(request, "meetings/manage/planning/add_meeting.html", context, status=form_status(form))


@require_http_methods(["GET", "POST"])
@officer_required
def enter_past_meeting(request: HttpRequest, slug: str) -> HttpResponse:
    panel = panel_or_404(slug)
    form = PastMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = planning.enter_past_meeting(
                panel, data["date"], data["start_time"], data["venue"], by=request.user, is_virtual=data["is_virtual"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"Entered the meeting of {long_date(meeting.date)} from the council's records. Add its agenda items "
                "and papers, then put the record online; its minutes are entered as for any meeting.",
            )
            return redirect("manage:agenda", slug=panel.slug, date=meeting.date)
    context = {"panel": panel, "form": form, "year": current_year()}
    return render(request, "meetings/manage/planning/enter_past_meeting.html", context, status=form_status(form))


@require_http_methods(["GET", "POST"])
@officer_required
def move_meeting(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = meeting_or_404(slug, date)
    form = MoveMeetingForm(request.POST or None, meeting=meeting)
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
        except ValidationError as error:
            form.add_error(None, error)
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
        {"meeting": meeting, "panel": meeting.panel, "form": form, "changes": changes, "is_open": _is_open(meeting)},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@officer_required
def cancel_meeting(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = meeting_or_404(slug, date)
    form = CancelMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cancelled = planning.cancel_meeting(meeting, form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
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
        {"meeting": meeting, "panel": meeting.panel, "form": form, "is_open": _is_open(meeting)},
        status=form_status(form),
    )


@require_POST
@officer_required
def reinstate_meeting(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = meeting_or_404(slug, date)
    try:
        meeting = planning.reinstate_meeting(meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Reinstated the meeting of {long_date(meeting.date)}.")
    return redirect(schedule_url(meeting.panel, meeting.municipal_year) + f"#meeting-{date.isoformat()}")


urlpatterns = [
    path(f"{PANEL}schedule/", schedule_current, name="schedule_current"),
    path(f"{PANEL}schedule/<int:year>/", schedule, name="schedule"),
    path(f"{PANEL}schedule/add/", add_meeting, name="add_meeting"),
    path(f"{PANEL}schedule/past/", enter_past_meeting, name="enter_past_meeting"),
    path(f"{MEETING}move/", move_meeting, name="move_meeting"),
    path(f"{MEETING}cancel/", cancel_meeting, name="cancel_meeting"),
    path(f"{MEETING}reinstate/", reinstate_meeting, name="reinstate_meeting"),
]
