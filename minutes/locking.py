"""One lock order for every write to a meeting's minutes: minutes → entry → resolution / action (each by id).

The minutes are the root: every change locks them first, so two changes to the same minutes queue instead of
waiting for each other in a circle (a deadlock). A change that also touches the meeting's agenda locks the meeting
first (meetings/locking.py): meetings come before their minutes. Rows are locked FOR NO KEY UPDATE, so rows that
merely refer to them (a paper made from the minutes, a confirming agenda item) can still be written meanwhile.
"""

from collections.abc import Iterable

from minutes.models import Action, MinuteEntry, Minutes, Resolution


def _lock(queryset, ids: Iterable[int]) -> None:
    ids = sorted(set(ids))
    if ids:
        list(queryset.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))


def lock_minutes_record(
    minutes: Minutes | int,
    *,
    entries: Iterable[int] = (),
    resolutions: Iterable[int] = (),
    actions: Iterable[int] = (),
) -> Minutes:
    """Lock the minutes, then the given entries, then their resolutions and actions. Returns the minutes as they
    are now."""
    pk = getattr(minutes, "pk", minutes)
    locked = Minutes.objects.select_for_update(no_key=True, of=("self",)).select_related("meeting__panel").get(pk=pk)
    _lock(MinuteEntry.objects.filter(minutes_id=pk), entries)
    _lock(Resolution.objects.filter(entry__minutes_id=pk), resolutions)
    _lock(Action.objects.filter(entry__minutes_id=pk), actions)
    return locked


def minutes_of_entry(entry_id: int) -> int:
    return MinuteEntry.objects.values_list("minutes_id", flat=True).get(pk=entry_id)


def minutes_of_action(action_id: int) -> tuple[int, int]:
    """(minutes id, entry id) of an action."""
    return Action.objects.values_list("entry__minutes_id", "entry_id").get(pk=action_id)
