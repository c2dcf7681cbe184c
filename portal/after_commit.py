"""Work run once per transaction when it commits, however many changes in it ask for the same thing: one move of
the page-cache version, one search re-index per meeting. Outside a transaction the work runs at once."""

from collections.abc import Callable, Hashable

from django.db import transaction


class OnceOnCommit:
    def __init__(self, key: Hashable, work: Callable[[], object]):
        self.key, self.work, self.ran = key, work, False

    def __call__(self) -> None:
        self.ran = True
        self.work()


def once_on_commit(key: Hashable, work: Callable[[], object]) -> bool:
    """Run `work` when the current transaction commits, unless work with the same key is already waiting for that
    commit. Returns whether it was queued now. Work queued inside a savepoint that rolls back is dropped with it by
    Django, so the next change queues it again."""
    if waiting_on_commit(key):
        return False
    transaction.on_commit(OnceOnCommit(key, work))
    return True


def waiting_on_commit(key: Hashable) -> bool:
    """Is work with this key already waiting for the current transaction to commit (and not run early, as tests
    may run it)."""
    connection = transaction.get_connection()
    return connection.in_atomic_block and any(
        isinstance(waiting, OnceOnCommit) and waiting.key == key and not waiting.ran
        for _savepoints, waiting, _robust in connection.run_on_commit
    )
