"""Recording attendance (members, substitutes, officers, others) and declarations of interest."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from meetings.models import Councillor
from meetings.selectors import officer_choices
from minutes import selectors, services
from minutes.forms import (
    AttendanceForm,
    DeclarationFormSet,
    OtherAttendeeFormSet,
    attendance_record,
    item_choices,
)
from minutes.manage.common import (
    _editor_url,
    _has_errors,
    _with_version,
)
from minutes.models import Attendance, Minutes
from portal.errors import Refused, StaleEdit, refusal_status
from portal.permissions import officer_required


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
    choices = {"members": members, "councillors": councillors, "officers": officer_choices(meeting.panel)}
    others_initial = [
        {"name": row.display_name, "capacity": row.capacity}
        for row in minutes.attendance_list
        if row.category == Attendance.Category.ATTENDING
    ]
    declarations_initial = [
        {
            "kind": d.kind,
            "councillors": [councillor.pk for councillor in d.councillor_list],
            "agenda_item": d.agenda_item_id,
            "text": d.text,
            "action": d.action,
        }
        for d in minutes.declaration_list
    ]
    other_label = minutes.meeting.panel.council.other_interest_name
    declaration_kwargs = {"councillors": councillors, "items": items, "other_label": other_label}
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
                http_status = refusal_status(error)
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
