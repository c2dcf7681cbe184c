"""Who made a change, when and why, for the audit history (django-simple-history) the change writes.

Set on the instance rather than taken from the request, so the history records who did it outside a request too
(a command, a background task, a test). Services call these instead of setting simple-history's attributes.
"""

import datetime

from django.db.models import Model

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
