"""The audit history (django-simple-history): recording who made a change, when and why, and reading it back.

Who did it is set on the instance rather than taken from the request, so the history records who did it outside a
request too (a command, a background task, a test). Services call `stamp`, `save_by` and `delete_by` instead of
setting simple-history's attributes. The officers' history pages (a meeting's, its minutes') read the rows back
through `history_entries`, the one renderer: each row in words, what it changed, newest first.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Model, QuerySet

REASON_LENGTH = 100  # simple-history's history_change_reason column


def stamp[M: Model](instance: M, by, *, when: datetime.datetime | None = None, reason: str | None = None) -> M:
    """Mark `instance` with who is changing it (and when, for one time across a whole change, and why) for the
    history row that its next save or delete writes."""
    instance._history_user = by
    if when is not None:
        instance._history_date = when
    if reason:
        instance._change_reason = reason[:REASON_LENGTH]
    return instance


def save_by[M: Model](
    instance: M, by, *, when: datetime.datetime | None = None, reason: str | None = None, **save
) -> M:
    """Save `instance` (with `save`'s options, e.g. update_fields), its history row recording who, when and why."""
    stamp(instance, by, when=when, reason=reason).save(**save)
    return instance


def delete_by(instance: Model, by, *, when: datetime.datetime | None = None, reason: str | None = None) -> None:
    stamp(instance, by, when=when, reason=reason).delete()


# Reading it back ------------------------------------------------------------------------------------------------

# Bookkeeping fields, and the text of a paper or minute (too long to show twice: "the text" changed is said instead).
HIDDEN_FIELDS = {"id", "version", "agenda_version", "uuid", "body_html"}
ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
VALUE_LENGTH = 160

# (what it is, e.g. "Agenda item"; its history rows; the row in words, e.g. "5. Budget monitoring")
HistorySource = tuple[str, QuerySet, Callable[[object], str]]


@dataclass
class HistoryEntry:
    """One history row as the officers read it: who did what to which record, with each field's old and new value."""

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


def _shortened(text: str) -> str:
    return text if len(text) <= VALUE_LENGTH else text[: VALUE_LENGTH - 3] + "…"


def _entries(label: str, records: QuerySet, describe: Callable[[object], str]) -> list[HistoryEntry]:
    """One model's history rows as entries, each row diffed against the previous row of the same object."""
    entries, previous, names = [], {}, {}
    fields = None
    for record in records.select_related("history_user").order_by("history_date", "history_id"):
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
                changes.append(("Text", "(earlier text)", "(new text)"))
        previous[record.id] = record
        note = record.history_change_reason or ""
        if record.history_type == "~" and before is not None and not changes and not note:
            continue  # saved without a visible change
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.email) if user else "System or fixture load",
                action=ACTIONS.get(record.history_type, record.history_type),
                thing=f"{label}: {describe(record)}",
                changes=changes,
                note=note,
            )
        )
    return entries


def history_entries(sources: Iterable[HistorySource]) -> list[HistoryEntry]:
    """Every history row of these sources as entries, newest first."""
    entries = [entry for label, records, describe in sources for entry in _entries(label, records, describe)]
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
