"""The errors every service raises when it refuses a change: one hierarchy for meetings, minutes and scrutiny.

A service that refuses says why in words for the officer (`str(error)`), and may name the form field the refusal
is about. Views catch `Refused` (or one of its two kinds below) and show the message; nothing was saved.

- `StaleEdit`: someone else saved first (optimistic locking: the officer's page was out of date). It carries what
  changed, the record as it is now, who saved it and when, so the conflict screen can show both sides.
- `SaveCollided`: the database refused the change because another was being saved at the same moment (a deadlock
  or serialisation failure, portal/collisions.py). Nothing was saved; the officer saves again (409).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.db.models import Model

from portal.collisions import COLLISION_MESSAGE

STALE_MESSAGE = (
    "Someone else saved a change while you were editing, so your change has not been saved. "
    "What they changed is shown below and what you typed is kept: check it, then save again."
)


class Refused(Exception):
    """A rule refused the change. The message tells the officer what to do (about `field`, if one)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Change:
    """One field someone else changed: its value as they saved it, and as this editor typed it."""

    field: str
    yours: str
    theirs: str


class StaleEdit(Refused):
    """Someone else saved first, after the editor loaded the page.

    `changes` lists what they changed (when the service can say), `current` is the record as it is now and
    `loaded_version` the version the editor saw; `by` and `at` say who saved it and when. The caller keeps what
    this editor typed."""

    def __init__(
        self,
        message: str = STALE_MESSAGE,
        *,
        changes: Iterable[Change] = (),
        current: Model | None = None,
        loaded_version: int | None = None,
        by: str = "",
        at: datetime.datetime | None = None,
    ):
        super().__init__(message)
        self.changes = list(changes)
        self.current = current
        self.loaded_version = loaded_version
        self.by = by
        self.at = at


class SaveCollided(Refused):
    """The database refused the change because another was being saved at the same moment; nothing was saved."""

    def __init__(self):
        super().__init__(COLLISION_MESSAGE)


def refusal_status(refusal: Refused) -> int:
    """The status of a page shown again with a refusal on its form: 409 when the change collided with another saved
    at the same moment (nothing was saved; what was typed is shown again, to save once more), else 200."""
    return 409 if isinstance(refusal, SaveCollided) else 200


def show_refusal(form: forms.Form, refusal: Refused) -> int:
    """Show a refusal on the form that asked for the change: on the field it names, or above the form when the
    form has no such field. Returns the status of the page shown again (`refusal_status`)."""
    form.add_error(refusal.field if refusal.field in form.fields else None, str(refusal))
    return refusal_status(refusal)
