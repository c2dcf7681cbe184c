"""One lock order for every write to a panel's schedule, its agendas and its work programme.

Two saves that lock the same rows in opposite orders wait for each other for ever (PostgreSQL then kills one of
them: a deadlock). So every service takes its row locks through these helpers, always in this order:

    panel (its schedule) → meeting → section → item → document
    work programme topics, by id

The meeting is the agenda's root: every change to an agenda locks its meeting first, so two agenda changes to the
same meeting simply queue, and rows below it are then locked in the order above, each kind by id. The minutes
have their own order (minutes → entry → resolution / action), in minutes/locking.py.

Rows are locked FOR NO KEY UPDATE: writers queue for each other, but rows elsewhere that merely refer to a locked
one (an apology, a minute, a link from the work programme) can still be written meanwhile.
"""

from collections.abc import Iterable

from meetings.models import AgendaItem, AgendaSection, Document, Meeting, Panel, WorkProgrammeTopic


def _lock(queryset, ids: Iterable[int]) -> None:
    ids = sorted(set(ids))
    if ids:
        list(queryset.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))


def lock_panel_schedule(panel: Panel | int) -> None:
    """One change to a panel's schedule at a time (adding, moving, cancelling meetings)."""
    _lock(Panel.objects, [getattr(panel, "pk", panel)])


def lock_meetings(meeting_ids: Iterable[int]) -> None:
    """Several meetings' agendas, by id (a schedule change rewords the standard items of the coming ones)."""
    _lock(Meeting.objects, meeting_ids)


def lock_meeting_agenda(
    meeting: Meeting | int,
    *,
    sections: Iterable[int] = (),
    items: Iterable[int] = (),
    documents: Iterable[int] = (),
) -> Meeting:
    """Lock a meeting's agenda for a change: the meeting, then the given sections, items and papers, each by id.
    Returns the meeting as it is now."""
    pk = getattr(meeting, "pk", meeting)
    locked = Meeting.objects.select_for_update(no_key=True).get(pk=pk)
    _lock(AgendaSection.objects.filter(meeting_id=pk), sections)
    _lock(AgendaItem.objects.filter(meeting_id=pk), items)
    _lock(Document.objects.filter(meeting_id=pk), documents)
    return locked


def lock_topics(topic_ids: Iterable[int]) -> None:
    """Work programme topics, by id (never by their position, which the change itself may be altering)."""
    _lock(WorkProgrammeTopic.objects, topic_ids)
