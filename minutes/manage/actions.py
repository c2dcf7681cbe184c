"""Actions arising from a minute: add, edit, remove."""

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from meetings.models import Meeting
from meetings.selectors import officer_choices
from minutes import selectors, services
from minutes.forms import (
    ActionForm,
)
from minutes.manage.common import (
    _card_response,
    _editor_url,
    _posted_version,
    _with_version,
)
from minutes.models import MinuteEntry
from portal.errors import Refused, StaleEdit, refusal_status
from portal.htmx import page_or_fragment, wants_fragment
from portal.permissions import officer_required


def _action_form_response(request, meeting, entry, form, action=None, conflict=None, status=200) -> HttpResponse:
    kwargs = {"slug": meeting.panel.slug, "date": meeting.date}
    if action is None:
        form_action = reverse("minutes_manage:action_add", kwargs=kwargs | {"entry": entry.pk})
    else:
        form_action = reverse("minutes_manage:action_edit", kwargs=kwargs | {"action": action.pk})
    context = {
        "in_place": wants_fragment(request),
        "form_action": form_action,
        "editable": not entry.minutes.is_confirmed,
        "meeting": meeting,
        "panel": meeting.panel,
        "minutes": entry.minutes,
        "entry": entry,
        "action": action,
        "form": form,
        "conflict": conflict,
    }
    return render(
        request, page_or_fragment(request, "minutes/manage/action_form.html", "action-form"), context, status=status
    )


def _action_saved(request: HttpRequest, meeting: Meeting, entry: MinuteEntry, done: str) -> HttpResponse:
    if wants_fragment(request):
        # The whole minute is shown again, with its list of actions.
        response = _card_response(request, meeting, entry.pk, saved_action=done)
        return reswap(retarget(response, f"#entry-{entry.pk}"), "innerHTML")
    messages.success(request, done)
    return redirect(_editor_url(meeting, f"entry-{entry.pk}"))


@require_http_methods(["GET", "POST"])
@officer_required
@vary_on_headers("HX-Request")
def action_add(request: HttpRequest, slug: str, date: datetime.date, entry: int) -> HttpResponse:
    meeting = selectors.meeting_or_404(slug, date)
    minute = selectors.entry_for_editing(meeting, entry, request.audience)
    officers = officer_choices(meeting.panel)
    form = ActionForm(
        request.POST or None, meeting=meeting, officers=officers, auto_id=f"entry-{minute.pk}-new-action-%s"
    )
    http_status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.add_action(minute, form.action_data(), by=request.user)
        except Refused as error:
            form.add_error(None, str(error))
            http_status = refusal_status(error)
        else:
            return _action_saved(request, meeting, minute, "Action added.")
    return _action_form_response(request, meeting, minute, form, status=http_status)


@require_http_methods(["GET", "POST"])
@officer_required
@vary_on_headers("HX-Request")
def action_edit(request: HttpRequest, slug: str, date: datetime.date, action: int) -> HttpResponse:
    meeting = selectors.meeting_or_404(slug, date)
    item = selectors.action_for_editing(meeting, action, request.audience)
    minute = selectors.entry_for_editing(meeting, item.entry_id, request.audience)
    officers = officer_choices(meeting.panel)
    ids = f"action-{item.pk}-%s"
    conflict, http_status = None, 200
    if request.method == "POST":
        form = ActionForm(request.POST, meeting=meeting, officers=officers, auto_id=ids)
        if form.is_valid():
            try:
                services.update_action(item, form.action_data(), by=request.user, version=form.cleaned_data["version"])
            except StaleEdit as stale:
                conflict = selectors.action_changes(item, stale.loaded_version)
                posted = _with_version(request.POST, stale.current.version)
                form = ActionForm(posted, meeting=meeting, officers=officers, auto_id=ids)
                form.is_valid()
            except Refused as error:
                form.add_error(None, str(error))
                http_status = refusal_status(error)
            else:
                return _action_saved(request, meeting, minute, "Action saved.")
    else:
        form = ActionForm(initial=ActionForm.initial_for(item), meeting=meeting, officers=officers, auto_id=ids)
    return _action_form_response(request, meeting, minute, form, action=item, conflict=conflict, status=http_status)


@require_POST
@officer_required
@vary_on_headers("HX-Request")
def action_delete(request: HttpRequest, slug: str, date: datetime.date, action: int) -> HttpResponse:
    meeting = selectors.meeting_or_404(slug, date)
    item = selectors.action_for_editing(meeting, action, request.audience)
    minute = item.entry
    try:
        services.delete_action(item, by=request.user, version=_posted_version(request))
    except StaleEdit:
        messages.error(request, "Someone else changed this action since you loaded the page, so it was not removed.")
        return redirect(_editor_url(meeting, f"entry-{minute.pk}"))
    except Refused as error:
        messages.error(request, str(error))
        return redirect(_editor_url(meeting, f"entry-{minute.pk}"))
    return _action_saved(request, meeting, minute, "Action removed.")
