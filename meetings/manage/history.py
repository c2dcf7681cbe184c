"""The audit trail of a meeting: every recorded change to it, its agenda, papers and minutes, newest first."""

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from meetings.manage.agenda import meeting_for_editing
from meetings.minutes_source import minutes_source
from meetings.models import (
    AgendaItem,
    AgendaPack,
    AgendaSection,
    Apology,
    Document,
    Meeting,
    PackWithdrawal,
    ScheduleChange,
)
from portal.formats import short_date
from portal.history import HistoryEntry, history_entries
from portal.permissions import officer_required


def meeting_history(meeting: Meeting) -> list[HistoryEntry]:
    pack_versions = dict(AgendaPack.objects.filter(meeting=meeting).values_list("pk", "version"))
    sources = [
        ("Meeting", Meeting.history.filter(id=meeting.pk), lambda r: short_date(r.date)),
        ("Schedule change", ScheduleChange.history.filter(meeting_id=meeting.pk), lambda r: f"from {r.previous_date}"),
        ("Agenda heading", AgendaSection.history.filter(meeting_id=meeting.pk), lambda r: r.heading),
        ("Agenda item", AgendaItem.history.filter(meeting_id=meeting.pk), lambda r: f"{r.number}. {r.title}"),
        ("Paper", Document.history.filter(meeting_id=meeting.pk), lambda r: r.title),
        (
            "Public pack withdrawn",
            PackWithdrawal.history.filter(pack_id__in=pack_versions),
            lambda r: f"version {pack_versions.get(r.pack_id)}: {r.reason}",
        ),
        (
            "Apologies",
            Apology.history.filter(meeting_id=meeting.pk).select_related("councillor"),
            lambda r: f"Councillor {r.councillor.short_name}" if r.councillor else "a councillor since removed",
        ),
    ]
    return history_entries(sources + minutes_source().history_sources(meeting))


@require_safe
@officer_required
def history(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = meeting_for_editing(slug, date)
    return render(
        request,
        "meetings/manage/history.html",
        {"meeting": meeting, "panel": meeting.panel, "entries": meeting_history(meeting)},
    )
