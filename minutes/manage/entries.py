"""The minutes themselves: add, edit, remove, move and number them; the resolution excluding the public."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from meetings.models import Meeting
from minutes import selectors, services
from minutes.forms import (
    AddEntryForm,
    EntryForm,
    RenumberForm,
    ResolutionFormSet,
    resolution_initial,
    resolutions_from,
)
from minutes.manage.common import (
    EDITOR,
    _card_response,
    _editor_context,
    _editor_url,
    _entries_response,
    _has_errors,
    _minutes_or_404,
    _posted_version,
    _tell,
    _with_version,
)
from portal.errors import Refused, StaleEdit, refusal_status
from portal.htmx import page_or_fragment, wants_fragment
from portal.permissions import officer_required


@require_POST
@officer_required
@vary_on_headers("HX-Request")
def entry_add(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = selectors.meeting_or_404(slug, date)
    minutes = selectors.minutes_for_editing(meeting, request.audience)
    if minutes is None:
        raise Http404("The minutes have not been started")
    form = AddEntryForm(request.POST, entries=minutes.entry_list, auto_id="add-entry-%s")
    http_status = 200
    if form.is_valid():
        try:
            entry = services.add_entry(
                minutes, by=request.user, heading=form.cleaned_data["heading"], after=form.after_entry()
            )
        except Refused as error:
            form.add_error(None, str(error))
            http_status = refusal_status(error)
        else:
            if wants_fragment(request):
                return _entries_response(request, meeting, status=f"Added minute {entry}.")
            messages.success(request, "Minute added. Write it below.")
            return redirect(_editor_url(meeting, f"entry-{entry.pk}"))
    context = _editor_context(meeting, minutes, add_form=form)
    return render(request, page_or_fragment(request, EDITOR, "entries"), context, status=http_status)


def _entry_form_context(request, meeting, entry, form, resolutions, conflict=None) -> dict:
    return {
        "in_place": wants_fragment(request),
        "has_errors": _has_errors([form, *resolutions.forms]) or bool(resolutions.non_form_errors()),
        "meeting": meeting,
        "panel": meeting.panel,
        "minutes": entry.minutes,
        "entry": entry,
        "form": form,
        "resolutions": resolutions,
        "all_forms": [form, *resolutions.forms],
        "conflict": conflict,
        "editable": not entry.minutes.is_confirmed,
    }


@require_http_methods(["GET", "POST"])
@officer_required
@vary_on_headers("HX-Request")
def entry_edit(request: HttpRequest, slug: str, date: datetime.date, entry: int) -> HttpResponse:
    meeting = selectors.meeting_or_404(slug, date)
    minute = selectors.entry_for_editing(meeting, entry, request.audience)
    ids = f"entry-{minute.pk}-%s"  # unique, as several minutes can be open for editing on one page
    conflict, http_status = None, 200
    if request.method == "POST":
        form = EntryForm(request.POST, auto_id=ids)
        resolutions = ResolutionFormSet(request.POST, prefix="resolution", auto_id=ids)
        if form.is_valid() and resolutions.is_valid():
            data = form.cleaned_data
            try:
                services.update_entry(
                    minute,
                    by=request.user,
                    version=data["version"],
                    heading=data["heading"],
                    body_html=data["body"],
                    exempt_paragraph=data["exempt_paragraph"],
                    excludes_public=data["excludes_public"],
                    resolutions=resolutions_from(resolutions),
                )
            except StaleEdit as stale:
                conflict = selectors.entry_changes(minute, stale.loaded_version)
                posted = _with_version(request.POST, stale.current.version)
                form = EntryForm(posted, auto_id=ids)
                resolutions = ResolutionFormSet(posted, prefix="resolution", auto_id=ids)
                # Validate again so the form shows what they typed, with any errors, ready to save again.
                form.is_valid()
                resolutions.is_valid()
            except Refused as error:
                form.add_error(None, str(error))
                http_status = refusal_status(error)
            else:
                if wants_fragment(request):
                    return _card_response(request, meeting, minute.pk, saved=True)
                messages.success(request, f"Minute {minute} saved.")
                return redirect(_editor_url(meeting, f"entry-{minute.pk}"))
    else:
        form = EntryForm(initial=EntryForm.initial_for(minute), auto_id=ids)
        resolutions = ResolutionFormSet(initial=resolution_initial(minute), prefix="resolution", auto_id=ids)
    context = _entry_form_context(request, meeting, minute, form, resolutions, conflict)
    return render(
        request, page_or_fragment(request, "minutes/manage/entry_edit.html", "entry-form"), context, status=http_status
    )


@require_safe
@officer_required
@vary_on_headers("HX-Request")
def entry_card(request: HttpRequest, slug: str, date: datetime.date, entry: int) -> HttpResponse:
    """The minute as it reads, for "Cancel" in the in-place editor; without htmx, the editor at that minute."""
    meeting = selectors.meeting_or_404(slug, date)
    if not wants_fragment(request):
        selectors.entry_for_editing(meeting, entry, request.audience)
        return redirect(_editor_url(meeting, f"entry-{entry}"))
    return _card_response(request, meeting, entry)


def _entry_change(
    request: HttpRequest, meeting: Meeting, entry_id: int, change, done: str, anchor: str, **extra
) -> HttpResponse:
    """Run a change to the list of minutes and answer with the list (htmx) or the editor (plain form)."""
    entry = selectors.entry_for_editing(meeting, entry_id, request.audience)
    error, http_status = "", 200
    try:
        change(entry)
    except StaleEdit:
        error = "Someone else changed this minute since you loaded the page, so it was not changed. Check it first."
        anchor = f"entry-{entry.pk}"
    except Refused as exc:
        error, http_status = str(exc), refusal_status(exc)
    if wants_fragment(request):
        return _entries_response(
            request, meeting, error=error, status="" if error else done, http_status=http_status, **extra
        )
    messages.add_message(request, messages.ERROR if error else messages.SUCCESS, error or done)
    return redirect(_editor_url(meeting, anchor))


@require_POST
@officer_required
@vary_on_headers("HX-Request")
def entry_delete(request: HttpRequest, slug: str, date: datetime.date, entry: int) -> HttpResponse:
    meeting = selectors.meeting_or_404(slug, date)
    version = _posted_version(request)
    return _entry_change(
        request,
        meeting,
        entry,
        lambda minute: services.delete_entry(minute, by=request.user, version=version),
        "Minute removed; the others are numbered again.",
        "entries",
    )


@require_POST
@officer_required
@vary_on_headers("HX-Request")
def entry_move(request: HttpRequest, slug: str, date: datetime.date, entry: int) -> HttpResponse:
    meeting = selectors.meeting_or_404(slug, date)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    return _entry_change(
        request,
        meeting,
        entry,
        lambda minute: services.move_entry(minute, by=request.user, direction=direction),
        f"Minute moved {direction}.",
        f"entry-{entry}",
        moved=entry,
        moved_direction=direction,
    )


@require_POST
@officer_required
@vary_on_headers("HX-Request")
def entries_reorder(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = selectors.meeting_or_404(slug, date)
    minutes = _minutes_or_404(request, meeting)
    error, http_status = "", 200
    try:
        order = [int(pk) for pk in request.POST.get("order", "").split(",") if pk.strip()]
        services.reorder_entries(minutes, by=request.user, order=order)
    except ValueError:
        error = "The new order could not be read. Use the Move up and Move down buttons."
    except Refused as exc:
        error, http_status = str(exc), refusal_status(exc)
    if wants_fragment(request):
        return _entries_response(
            request, meeting, error=error, status="" if error else "New order saved.", http_status=http_status
        )
    _tell(request, error or "New order saved.", messages.ERROR if error else messages.SUCCESS)
    return redirect(_editor_url(meeting, "entries"))


@require_POST
@officer_required
def renumber(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = selectors.meeting_or_404(slug, date)
    minutes = _minutes_or_404(request, meeting)
    form = RenumberForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["start"]))
        return redirect(_editor_url(meeting, "numbering"))
    try:
        services.renumber(minutes, by=request.user, start=form.cleaned_data["start"])
    except Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The minutes have been numbered again.")
    return redirect(_editor_url(meeting, "entries"))


@require_POST
@officer_required
def exclusion(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = selectors.meeting_or_404(slug, date)
    minutes = _minutes_or_404(request, meeting)
    try:
        entry = services.add_exclusion_resolution(minutes, by=request.user)
    except Refused as error:
        messages.error(request, str(error))
        return redirect(_editor_url(meeting))
    messages.success(request, "The resolution to exclude the press and public has been added.")
    return redirect(_editor_url(meeting, f"entry-{entry.pk}"))
