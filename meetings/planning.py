"""Planning a panel's year: adding meetings with their standard agenda items, moving and cancelling them."""

import datetime

from django.db import IntegrityError
from django.db.models import Q
from django.utils import timezone

from meetings.locking import lock_meeting_agenda, lock_meetings, lock_panel_schedule
from meetings.models import AgendaItem, Meeting, Membership, Panel, ScheduleChange
from meetings.municipal_year import MunicipalYear
from portal.collisions import atomic_write
from portal.errors import Refused, SaveCollided
from portal.formats import council_time, long_date, short_date
from portal.history import save_by

# A planning change's transaction. A collision with another save comes back as SaveCollided, so the form is shown
# again with what the officer typed.
writing = atomic_write(SaveCollided)

# Meetings are planned at most this far ahead: a date further out is almost always a mistyped year.
FURTHEST_AHEAD = datetime.timedelta(days=5 * 366)

CHAIR_PRO_TEM_TITLE = "Appointment of Chair Pro-Tem"
CHAIR_PRO_TEM_DESCRIPTION = "To seek nominations and appoint a Chair ‘Pro-Tem’ for this meeting."
APOLOGIES_TITLE = "Apologies for Absence"
DECLARATIONS_TITLE = "Declarations of Interest"
PREVIOUS_MINUTES_PREFIX = "Minutes of the Previous Meeting"
NEXT_MEETING_PREFIX = "Date and Time of Next Meeting"
URGENT_ITEMS_TITLE = "Any other urgent items which, in the opinion of the Chair, may be considered."


# Standard items --------------------------------------------------------------------------------------------


def panel_has_chair(panel: Panel, on: datetime.date) -> bool:
    """Whether a councillor holds the chair of the panel in the municipal year containing `on`."""
    return (
        Membership.objects.filter(
            panel=panel,
            municipal_year=MunicipalYear.containing(on).start_year,
            role=Membership.Role.CHAIR,
            councillor__isnull=False,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .exists()
    )


def previous_minutes_title(panel: Panel, previous: Meeting) -> str:
    """As the agenda prints it: "Minutes of the Previous Meeting of the ... Panel held on 27 July 2021"."""
    return f"{PREVIOUS_MINUTES_PREFIX} of the {panel.name} held on {short_date(previous.date)}"


def next_meeting_title(following: Meeting | None) -> str:
    """ "Date and Time of Next Meeting - 11 October 2021 at 4.00pm", from the schedule."""
    if following is None:
        return f"{NEXT_MEETING_PREFIX} - to be confirmed"
    if following.start_time is None:
        return f"{NEXT_MEETING_PREFIX} - {short_date(following.date)}, time to be confirmed"
    return f"{NEXT_MEETING_PREFIX} - {short_date(following.date)} at {council_time(following.start_time)}"


def _schedule(panel: Panel) -> list[Meeting]:
    """The panel's meetings that will take (or took) place, in date order: cancelled ones do not count."""
    return list(
        panel.meetings.exclude(status=Meeting.Status.CANCELLED)
        .only("id", "panel_id", "date", "start_time", "status", "agenda_published_at")
        .order_by("date", "start_time")
    )


def _neighbours(schedule: list[Meeting], meeting: Meeting) -> tuple[Meeting | None, Meeting | None]:
    earlier = [other for other in schedule if other.date < meeting.date]
    later = [other for other in schedule if other.date > meeting.date]
    return (earlier[-1] if earlier else None, later[0] if later else None)


def create_standard_items(meeting: Meeting, *, chair_pro_tem: bool, by) -> None:
    """Start the meeting's empty agenda with the standard items (unpublished), worded from the panel's schedule."""
    previous, following = _neighbours(_schedule(meeting.panel), meeting)
    # The minutes app's rows, reached through their relation to the meeting (minutes sit above meetings).
    previous_minutes_id = (
        Meeting.objects.filter(pk=previous.pk).values_list("minutes", flat=True).first() if previous else None
    )
    items: list[tuple[str, str, str]] = []
    if chair_pro_tem:
        items.append((AgendaItem.Kind.CHAIR_PRO_TEM, CHAIR_PRO_TEM_TITLE, CHAIR_PRO_TEM_DESCRIPTION))
    items.append((AgendaItem.Kind.APOLOGIES, APOLOGIES_TITLE, ""))
    items.append((AgendaItem.Kind.DECLARATIONS, DECLARATIONS_TITLE, ""))
    if previous is not None:
        items.append((AgendaItem.Kind.PREVIOUS_MINUTES, previous_minutes_title(meeting.panel, previous), ""))
    items.append((AgendaItem.Kind.NEXT_MEETING, next_meeting_title(following), ""))
    items.append((AgendaItem.Kind.URGENT_ITEMS, URGENT_ITEMS_TITLE, ""))
    for position, (kind, title, description) in enumerate(items, start=1):
        # Unpublished (published_at empty) until the agenda is published.
        item = AgendaItem(
            meeting=meeting, position=position, number=str(position), kind=kind, title=title, description=description
        )
        save_by(item, by, reason="Standard item")
        if kind == AgendaItem.Kind.PREVIOUS_MINUTES and previous_minutes_id is not None:
            item.confirms_minutes.add(previous_minutes_id)


def refresh_standard_items(panel: Panel, *, by) -> list[AgendaItem]:
    """Bring the "minutes of the previous meeting" and "date and time of next meeting" items of the panel's
    coming, unpublished agendas in line with the schedule, after a meeting is added, moved or cancelled.

    Only items still in their standard wording are touched, and only while unpublished: a published agenda
    says what it said. Returns the items changed."""
    today = timezone.localdate()
    lock_panel_schedule(panel)
    schedule = _schedule(panel)
    open_meetings = {
        meeting.pk: meeting
        for meeting in schedule
        if meeting.date >= today and meeting.agenda_published_at is None and meeting.status == Meeting.Status.SCHEDULED
    }
    items = list(
        AgendaItem.objects.filter(
            meeting_id__in=open_meetings,
            published_at__isnull=True,
            kind__in=[AgendaItem.Kind.PREVIOUS_MINUTES, AgendaItem.Kind.NEXT_MEETING],
        )
        .filter(Q(title__startswith=PREVIOUS_MINUTES_PREFIX) | Q(title__startswith=NEXT_MEETING_PREFIX))
        .prefetch_related("confirms_minutes")
    )
    if not items:
        return []
    lock_meetings({item.meeting_id for item in items})
    minutes_by_meeting = dict(
        Meeting.objects.filter(panel=panel, minutes__isnull=False).values_list("pk", "minutes")
    )  # meeting id: its minutes' id
    changed = []
    for item in items:
        previous, following = _neighbours(schedule, open_meetings[item.meeting_id])
        if item.kind == AgendaItem.Kind.NEXT_MEETING:
            title = next_meeting_title(following)
            if item.title != title:
                item.title = title
                save_by(item, by, reason="Schedule changed")
                changed.append(item)
            continue
        if previous is None:
            continue
        title = previous_minutes_title(panel, previous)
        minutes_id = minutes_by_meeting.get(previous.pk)
        linked = {linked.pk for linked in item.confirms_minutes.all()}
        wanted = {minutes_id} if minutes_id else set()
        if item.title != title or linked != wanted:
            item.title = title
            save_by(item, by, reason="Schedule changed")
            item.confirms_minutes.set(wanted)
            changed.append(item)
    return changed


# Checks ----------------------------------------------------------------------------------------------------


def _check_new_date(date: datetime.date, field: str) -> None:
    today = timezone.localdate()
    if date < today:
        raise Refused(
            f"{long_date(date)} has passed. Choose a date from today ({short_date(today)}) onwards.", field=field
        )
    if date > today + FURTHEST_AHEAD:
        raise Refused(f"{long_date(date)} is more than five years away. Check the year.", field=field)


def _check_not_retired(panel: Panel, date: datetime.date, field: str) -> None:
    # A retired panel keeps its record; a meeting from before it stopped may still be entered from the records.
    if panel.retired_on is not None and date >= panel.retired_on:
        raise Refused(
            f"The {panel.name} was retired on {long_date(panel.retired_on)}, so no meeting can be "
            "arranged for it on or after that day. Reinstate the panel first if it meets again.",
            field=field,
        )


def _check_day_is_free(panel: Panel, date: datetime.date, field: str, *, moving: Meeting | None = None) -> None:
    others = panel.meetings.filter(date=date)
    if moving is not None:
        others = others.exclude(pk=moving.pk)
    clash = others.first()
    if clash is None:
        return
    if clash.is_cancelled:
        message = (
            f"The panel already has a meeting on {long_date(date)}, which was cancelled. "
            "Reinstate that meeting, or choose another date."
        )
    else:
        message = (
            f"The panel already meets on {long_date(date)}. A panel meets at most once a day: choose another date."
        )
    raise Refused(message, field=field)


def _lock_schedule(panel: Panel) -> None:
    # One planning change at a time per panel, so two officers cannot book the same day at once.
    lock_panel_schedule(panel)


def _locked(meeting: Meeting) -> Meeting:
    """The meeting as it is now, with its panel's schedule locked for the rest of the transaction."""
    _lock_schedule(meeting.panel)
    lock_meeting_agenda(meeting)
    return Meeting.objects.select_related("panel").get(pk=meeting.pk)


def _clash_from_database(date: datetime.date, field: str) -> Refused:
    return Refused(f"The panel already meets on {long_date(date)}. Choose another date.", field=field)


# Services --------------------------------------------------------------------------------------------------


def add_meeting(
    panel: Panel,
    date: datetime.date,
    start_time: datetime.time | None,
    venue: str,
    by,
    *,
    is_virtual: bool = False,
    chair_pro_tem: bool | None = None,
) -> Meeting:
    """Put a meeting on the panel's schedule, its agenda started with the standard items (unpublished).

    `chair_pro_tem` None includes the appointment of a chair pro-tem only when the panel has no chair in the
    meeting's municipal year. Raises Refused (naming the field) for a past date or a day already taken.
    """
    _check_new_date(date, "date")
    _check_not_retired(panel, date, "date")
    try:
        with writing():
            _lock_schedule(panel)
            _check_day_is_free(panel, date, "date")
            meeting = Meeting(
                panel=panel, date=date, start_time=start_time, venue=(venue or "").strip(), is_virtual=is_virtual
            )
            save_by(meeting, by, reason="Added to the schedule")
            if chair_pro_tem is None:
                chair_pro_tem = not panel_has_chair(panel, date)
            create_standard_items(meeting, chair_pro_tem=chair_pro_tem, by=by)
            refresh_standard_items(panel, by=by)
    except IntegrityError as exc:
        raise _clash_from_database(date, "date") from exc
    return meeting


def enter_past_meeting(
    panel: Panel, date: datetime.date, start_time: datetime.time | None, venue: str, by, *, is_virtual: bool = False
) -> Meeting:
    """Enter a meeting that has already been held, from the council's records (s100C: the record of the past six
    years stays available). It is held, not scheduled: no notice check, no standard items, and its agenda is put
    online as a record, never as a publication made on time. Raises Refused (naming the field) for a date
    still to come or a day already taken."""
    today = timezone.localdate()
    if date >= today:
        raise Refused(
            f"{long_date(date)} has not passed yet. Add a meeting still to come to the schedule instead.", field="date"
        )
    _check_not_retired(panel, date, "date")
    try:
        with writing():
            _lock_schedule(panel)
            _check_day_is_free(panel, date, "date")
            meeting = Meeting(
                panel=panel,
                date=date,
                start_time=start_time,
                venue=(venue or "").strip(),
                is_virtual=is_virtual,
                status=Meeting.Status.HELD,
                entered_from_records_at=timezone.now(),
            )
            save_by(meeting, by, reason="Entered from the council's records")
    except IntegrityError as exc:
        raise _clash_from_database(date, "date") from exc
    return meeting


def move_meeting(
    meeting: Meeting,
    new_date: datetime.date,
    new_time: datetime.time | None,
    reason: str,
    by,
    *,
    agreed_at: Meeting | None = None,
) -> Meeting:
    """Move a meeting to another date or time. The change is kept as a ScheduleChange, shown on the meeting's
    page, and the old date's address redirects to the new one."""
    if agreed_at is not None and agreed_at.pk == meeting.pk:
        raise Refused("A meeting cannot agree its own move.", field="agreed_at")
    try:
        with writing():
            meeting = _locked(meeting)
            if meeting.status == Meeting.Status.HELD:
                raise Refused("This meeting has been held, so it cannot be moved.")
            if meeting.is_cancelled:
                raise Refused("This meeting is cancelled. Reinstate it before moving it.")
            if new_date == meeting.date and new_time == meeting.start_time:
                raise Refused("That is when the meeting already is. Choose a new date or time.", field="new_date")
            if new_date != meeting.date:
                _check_new_date(new_date, "new_date")
                _check_not_retired(meeting.panel, new_date, "new_date")
            _check_day_is_free(meeting.panel, new_date, "new_date", moving=meeting)
            change = ScheduleChange(
                meeting=meeting,
                previous_date=meeting.date,
                previous_time=meeting.start_time,
                new_date=new_date,
                new_time=new_time,
                reason=(reason or "").strip(),
                agreed_at=agreed_at,
            )
            save_by(change, by)
            meeting.date, meeting.start_time = new_date, new_time
            save_by(meeting, by, reason="Moved")
            refresh_standard_items(meeting.panel, by=by)
    except IntegrityError as exc:
        raise _clash_from_database(new_date, "new_date") from exc
    return meeting


def cancel_meeting(meeting: Meeting, reason: str, by) -> Meeting:
    """Cancel a meeting. It stays on the schedule, and its page shows the reason to everyone."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused(
            "Enter the reason the meeting is cancelled. It is shown on the meeting's public page.", field="reason"
        )
    with writing():
        meeting = _locked(meeting)
        if meeting.status == Meeting.Status.HELD:
            raise Refused("This meeting has been held, so it cannot be cancelled.")
        if meeting.is_cancelled:
            raise Refused("This meeting is already cancelled.")
        meeting.status = Meeting.Status.CANCELLED
        meeting.cancellation_reason = reason
        save_by(meeting, by, reason="Cancelled")
        refresh_standard_items(meeting.panel, by=by)
    return meeting


def reinstate_meeting(meeting: Meeting, by) -> Meeting:
    """Undo a cancellation made in error, while the meeting's date is still to come."""
    with writing():
        meeting = _locked(meeting)
        if not meeting.is_cancelled:
            raise Refused("This meeting is not cancelled.")
        if meeting.date < timezone.localdate():
            raise Refused(f"{long_date(meeting.date)} has passed, so the meeting cannot be reinstated.")
        meeting.status = Meeting.Status.AGENDA_PUBLISHED if meeting.agenda_is_published else Meeting.Status.SCHEDULED
        meeting.cancellation_reason = ""
        save_by(meeting, by, reason="Reinstated")
        refresh_standard_items(meeting.panel, by=by)
    return meeting
