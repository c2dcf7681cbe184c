"""The councils on the portal: their details, and each council's panels, councillors and officers."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from meetings import council_setup, setup_selectors
from meetings.manage.setup._forms import run_service
from meetings.setup_forms import CouncilForm
from portal.permissions import officer_required


@require_safe
@officer_required
def council_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "meetings/manage/setup/council_list.html", {"councils": setup_selectors.councils_with_counts()}
    )


@require_http_methods(["GET", "POST"])
@officer_required
def council_new(request: HttpRequest) -> HttpResponse:
    form = CouncilForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        council = run_service(
            form,
            lambda: council_setup.create_council(
                name=data["name"],
                by=request.user,
                address=data["address"],
                website=data["website"],
                email=data["email"],
                telephone=data["telephone"],
                accessible_format_days=data["accessible_format_days"],
                other_interest_label=data["other_interest_label"],
            ),
        )
        if council is not None:
            messages.success(request, f"{council.name} is set up. Add its officers, councillors and panels.")
            return redirect("manage:council", slug=council.slug)
    return render(request, "meetings/manage/setup/council_form.html", {"form": form, "council": None})


@require_safe
@officer_required
def council_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "meetings/manage/setup/council_detail.html", {"setup": setup_selectors.council_setup(slug)})


@require_http_methods(["GET", "POST"])
@officer_required
def council_edit(request: HttpRequest, slug: str) -> HttpResponse:
    council = setup_selectors.council_or_404(slug)
    form = CouncilForm(request.POST) if request.method == "POST" else CouncilForm.for_council(council)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = run_service(
            form,
            lambda: council_setup.update_council(
                council,
                name=data["name"],
                by=request.user,
                address=data["address"],
                website=data["website"],
                email=data["email"],
                telephone=data["telephone"],
                accessible_format_days=data["accessible_format_days"],
                other_interest_label=data["other_interest_label"],
            ),
        )
        if saved:
            messages.success(request, f"{council.name}: details saved.")
            return redirect("manage:council", slug=council.slug)
    return render(request, "meetings/manage/setup/council_form.html", {"form": form, "council": council})
