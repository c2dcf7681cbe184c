"""The audit trail of a meeting: every recorded change to it, its agenda, papers and minutes, newest first."""

import datetime
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from meetings.manage.agenda import MEETING, meeting_for_editing
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
from portal.permissions import officer_required

HIDDEN_FIELDS = {"id", "version", "agenda_version", "uuid", "body_html"}
ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass
class Entry:
    when: datetime.datetime
    who: str
    action: str
    thing: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    note: str = ""


def _value(record, name: str) -> str:
    value = getattr(record, name, None)
    if value is None or value == "":
        return "(empty)"
    return _shortened(str(value))


def _shortened(text: str) -> str:
    return text if len(text) <= 160 else text[:157] + "…"


def _named_value(record, model_field, names: dict) -> str:
    """A field's value as an officer reads it: a link to another record by that record's name ("Overview and
    Scrutiny Board, 14 January 2027"), never its id; `names` keeps the names already looked up."""
    if not model_field.many_to_one:
        return _value(record, model_field.attname)
    pk = getattr(record, model_field.attname, None)
    if pk is None:
        return "(empty)"
    key = (model_field.related_model, pk)
    if key not in names:
        related = model_field.related_model._default_manager.filter(pk=pk).first()
        names[key] = _shortened(str(related)) if related else "(since deleted)"
    return names[key]


def _entries(label, records, describe) -> list[Entry]:
    """Turn one model's history rows into entries, diffing each row against the previous row of the same object."""
    entries, previous, names = [], {}, {}
    fields = None
    for record in records:
        if fields is None:
            fields = [f for f in record.instance_type._meta.concrete_fields if f.attname not in HIDDEN_FIELDS]
        before = previous.get(record.id)
        changes = []
        if before is not None and record.history_type == "~":
            for model_field in fields:
                old, new = _named_value(before, model_field, names), _named_value(record, model_field, names)
                if old != new:
                    changes.append((model_field.verbose_name.capitalize(), old, new))
            if hasattr(record, "body_html") and getattr(before, "body_html", None) != record.body_html:
                changes.append(("Text of the paper", "(earlier text)", "(new text)"))
        previous[record.id] = record
        if record.history_type == "~" and before is not None and not changes:
            continue  # saved without a visible change
        user = record.history_user
        entries.append(
            Entry(
                when=record.history_date,
                who=(user.get_full_name() or user.email) if user else "System or fixture load",
                action=ACTIONS.get(record.history_type, record.history_type),
                thing=f"{label}: {describe(record)}",
                changes=changes,
                note=record.history_change_reason or "",
            )
        )
    return entries


def meeting_history(meeting: Meeting) -> list[Entry]:
    minutes_sources = minutes_source().history_sources(meeting)
    pack_versions = dict(AgendaPack.objects.filter(meeting=meeting).values_list("pk", "version"))

    def ordered(records):
        return records.select_related("history_user").order_by("history_date", "history_id")

    def rows(model, **filters):
        return ordered(model.history.filter(**filters))

    sources = [
        ("Meeting", rows(Meeting, id=meeting.pk), lambda r: short_date(r.date)),
        ("Schedule change", rows(ScheduleChange, meeting_id=meeting.pk), lambda r: f"from {r.previous_date}"),
        ("Agenda heading", rows(AgendaSection, meeting_id=meeting.pk), lambda r: r.heading),
        ("Agenda item", rows(AgendaItem, meeting_id=meeting.pk), lambda r: f"{r.number}. {r.title}"),
        ("Paper", rows(Document, meeting_id=meeting.pk), lambda r: r.title),
        (
            "Public pack withdrawn",
            rows(PackWithdrawal, pack_id__in=pack_versions),
            lambda r: f"version {pack_versions.get(r.pack_id)}: {r.reason}",
        ),
        ("Apologies", rows(Apology, meeting_id=meeting.pk), lambda r: f"councillor #{r.councillor_id}"),
    ]
    sources += [(label, ordered(records), describe) for label, records, describe in minutes_sources]
    entries = [entry for label, records, describe in sources for entry in _entries(label, records, describe)]
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


@require_safe
@officer_required
def history(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = meeting_for_editing(slug, date)
    return render(
        request,
        "meetings/manage/history.html",
        {"meeting": meeting, "panel": meeting.panel, "entries": meeting_history(meeting)},
    )


urlpatterns = [path(f"{MEETING}history/", history, name="meeting_history")]
