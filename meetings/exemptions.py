"""The exempt-information lifecycle: exemptions due for review or release, and their release.

Schedule 12A, paragraph 10, Local Government Act 1972: information is exempt only "if and so long as" the public
interest in keeping it exempt outweighs the public interest in disclosing it. An exemption can say when it ends
(a release date) or when to look at it again (a review date); officers see those due on their home page and on the
exempt information page. Releasing an item or paper ends its exemption: the one visibility rule
(meetings/audience.py) then lets everyone read it, in pages, search (its entry is re-indexed when it is saved),
feeds and the API, and the agenda's packs are built again as a new version holding it. The history records when,
by whom and why.

Release dates pass without anybody at a desk: `manage.py release_exempt_information`, run every day (see
docs/operations.md), releases everything whose release date has come.
"""

import datetime
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import Truncator

from meetings.locking import lock_meeting_agenda
from meetings.models import AgendaItem, Document, Meeting
from meetings.services import writing
from meetings.tasks import rebuild_packs_task
from portal.errors import Refused, SaveCollided
from portal.history import save_by

# How far ahead the officers' lists look for release and review dates.
DUE_WITHIN_DAYS = 28
SCHEDULED_RELEASE = "Its release date, {date}, was reached."


@dataclass(frozen=True)
class Exemption:
    """An exempt item or paper as the officers' lists show it."""

    record: AgendaItem | Document
    kind: str  # "item" or "paper"

    @property
    def meeting(self) -> Meeting:
        return self.record.meeting

    @property
    def due_on(self) -> datetime.date | None:
        return self.record.exemption_due_on


def _exempt_items():
    return AgendaItem.objects.exempt().select_related("meeting__panel")


def _exempt_papers():
    # Papers exempt in their own right: a paper of an exempt item is released with its item.
    return Document.objects.filter(exempt_paragraph__isnull=False).select_related("meeting__panel", "agenda_item")


def _by_due_date(exemptions: list[Exemption]) -> list[Exemption]:
    never = datetime.date.max
    return sorted(exemptions, key=lambda e: (e.due_on or never, e.meeting.date, e.kind, e.record.pk))


def exemptions_due(today: datetime.date, *, within_days: int = DUE_WITHIN_DAYS) -> list[Exemption]:
    """Exempt items and papers whose release or review date is past or within `within_days`, soonest first."""
    horizon = today + datetime.timedelta(days=within_days)
    due = Q(exempt_until__lte=horizon) | Q(exemption_review_on__lte=horizon)
    return _by_due_date(
        [Exemption(item, "item") for item in _exempt_items().filter(due)]
        + [Exemption(paper, "paper") for paper in _exempt_papers().filter(due)]
    )


def all_exemptions() -> list[Exemption]:
    """Every exempt item and paper, those with a date due first (soonest first), then the others by meeting."""
    return _by_due_date(
        [Exemption(item, "item") for item in _exempt_items()]
        + [Exemption(paper, "paper") for paper in _exempt_papers()]
    )


def releases_due(today: datetime.date) -> list[Exemption]:
    """Exempt items and papers whose release date has come."""
    return _by_due_date(
        [Exemption(item, "item") for item in _exempt_items().filter(exempt_until__lte=today)]
        + [Exemption(paper, "paper") for paper in _exempt_papers().filter(exempt_until__lte=today)]
    )


def release(record: AgendaItem | Document, *, reason: str, by, now: datetime.datetime | None = None):
    """End the exemption of an item or paper: it becomes public wherever it is published. Its paragraph, the
    time and the reason are kept, and said on its pages; the meeting's packs are built again (in the background)
    when its agenda is published. Returns the record as it is now."""
    reason = reason.strip()
    if not reason:
        raise Refused("Give the reason for releasing it: the public will read it beside the information.")
    model = type(record)
    with writing():
        rows = {"items": [record.pk]} if model is AgendaItem else {"documents": [record.pk]}
        meeting = lock_meeting_agenda(record.meeting_id, **rows)
        current = model.objects.get(pk=record.pk)
        if current.exempt_paragraph is None:
            raise Refused("It is not exempt (it may have been released already).")
        paragraph = current.exempt_paragraph
        current.released_paragraph, current.exempt_paragraph = paragraph, None
        current.released_at = now or timezone.now()
        current.release_reason = reason
        current.version += 1
        # The history's reason holds 100 characters; the whole reason is kept on the record (`release_reason`).
        save_by(current, by, reason=Truncator(f"Released from exemption (paragraph {paragraph}): {reason}").chars(100))
        Meeting.objects.filter(pk=meeting.pk).update(agenda_version=F("agenda_version") + 1)
        if meeting.agenda_published_at is not None:
            # In the same transaction as the release (the queue is a table in this database): both or neither.
            rebuild_packs_task.enqueue(meeting.pk, f"Released: {current.title}", getattr(by, "pk", None))
        return current


def release_due(today: datetime.date, *, by=None) -> list[Exemption]:
    """Release everything whose release date has come (the daily command). Returns what it released."""
    released = []
    for exemption in releases_due(today):
        reason = SCHEDULED_RELEASE.format(date=f"{exemption.record.exempt_until:%-d %B %Y}")
        try:
            record = release(exemption.record, reason=reason, by=by)
        except SaveCollided:
            raise
        except Refused:
            continue  # released by an officer meanwhile
        released.append(Exemption(record, exemption.kind))
    return released
