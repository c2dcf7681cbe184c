"""A council's councillors (their names as printed, party, ward, email) and officers (title, contact)."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from meetings import council_setup, setup_selectors
from meetings.manage.setup._forms import run_service
from meetings.models import Council, Councillor, Officer
from meetings.setup_forms import CouncillorForm, OfficerForm
from portal.permissions import officer_required

TEMPLATE = "meetings/manage/setup/person_form.html"


def _save_councillor(councillor: Councillor, data: dict, by) -> Councillor:
    return council_setup.save_councillor(
        councillor,
        surname=data["surname"],
        by=by,
        first_name=data["first_name"],
        initials=data["initials"],
        honours=data["honours"],
        party=data["party"],
        ward=data["ward"],
        email=data["email"],
    )


def _save_officer(officer: Officer, data: dict, by) -> Officer:
    return council_setup.save_officer(
        officer,
        surname=data["surname"],
        by=by,
        first_name=data["first_name"],
        initials=data["initials"],
        honours=data["honours"],
        job_title=data["job_title"],
        organisation=data["organisation"],
        email=data["email"],
        telephone=data["telephone"],
    )


def _person_form[P: (Councillor, Officer)](
    request: HttpRequest,
    person: P,
    form: forms.Form,
    save: Callable[[P, dict, object], P],
    *,
    kind: str,
    added: Callable[[P, Council], str],
    name: Callable[[P], str],
) -> HttpResponse:
    """The page of a councillor or officer: a new one (not saved yet) is added, and may be followed by another of
    the same kind; an existing one's details are saved. Either way the council's page follows."""
    council, adding = person.council, person.pk is None
    if request.method == "POST" and form.is_valid():
        if run_service(form, lambda: save(person, form.cleaned_data, request.user)):
            messages.success(request, added(person, council) if adding else f"{name(person)}: details saved.")
            if adding and "another" in request.POST:
                return redirect(f"manage:{kind}_new", slug=council.slug)
            return redirect("manage:council", slug=council.slug)
    context = {"form": form, "council": council, "kind": kind, "person": None if adding else person}
    return render(request, TEMPLATE, context)


def _councillor_form(request: HttpRequest, councillor: Councillor, form: CouncillorForm) -> HttpResponse:
    return _person_form(
        request,
        councillor,
        form,
        _save_councillor,
        kind="councillor",
        added=lambda made, council: f"{made.styled_name} added to {council.name}.",
        name=lambda councillor: councillor.styled_name,
    )


def _officer_form(request: HttpRequest, officer: Officer, form: OfficerForm) -> HttpResponse:
    return _person_form(
        request,
        officer,
        form,
        _save_officer,
        kind="officer",
        added=lambda made, council: f"{made.full_name} added to {council.name}'s officers.",
        name=lambda officer: officer.full_name,
    )


@require_http_methods(["GET", "POST"])
@officer_required
def councillor_new(request: HttpRequest, slug: str) -> HttpResponse:
    council = setup_selectors.council_or_404(slug)
    return _councillor_form(request, Councillor(council=council), CouncillorForm(request.POST or None))


@require_http_methods(["GET", "POST"])
@officer_required
def councillor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    councillor = setup_selectors.councillor_or_404(pk)
    form = CouncillorForm(request.POST) if request.method == "POST" else CouncillorForm.for_councillor(councillor)
    return _councillor_form(request, councillor, form)


@require_http_methods(["GET", "POST"])
@officer_required
def officer_new(request: HttpRequest, slug: str) -> HttpResponse:
    council = setup_selectors.council_or_404(slug)
    return _officer_form(request, Officer(council=council), OfficerForm(request.POST or None))


@require_http_methods(["GET", "POST"])
@officer_required
def officer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    officer = setup_selectors.officer_or_404(pk)
    if officer.council is None:
        # People from other bodies (a commissioner) belong to no council's list; they are kept in the admin.
        raise Http404("Not found")
    form = OfficerForm(request.POST) if request.method == "POST" else OfficerForm.for_officer(officer)
    return _officer_form(request, officer, form)
