"""Helpers shared by the officers' minutes pages: the editor's address and context, version handling, answers."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from meetings.models import Meeting
from minutes import selectors, services
from minutes.forms import (
    AddEntryForm,
    RenumberForm,
)
from minutes.models import Minutes
from portal.htmx import wants_fragment

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


def _card_response(request: HttpRequest, meeting: Meeting, entry_id: int, **extra) -> HttpResponse:
    entry = selectors.entry_for_editing(meeting, entry_id, request.audience)
    context = {"meeting": meeting, "panel": meeting.panel, "entry": entry, "minutes": entry.minutes}
    context["editable"] = not entry.minutes.is_confirmed
    return render(request, f"{EDITOR}#entry-card", context | extra)


def _has_errors(forms) -> bool:
    return any(form.errors for form in forms)
