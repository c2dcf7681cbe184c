"""The officers' actions tracker: every action of a panel with its progress."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from meetings.models import Panel
from minutes import selectors, services
from minutes.forms import (
    ActionProgressForm,
)
from minutes.manage.common import _with_version
from minutes.models import Action
from portal.errors import Refused, StaleEdit, refusal_status
from portal.htmx import wants_fragment
from portal.permissions import officer_required


def _progress_form(action: Action) -> ActionProgressForm:
    return ActionProgressForm(
        prefix=f"action-{action.pk}",
        initial={"status": action.status, "progress_note": action.progress_note, "version": action.version},
    )


def _tracker_context(request: HttpRequest, panel: Panel, failed: Action | None = None) -> dict:
    """Every action with its progress form; `failed` keeps the form (and conflict) of a refused update."""
    include_closed = request.GET.get("show") == "all"
    actions = selectors.panel_actions(panel, request.audience, include_closed=include_closed)
    if failed is not None and failed.pk not in {action.pk for action in actions}:
        actions.insert(0, failed)
    for action in actions:
        if failed is not None and action.pk == failed.pk:
            action.form, action.conflict = failed.form, failed.conflict
        else:
            action.form = _progress_form(action)
    return {"panel": panel, "actions": actions, "include_closed": include_closed}


@require_safe
@officer_required
def tracker(request: HttpRequest, slug: str) -> HttpResponse:
    panel = get_object_or_404(Panel, slug=slug)
    return render(request, "minutes/manage/tracker.html", _tracker_context(request, panel))


@require_POST
@officer_required
@vary_on_headers("HX-Request")
def action_progress(request: HttpRequest, slug: str, action: int) -> HttpResponse:
    panel = get_object_or_404(Panel, slug=slug)
    item = get_object_or_404(
        Action.objects.visible_to(request.audience).select_related(
            "owner", "entry__minutes__meeting__panel", "entry__agenda_item"
        ),
        entry__minutes__meeting__panel=panel,
        pk=action,
    )
    prefix = f"action-{item.pk}"
    form = ActionProgressForm(request.POST, prefix=prefix)
    conflict, http_status = None, 200
    if form.is_valid():
        try:
            item = services.update_action_progress(
                item,
                by=request.user,
                version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
                progress_note=form.cleaned_data["progress_note"],
            )
        except StaleEdit as stale:
            conflict = selectors.action_changes(item, stale.loaded_version)
            form = ActionProgressForm(_with_version(request.POST, stale.current.version), prefix=prefix)
            form.is_valid()
        except Refused as error:
            form.add_error(None, str(error))
            http_status = refusal_status(error)
        else:
            if wants_fragment(request):
                item = Action.objects.select_related(
                    "owner", "entry__minutes__meeting__panel", "entry__agenda_item"
                ).get(pk=item.pk)
                item.form = _progress_form(item)
                return render(
                    request, "minutes/manage/tracker.html#progress", {"panel": panel, "action": item, "saved": True}
                )
            messages.success(request, "Progress saved.")
            return redirect(reverse("minutes_manage:tracker", kwargs={"slug": panel.slug}) + f"#action-{item.pk}")
    item.form, item.conflict = form, conflict
    if wants_fragment(request):
        return render(
            request, "minutes/manage/tracker.html#progress", {"panel": panel, "action": item}, status=http_status
        )
    return render(
        request, "minutes/manage/tracker.html", _tracker_context(request, panel, failed=item), status=http_status
    )
