"""Two saves at the same moment: PostgreSQL's deadlock and serialisation failures, told apart from an outage.

PostgreSQL rolls back one of two transactions that would wait for each other for ever (a deadlock), or that
cannot both be applied as if one after the other (a serialisation failure). Nothing of the rolled-back change is
kept, so the person saving is told so, their typed text is given back to them, and they save again: a conflict
(409), like an edit made on a stale page, never the "database unavailable" page (503), which says nothing was lost.
"""

import contextlib
from collections.abc import Callable

from django.db import DatabaseError, transaction
from psycopg import errors

COLLISION_MESSAGE = (
    "Someone else was saving at the same moment, so your change was not saved. "
    "What you typed is kept below: check it, then save again."
)


def is_collision(exception: BaseException) -> bool:
    """Whether the database refused a change because another one was being saved at the same time."""
    cause = exception
    while cause is not None:
        if isinstance(cause, errors.DeadlockDetected | errors.SerializationFailure):
            return True
        cause = cause.__cause__
    return False


def atomic_write(collided: Callable[[], Exception]):
    """A `transaction.atomic` for services, usable as `with writing():` or `@writing()`: a collision comes back as
    `collided()` once the whole transaction has rolled back. Inside an enclosing transaction the failure is left to
    reach the outermost one, which is the one that rolls back."""

    @contextlib.contextmanager
    def writing():
        try:
            with transaction.atomic():
                yield
        except DatabaseError as exc:
            if is_collision(exc) and not transaction.get_connection().in_atomic_block:
                raise collided() from exc
            raise

    return writing
