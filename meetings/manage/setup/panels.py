"""A council's panels: set one up (its address made from its name), change its details, retire or reinstate it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from meetings import council_setup, setup_selectors
from meetings.manage.setup._forms import run_service
from meetings.setup_forms import PanelForm, RetirePanelForm
from portal.formats import long_date
from portal.permissions import officer_required


def _save_panel(request: HttpRequest, form: PanelForm, service, subject):
    """`create_panel` (for a council) or `update_panel` (for a panel) with the form's fields, each by name; None
    when refused (the message is on the form)."""
    data = form.cleaned_data
    return run_service(
        form,
        lambda: service(
            subject,
            name=data["name"],
            by=request.user,
            kind=data["kind"],
            parent=data["parent"],
            remit=data["remit"],
            contact_officer=data["contact_officer"],
            minute_numbering=data["minute_numbering"],
            default_venue=data["default_venue"],
            default_start_time=data["default_start_time"],
        ),
    )


@require_http_methods(["GET", "POST"])
@officer_required
def panel_new(request: HttpRequest, slug: str) -> HttpResponse:
    council = setup_selectors.council_or_404(slug)
    form = PanelForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        made = _save_panel(request, form, council_setup.create_panel, council)
        if made is not None:
            panel, derived = made
            notice = f"The {panel.name} is set up. Its public page is at /panels/{panel.slug}/."
            if derived.lengthened:
                notice += " Another panel already had the plain address, so this one names the council too."
            messages.success(request, notice)
            return redirect("manage:membership_current", slug=panel.slug)
    return render(request, "meetings/manage/setup/panel_form.html", {"form": form, "council": council, "panel": None})


@require_http_methods(["GET", "POST"])
@officer_required
def panel_edit(request: HttpRequest, slug: str) -> HttpResponse:
    panel = setup_selectors.panel_or_404(slug)
    form = PanelForm(request.POST or None, council=panel.council, panel=panel)
    if request.method == "POST" and form.is_valid():
        saved = _save_panel(request, form, council_setup.update_panel, panel)
        if saved:
            messages.success(request, f"The {panel.name}: details saved.")
            return redirect("manage:council", slug=panel.council.slug)
    context = {"form": form, "council": panel.council, "panel": panel}
    return render(request, "meetings/manage/setup/panel_form.html", context)


@require_http_methods(["GET", "POST"])
@officer_required
def panel_retire(request: HttpRequest, slug: str) -> HttpResponse:
    panel = setup_selectors.panel_or_404(slug)
    form = RetirePanelForm(request.POST or None, initial={"retired_on": timezone.localdate()})
    if panel.retired_on is None and request.method == "POST" and form.is_valid():
        on = form.cleaned_data["retired_on"]
        if run_service(form, lambda: council_setup.retire_panel(panel, on=on, by=request.user)):
            messages.success(
                request, f"The {panel.name} is retired from {long_date(on)}. Its meetings and papers stay public."
            )
            return redirect("manage:council", slug=panel.council.slug)
    return render(request, "meetings/manage/setup/panel_retire.html", {"form": form, "panel": panel})


@require_POST
@officer_required
def panel_reinstate(request: HttpRequest, slug: str) -> HttpResponse:
    panel = setup_selectors.panel_or_404(slug)
    council_setup.reinstate_panel(panel, by=request.user)
    messages.success(request, f"The {panel.name} is reinstated: meetings can be added to its schedule again.")
    return redirect("manage:council", slug=panel.council.slug)
