"""A council's councillors (their names as printed, party, ward, email) and officers (title, contact)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from meetings import council_setup, setup_selectors
from meetings.manage.setup._forms import run_service
from meetings.setup_forms import CouncillorForm, OfficerForm
from portal.permissions import officer_required

TEMPLATE = "meetings/manage/setup/person_form.html"


def _back(council) -> HttpResponse:
    return redirect("manage:council", slug=council.slug)


@require_http_methods(["GET", "POST"])
@officer_required
def councillor_new(request: HttpRequest, slug: str) -> HttpResponse:
    council = setup_selectors.council_or_404(slug)
    form = CouncillorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = run_service(form, lambda: council_setup.create_councillor(council, **form.cleaned_data, by=request.user))
        if made is not None:
            messages.success(request, f"{made.styled_name} added to {council.name}.")
            if "another" in request.POST:
                return redirect("manage:councillor_new", slug=council.slug)
            return _back(council)
    return render(request, TEMPLATE, {"form": form, "council": council, "kind": "councillor", "person": None})


@require_http_methods(["GET", "POST"])
@officer_required
def councillor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    councillor = setup_selectors.councillor_or_404(pk)
    form = CouncillorForm(request.POST) if request.method == "POST" else CouncillorForm.for_councillor(councillor)
    if request.method == "POST" and form.is_valid():
        if run_service(form, lambda: council_setup.update_councillor(councillor, **form.cleaned_data, by=request.user)):
            messages.success(request, f"{councillor.styled_name}: details saved.")
            return _back(councillor.council)
    context = {"form": form, "council": councillor.council, "kind": "councillor", "person": councillor}
    return render(request, TEMPLATE, context)


@require_http_methods(["GET", "POST"])
@officer_required
def officer_new(request: HttpRequest, slug: str) -> HttpResponse:
    council = setup_selectors.council_or_404(slug)
    form = OfficerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = run_service(form, lambda: council_setup.create_officer(council, **form.cleaned_data, by=request.user))
        if made is not None:
            messages.success(request, f"{made.full_name} added to {council.name}'s officers.")
            if "another" in request.POST:
                return redirect("manage:officer_new", slug=council.slug)
            return _back(council)
    return render(request, TEMPLATE, {"form": form, "council": council, "kind": "officer", "person": None})


@require_http_methods(["GET", "POST"])
@officer_required
def officer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    officer = setup_selectors.officer_or_404(pk)
    if officer.council is None:
        # People from other bodies (a commissioner) belong to no council's list; they are kept in the admin.
        raise Http404("Not found")
    form = OfficerForm(request.POST) if request.method == "POST" else OfficerForm.for_officer(officer)
    if request.method == "POST" and form.is_valid():
        if run_service(form, lambda: council_setup.update_officer(officer, **form.cleaned_data, by=request.user)):
            messages.success(request, f"{officer.full_name}: details saved.")
            return _back(officer.council)
    context = {"form": form, "council": officer.council, "kind": "officer", "person": officer}
    return render(request, TEMPLATE, context)
