"""The officers' minutes workflow: start the minutes from the agenda, record attendance and declarations, write
each minute with its resolutions and actions, publish the draft, record its confirmation, and keep the actions
tracker up to date. Minutes are edited in place with htmx; every action is also a plain form with a redirect."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from meetings.models import Councillor, Meeting, Panel
from minutes import selectors, services
from minutes.forms import (
    ActionForm,
    ActionProgressForm,
    AddEntryForm,
    AttendanceForm,
    ConfirmForm,
    DeclarationFormSet,
    EntryForm,
    OtherAttendeeFormSet,
    RenumberForm,
    ResolutionFormSet,
    attendance_record,
    item_choices,
    resolution_initial,
    resolutions_from,
)
from minutes.models import Action, Attendance, MinuteEntry, Minutes
from portal.errors import Refused, SaveCollided, StaleEdit
from portal.htmx import page_or_fragment, wants_fragment
from portal.permissions import officer_required

EDITOR = "minutes/manage/editor.html"


def _tell(request: HttpRequest, text: str, level: int = messages.SUCCESS) -> None:
    """A message for the next full page. htmx answers carry their own status text instead."""
    if not wants_fragment(request):
        messages.add_message(request, level, text)


def _editor_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("minutes_manage:editor", kwargs={"slug": meeting.panel.slug, "date": meeting.date})
    return f"{url}#{anchor}" if anchor else url


def _minutes_or_404(request: HttpRequest, meeting: Meeting) -> Minutes:
    return get_object_or_404(Minutes.objects.visible_to(request.audience).select_related("meeting"), meeting=meeting)


def _posted_version(request: HttpRequest) -> int:
    """The version a removal was asked for; a request without one is refused like a stale one."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


def _with_version(data, version: int):
    """The officer's submitted data, moved on to the current version: saving again replaces the other change."""
    data = data.copy()
    for key in [key for key in data if key == "version" or key.endswith("-version")]:
        data[key] = str(version)
    return data


def _editor_context(meeting: Meeting, minutes: Minutes | None, **extra) -> dict:
    entries = minutes.entry_list if minutes else []
    return {
        "meeting": meeting,
        "panel": meeting.panel,
        "minutes": minutes,
        "entries": entries,
        "editable": minutes is not None and not minutes.is_confirmed,
        "add_form": AddEntryForm(entries=entries, auto_id="add-entry-%s"),
        "renumber_form": RenumberForm(),
        "waiting_for_exclusion": services.missing_exclusion(entries),
        **extra,
    }


def _entries_response(request: HttpRequest, meeting: Meeting, *, http_status: int = 200, **extra) -> HttpResponse:
    """The list of minutes after a change to it, as the htmx partial."""
    minutes = selectors.minutes_for_editing(meeting, request.audience)
    return render(request, f"{EDITOR}#entries", _editor_context(meeting, minutes, **extra), status=http_status)


def _collided(error: Exception) -> int:
    """409 when the change collided with another saved at the same moment: nothing was saved, what was typed is
    shown again to save once more. Otherwise 200, as for the other refusals."""
    return 409 if isinstance(error, SaveCollided) else 200


def _card_response(request: HttpRequest, meeting: Meeting, entry_id: int, **extra) -> HttpResponse:
    entry = selectors.entry_for_editing(meeting, entry_id, request.audience)
    context = {"meeting": meeting, "panel": meeting.panel, "entry": entry, "minutes": entry.minutes}
    context["editable"] = not entry.minutes.is_confirmed
    return render(request, f"{EDITOR}#entry-card", context | extra)


# --- the editor ---------------------------------------------------------------------------------------------------


@require_safe
@officer_required
def editor(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = selectors.meeting_or_404(slug, date)
    minutes = selectors.minutes_for_editing(meeting, request.audience)
    context = _editor_context(meeting, minutes)
    if minutes is None:
        context["agenda_items"] = list(meeting.agenda_items.order_by("position").values_list("title", flat=True))
    return render(request, EDITOR, context)


@require_POST
@officer_required
def start(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = selectors.meeting_or_404(slug, date)
    try:
        services.start_minutes(meeting, by=request.user)
    except Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The minutes have been started from the agenda. Check the attendance first.")
    return redirect(_editor_url(meeting))


# --- attendance and declarations ----------------------------------------------------------------------------------


def _attendance_members(seats: list, minutes: Minutes) -> list[Councillor]:
    """The panel's serving members, then anyone else already minuted as a member (so nothing recorded is lost)."""
    members = [seat.councillor for seat in seats]
    known = {councillor.pk for councillor in members}
    for row in minutes.attendance_list:
        if row.category in {"present", "apologies", "absent"} and row.councillor_id and row.councillor_id not in known:
            members.append(row.councillor)
            known.add(row.councillor_id)
    return members


def _attendance_initial(minutes: Minutes, members: list[Councillor], seats: list) -> dict:
    initial = {"opening_text": minutes.opening_text, "version": minutes.version, "officers": []}
    seat_roles = {seat.councillor_id: seat.role for seat in seats}
    rows = minutes.attendance_list
    substitutes = {row.substitute_for_id: row for row in rows if row.category == "substitute"}
    by_councillor = {row.councillor_id: row for row in rows if row.councillor_id and row.category != "substitute"}
    for councillor in members:
        prefix, row = f"member-{councillor.pk}", by_councillor.get(councillor.pk)
        if councillor.pk in substitutes:
            initial[f"{prefix}-attendance"] = "substitute"
            initial[f"{prefix}-substitute"] = substitutes[councillor.pk].councillor_id
            initial[f"{prefix}-role"] = substitutes[councillor.pk].role or "member"
        elif row is not None:
            initial[f"{prefix}-attendance"] = row.category
            initial[f"{prefix}-role"] = row.role or "member"
        else:
            initial[f"{prefix}-role"] = seat_roles.get(councillor.pk, "member")
    initial["officers"] = [row.officer_id for row in rows if row.category == "officer" and row.officer_id]
    return initial


@require_http_methods(["GET", "POST"])
@officer_required
def attendance(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = selectors.meeting_or_404(slug, date)
    minutes = selectors.minutes_for_editing(meeting, request.audience)
    if minutes is None:
        raise Http404("The minutes have not been started")
    seats = selectors.serving_members(meeting)
    members = _attendance_members(seats, minutes)
    councillors = selectors.councillor_choices(meeting.panel)
    items = item_choices(list(meeting.agenda_items.order_by("position")))
    choices = {"members": members, "councillors": councillors, "officers": selectors.officer_choices()}
    others_initial = [
        {"name": row.display_name, "capacity": row.capacity}
        for row in minutes.attendance_list
        if row.category == Attendance.Category.ATTENDING
    ]
    declarations_initial = [
        {"kind": d.kind, "councillor": d.councillor_id, "agenda_item": d.agenda_item_id, "text": d.text}
        for d in minutes.declaration_list
    ]
    declaration_kwargs = {"councillors": councillors, "items": items}
    conflict, http_status = None, 200
    if request.method == "POST":
        form = AttendanceForm(request.POST, **choices)
        others = OtherAttendeeFormSet(request.POST, prefix="other")
        declarations = DeclarationFormSet(request.POST, prefix="declaration", form_kwargs=declaration_kwargs)
        if form.is_valid() and others.is_valid() and declarations.is_valid():
            try:
                services.record_attendance(
                    minutes,
                    attendance_record(form, others, declarations),
                    by=request.user,
                    version=form.cleaned_data["version"],
                )
            except StaleEdit as stale:
                conflict = selectors.minutes_changes(minutes, stale.loaded_version)
                data = _with_version(request.POST, stale.current.version)
                form = AttendanceForm(data, **choices)
                others = OtherAttendeeFormSet(data, prefix="other")
                declarations = DeclarationFormSet(data, prefix="declaration", form_kwargs=declaration_kwargs)
            except Refused as error:
                form.add_error(None, str(error))
                http_status = _collided(error)
            else:
                messages.success(request, "Attendance and declarations saved.")
                return redirect(_editor_url(meeting, "attendance"))
    else:
        form = AttendanceForm(initial=_attendance_initial(minutes, members, seats), **choices)
        others = OtherAttendeeFormSet(initial=others_initial, prefix="other")
        declarations = DeclarationFormSet(
            initial=declarations_initial, prefix="declaration", form_kwargs=declaration_kwargs
        )
    return render(
        request,
        "minutes/manage/attendance.html",
        {
            "meeting": meeting,
            "panel": meeting.panel,
            "minutes": minutes,
            "form": form,
            "others": others,
            "declarations": declarations,
            "all_forms": [form, *others.forms, *declarations.forms],
            "has_errors": _has_errors([form, *others.forms, *declarations.forms]),
            "conflict": conflict,
            "editable": not minutes.is_confirmed,
        },
        status=http_status,
    )


# --- entries ------------------------------------------------------------------------------------------------------


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
            http_status = _collided(error)
        else:
            if wants_fragment(request):
                return _entries_response(request, meeting, status=f"Added minute {entry}.")
            messages.success(request, "Minute added. Write it below.")
            return redirect(_editor_url(meeting, f"entry-{entry.pk}"))
    context = _editor_context(meeting, minutes, add_form=form)
    return render(request, page_or_fragment(request, EDITOR, "entries"), context, status=http_status)


def _has_errors(forms) -> bool:
    return any(form.errors for form in forms)


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
                http_status = _collided(error)
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
        error, http_status = str(exc), _collided(exc)
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
        error, http_status = str(exc), _collided(exc)
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


# --- publication and confirmation ---------------------------------------------------------------------------------


@require_POST
@officer_required
def publish(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = selectors.meeting_or_404(slug, date)
    minutes = _minutes_or_404(request, meeting)
    try:
        services.publish_draft(minutes, by=request.user)
    except Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Published. The public now reads the minutes as a draft, subject to approval.")
    return redirect(_editor_url(meeting))


@require_POST
@officer_required
def unpublish(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = selectors.meeting_or_404(slug, date)
    minutes = _minutes_or_404(request, meeting)
    try:
        services.unpublish_draft(minutes, by=request.user)
    except Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Unpublished. Only officers can see the draft minutes now.")
    return redirect(_editor_url(meeting))


@require_http_methods(["GET", "POST"])
@officer_required
def confirm(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = selectors.meeting_or_404(slug, date)
    minutes = _minutes_or_404(request, meeting)
    items = selectors.confirmation_items(minutes)
    initial = {"at_item": items[0].pk} if items else {}
    if request.GET.get("item", "").isdigit():
        initial["at_item"] = int(request.GET["item"])
    form = ConfirmForm(request.POST or None, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_minutes(
                minutes, by=request.user, at_item=form.item(), amendments=form.cleaned_data["amendments"]
            )
        except Refused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The minutes are recorded as confirmed as a correct record.")
            return redirect(_editor_url(meeting))
    next_meeting = (
        Meeting.objects.filter(panel=meeting.panel, date__gt=meeting.date)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("date")
        .first()
    )
    return render(
        request,
        "minutes/manage/confirm.html",
        {
            "meeting": meeting,
            "panel": meeting.panel,
            "minutes": minutes,
            "form": form,
            "items": items,
            "next_meeting": next_meeting,
            "to_come": selectors.submitting_items_to_come(minutes),
        },
    )


@require_safe
@officer_required
def history(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = selectors.meeting_or_404(slug, date)
    minutes = _minutes_or_404(request, meeting)
    return render(
        request,
        "minutes/manage/history.html",
        {
            "meeting": meeting,
            "panel": meeting.panel,
            "minutes": minutes,
            "events": selectors.minutes_history(minutes),
            "drafts_sent": selectors.drafts_sent(minutes),
        },
    )


# --- actions arising ----------------------------------------------------------------------------------------------


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
    officers = selectors.officer_choices()
    form = ActionForm(
        request.POST or None, meeting=meeting, officers=officers, auto_id=f"entry-{minute.pk}-new-action-%s"
    )
    http_status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.add_action(minute, form.action_data(), by=request.user)
        except Refused as error:
            form.add_error(None, str(error))
            http_status = _collided(error)
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
    officers = selectors.officer_choices()
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
                http_status = _collided(error)
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


# --- the officers' actions tracker --------------------------------------------------------------------------------


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
            http_status = _collided(error)
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
