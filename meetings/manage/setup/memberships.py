"""The seats on a panel, one municipal year at a time: councillors with their roles and dates, vacancies, and
rolling a year's membership over into the next for editing."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from meetings import council_setup, setup_selectors
from meetings.manage.setup._forms import run_service
from meetings.models import Panel
from meetings.municipal_year import MunicipalYear
from meetings.setup_forms import SeatForm
from portal.errors import Refused
from portal.permissions import officer_required

FIRST_YEAR, LAST_YEAR = 1990, 2200


def _year_or_404(year: int) -> MunicipalYear:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("No such municipal year")
    return MunicipalYear(year)


def membership_url(panel: Panel, year: MunicipalYear) -> str:
    return reverse("manage:membership", kwargs={"slug": panel.slug, "year": year.start_year})


def _page(request: HttpRequest, panel: Panel, year: MunicipalYear, form: SeatForm, status: int = 200) -> HttpResponse:
    context = {
        "panel": panel,
        "year": year,
        "previous_year": MunicipalYear(year.start_year - 1),
        "next_year": MunicipalYear(year.start_year + 1),
        "seats": setup_selectors.seats(panel, year),
        "years": setup_selectors.years_with_seats(panel),
        "form": form,
    }
    return render(request, "meetings/manage/setup/membership.html", context, status=status)


@require_safe
@officer_required
def membership_current(request: HttpRequest, slug: str) -> HttpResponse:
    panel = setup_selectors.panel_or_404(slug)
    return redirect(membership_url(panel, MunicipalYear.containing(timezone.localdate())))


@require_safe
@officer_required
def membership(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    panel = setup_selectors.panel_or_404(slug)
    return _page(request, panel, _year_or_404(year), SeatForm(panel=panel))


@require_POST
@officer_required
def seat_add(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    panel, year = setup_selectors.panel_or_404(slug), _year_or_404(year)
    form = SeatForm(request.POST, panel=panel)
    if form.is_valid():
        data = form.cleaned_data
        seat = run_service(
            form,
            lambda: council_setup.add_seat(
                panel,
                year,
                by=request.user,
                councillor=data["councillor"],
                role=data["role"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            ),
        )
        if seat is not None:
            who = seat.councillor.styled_name if seat.councillor else "A vacancy"
            messages.success(request, f"{who} added to the {panel.name} for {year}.")
            return redirect(membership_url(panel, year) + "#add-seat-heading")
    return _page(request, panel, year, form)


@require_http_methods(["GET", "POST"])
@officer_required
def seat_edit(request: HttpRequest, pk: int) -> HttpResponse:
    seat = setup_selectors.seat_or_404(pk)
    panel, year = seat.panel, MunicipalYear(seat.municipal_year)
    form = SeatForm(request.POST or None, panel=panel, seat=seat)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = run_service(
            form,
            lambda: council_setup.update_seat(
                seat,
                by=request.user,
                councillor=data["councillor"],
                role=data["role"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            ),
        )
        if saved:
            messages.success(request, f"Seat saved on the {panel.name} for {year}.")
            return redirect(membership_url(panel, year))
    context = {"form": form, "seat": seat, "panel": panel, "year": year}
    return render(request, "meetings/manage/setup/seat_edit.html", context)


@require_http_methods(["GET", "POST"])
@officer_required
def seat_remove(request: HttpRequest, pk: int) -> HttpResponse:
    seat = setup_selectors.seat_or_404(pk)
    panel, year = seat.panel, MunicipalYear(seat.municipal_year)
    if request.method == "POST":
        council_setup.remove_seat(seat, by=request.user)
        messages.success(request, f"Seat removed from the {panel.name} for {year}.")
        return redirect(membership_url(panel, year))
    return render(request, "meetings/manage/setup/seat_remove.html", {"seat": seat, "panel": panel, "year": year})


@require_POST
@officer_required
def roll_over(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    panel, year = setup_selectors.panel_or_404(slug), _year_or_404(year)
    following = MunicipalYear(year.start_year + 1)
    try:
        copies = council_setup.roll_over(panel, year, by=request.user)
    except Refused as refusal:
        messages.error(request, str(refusal))
        return redirect(membership_url(panel, year))
    vacancies = sum(1 for seat in copies if seat.councillor_id is None)
    notice = f"{len(copies)} seats copied from {year} into {following}."
    if vacancies:
        notice += f" {vacancies} of them are vacancies: the councillor had left before the end of {year}."
    messages.success(request, notice + " Change them here for the new year.")
    return redirect(membership_url(panel, following))
