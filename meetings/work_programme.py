"""Keeping a panel's work programme: topics per municipal year by category, their approval and the agenda items
that take them forward."""

import datetime

from django.db.models import Max
from django.utils import timezone

from meetings.locking import lock_topics
from meetings.models import AgendaItem, Meeting, Panel, WorkProgrammeTopic
from portal.collisions import atomic_write
from portal.errors import Refused, SaveCollided
from portal.formats import short_date
from portal.history import save_by

Status = WorkProgrammeTopic.Status

# A work programme change's transaction. A collision with another save comes back as SaveCollided, so the form is
# shown again with what the officer typed.
writing = atomic_write(SaveCollided)

# Statuses a topic can have once approved (withdrawn: perhaps after approval); proposed and submitted topics
# carry no approval.
MAY_CARRY_APPROVAL = {Status.APPROVED, Status.IN_PROGRESS, Status.COMPLETE, Status.WITHDRAWN}


def _next_position(panel: Panel, municipal_year: int, category: str) -> int:
    last = WorkProgrammeTopic.objects.filter(panel=panel, municipal_year=municipal_year, category=category).aggregate(
        last=Max("position")
    )["last"]
    return (last or 0) + 1


def _clean_title(title: str) -> str:
    # Stored as typed: markup is text, escaped wherever it is shown.
    title = " ".join((title or "").split())
    if not title:
        raise Refused("Enter the topic, for example “Locality working”.", field="title")
    if len(title) > WorkProgrammeTopic._meta.get_field("title").max_length:
        raise Refused("Shorten the topic to 300 characters or fewer; put detail in the notes.", field="title")
    return title


def _check_category(category: str) -> None:
    if category not in WorkProgrammeTopic.Category.values:
        raise Refused("Choose one of the categories.", field="category")


def _check_agreed_at(panel: Panel, agreed_at: Meeting | None) -> None:
    if agreed_at is not None and agreed_at.panel_id != panel.pk:
        raise Refused("Choose one of this panel's meetings.", field="agreed_at")


def add_topic(
    panel: Panel,
    municipal_year: int,
    category: str,
    title: str,
    by,
    *,
    notes: str = "",
    agreed_at: Meeting | None = None,
) -> WorkProgrammeTopic:
    """Add a proposed topic at the end of its category in the panel's work programme for the year."""
    title = _clean_title(title)
    _check_category(category)
    _check_agreed_at(panel, agreed_at)
    with writing():
        topic = WorkProgrammeTopic(
            panel=panel,
            municipal_year=municipal_year,
            category=category,
            position=_next_position(panel, municipal_year, category),
            title=title,
            notes=(notes or "").strip(),
            agreed_at=agreed_at,
        )
        save_by(topic, by, reason="Added")
    return topic


def edit_topic(
    topic: WorkProgrammeTopic,
    by,
    *,
    title: str,
    category: str,
    notes: str = "",
    agreed_at: Meeting | None = None,
    municipal_year: int | None = None,
) -> WorkProgrammeTopic:
    """Change a topic's wording, category, notes, the meeting that chose it, or carry it to another year.
    A topic moved to another category or year goes to the end of its new list."""
    title = _clean_title(title)
    _check_category(category)
    _check_agreed_at(topic.panel, agreed_at)
    municipal_year = topic.municipal_year if municipal_year is None else municipal_year
    with writing():
        lock_topics([topic.pk])
        topic = WorkProgrammeTopic.objects.select_related("panel").get(pk=topic.pk)
        if (category, municipal_year) != (topic.category, topic.municipal_year):
            topic.position = _next_position(topic.panel, municipal_year, category)
        topic.title, topic.category, topic.notes = title, category, (notes or "").strip()
        topic.agreed_at, topic.municipal_year = agreed_at, municipal_year
        save_by(topic, by, reason="Edited")
    return topic


def approval_problems(
    topic: WorkProgrammeTopic,
    status: str,
    *,
    approved_by: Panel | None,
    approved_on: datetime.date | None,
    submitted_to: Meeting | None,
) -> dict[str, str]:
    """What does not make sense in a topic's new status and approval, by field, for the officer (empty when all
    does). Approved needs the approving body (normally the Overview and Scrutiny Board) and the date it approved the
    topic; a topic not yet approved carries no approval. The status form shows them all at once."""
    problems: dict[str, str] = {}
    if status == Status.APPROVED:
        if approved_by is None:
            problems["approved_by"] = "Choose the body that approved the topic."
        if approved_on is None:
            problems["approved_on"] = "Enter the date the topic was approved."
    elif status in MAY_CARRY_APPROVAL:
        # An approval is the body and the date together, as the panel page prints it.
        if approved_by is not None and approved_on is None:
            problems["approved_on"] = "Enter the date the topic was approved, or choose “Not approved”."
        if approved_on is not None and approved_by is None:
            problems["approved_by"] = "Choose the body that approved the topic, or clear the date."
    elif approved_by is not None or approved_on is not None:
        message = (
            f"A topic that is “{Status(status).label.lower()}” has not been approved: "
            "clear the approval, or choose Approved."
        )
        problems["approved_by" if approved_by is not None else "approved_on"] = message
    if approved_by is not None and approved_by.pk == topic.panel_id:
        problems["approved_by"] = "A panel does not approve its own work programme: choose the approving body."
    if approved_on is not None and approved_on > timezone.localdate():
        problems["approved_on"] = f"{short_date(approved_on)} is in the future: enter the date it was approved."
    if submitted_to is not None and submitted_to.panel_id == topic.panel_id:
        problems["submitted_to"] = "Choose a meeting of the approving body, not of this panel."
    return problems


def set_topic_status(
    topic: WorkProgrammeTopic,
    status: str,
    by,
    *,
    approved_by: Panel | None = None,
    approved_on: datetime.date | None = None,
    submitted_to: Meeting | None = None,
) -> WorkProgrammeTopic:
    """Record where a topic has got to, refused (on the first field named) while `approval_problems` finds any."""
    if status not in Status.values:
        raise Refused("Choose one of the statuses.", field="status")
    problems = approval_problems(
        topic, status, approved_by=approved_by, approved_on=approved_on, submitted_to=submitted_to
    )
    if problems:
        field, message = next(iter(problems.items()))
        raise Refused(message, field=field)
    with writing():
        lock_topics([topic.pk])
        topic = WorkProgrammeTopic.objects.get(pk=topic.pk)
        topic.status = status
        topic.approved_by, topic.approved_on, topic.submitted_to = approved_by, approved_on, submitted_to
        save_by(topic, by, reason=f"Status: {Status(status).label}")
    return topic


def move_topic(topic: WorkProgrammeTopic, direction: str, by) -> WorkProgrammeTopic:
    """Move a topic one place up or down within its category (renumbering the category 1, 2, 3...)."""
    if direction not in {"up", "down"}:
        raise Refused("Choose up or down.")
    with writing():
        category = WorkProgrammeTopic.objects.filter(
            panel_id=topic.panel_id, municipal_year=topic.municipal_year, category=topic.category
        )
        lock_topics(category.values_list("pk", flat=True))
        siblings = list(category.order_by("position", "pk"))
        index = next(i for i, sibling in enumerate(siblings) if sibling.pk == topic.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(siblings):
            siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, sibling in enumerate(siblings, start=1):
            if sibling.position != position:
                sibling.position = position
                save_by(sibling, by, reason="Reordered")
    return next(sibling for sibling in siblings if sibling.pk == topic.pk)


def _item_label(item: AgendaItem) -> str:
    return f"item {item.number} of {short_date(item.meeting.date)}"


def link_agenda_item(topic: WorkProgrammeTopic, item: AgendaItem, by) -> WorkProgrammeTopic:
    """Record that an agenda item of the panel takes the topic forward. The topic's history notes the link."""
    if item.meeting.panel_id != topic.panel_id:
        raise Refused("Choose an item on one of this panel's agendas.", field="agenda_item")
    with writing():
        lock_topics([topic.pk])
        topic = WorkProgrammeTopic.objects.get(pk=topic.pk)
        if not topic.agenda_items.filter(pk=item.pk).exists():
            topic.agenda_items.add(item)
            # The link table keeps no history; saving the topic with a reason records who linked what, and when.
            save_by(topic, by, reason=f"Linked {_item_label(item)}")
    return topic


def unlink_agenda_item(topic: WorkProgrammeTopic, item: AgendaItem, by) -> WorkProgrammeTopic:
    with writing():
        lock_topics([topic.pk])
        topic = WorkProgrammeTopic.objects.get(pk=topic.pk)
        if topic.agenda_items.filter(pk=item.pk).exists():
            topic.agenda_items.remove(item)
            save_by(topic, by, reason=f"Unlinked {_item_label(item)}")
    return topic
