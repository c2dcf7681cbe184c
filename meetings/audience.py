"""Who is reading (the public, a councillor, an officer) and the one rule for who may read exempt information.

An Audience is computed once per request and handed to every visibility queryset. Each rule has a Python half
(for an object already loaded) and an SQL half (a filter), side by side here and tested against each other.

The exempt access rule (Schedule 12A to the Local Government Act 1972): officers read every meeting's exempt
information; a councillor reads it for a meeting held while they held a seat on its panel (the seat's municipal
year, narrowed by its start and end dates when they are set), and for a meeting they attended as a member or a
substitute (the minutes' attendance). Nobody else does.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import DateField, Exists, IntegerField, OuterRef, Q, Value

# The minutes' attendance categories (minutes.models.Attendance.Category) of a councillor who sat at the meeting.
ATTENDED_AS_MEMBER = ("present", "substitute")


@dataclass(frozen=True)
class Seat:
    """The days on which a councillor held a seat on a panel."""

    panel_id: int
    first_day: datetime.date
    last_day: datetime.date

    def covers(self, panel_id: int, day: datetime.date) -> bool:
        return panel_id == self.panel_id and self.first_day <= day <= self.last_day


@dataclass(frozen=True)
class Audience:
    """`seats` and `attended` (meeting ids) are a councillor's; `meetings` are meetings whose exempt information
    this audience reads outright (the members' pack of one meeting)."""

    is_officer: bool = False
    councillor_id: int | None = None
    seats: frozenset[Seat] = field(default_factory=frozenset)
    attended: frozenset[int] = field(default_factory=frozenset)
    meetings: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_public(self) -> bool:
        return not self.is_officer and self.councillor_id is None and not self.meetings

    @property
    def is_councillor(self) -> bool:
        return self.councillor_id is not None

    def may_see_drafts(self) -> bool:
        return self.is_officer

    # --- the exempt access rule -------------------------------------------------------------------------------

    def may_read_exempt(self, meeting) -> bool:
        """The exempt access rule, for a loaded meeting (its pk, panel_id and date)."""
        if self.is_officer:
            return True
        if meeting.pk in self.meetings or meeting.pk in self.attended:
            return True
        return any(seat.covers(meeting.panel_id, meeting.date) for seat in self.seats)

    def sits_at(self, meeting) -> bool:
        """Holds a seat on the meeting's panel on the day of the meeting (so may send apologies for it)."""
        return any(seat.covers(meeting.panel_id, meeting.date) for seat in self.seats)

    def exempt_readable(self, meeting: str, *, panel: str | None = None, date: str | None = None) -> Q:
        """The exempt access rule in SQL, for rows whose meeting is at the path `meeting` ("pk" for meetings
        themselves, with `panel` and `date` naming their columns). Its size does not grow with the number of
        seats: the seats and the attendance are looked up by the database (EXISTS)."""
        if self.is_officer:
            return Q()
        meeting_id = meeting if meeting == "pk" else f"{meeting}_id"
        panel = panel or f"{meeting}__panel_id"
        date = date or f"{meeting}__date"
        readable = Q(**{f"{meeting_id}__in": sorted(self.meetings)}) if self.meetings else Q(pk__in=[])
        if self.councillor_id is None:
            return readable
        Membership = apps.get_model("meetings", "Membership")
        Meeting = apps.get_model("meetings", "Meeting")
        seat = Membership.objects.filter(councillor_id=self.councillor_id, panel_id=OuterRef(panel)).serving_on(
            OuterRef(date)
        )
        attended = Meeting.objects.filter(
            pk=OuterRef(meeting_id),
            minutes__attendance__councillor_id=self.councillor_id,
            minutes__attendance__category__in=ATTENDED_AS_MEMBER,
        )
        return readable | Exists(seat) | Exists(attended)

    # --- the visibility rule every model follows ------------------------------------------------------------

    def may_read(self, meeting, *, published: bool, exempt: bool) -> bool:
        """Officers read everything; everyone else reads what is published, and what is exempt only under the
        exempt access rule. Each model says what "published" and "exempt" mean for it."""
        if self.is_officer:
            return True
        return published and (not exempt or self.may_read_exempt(meeting))

    def readable(
        self, meeting: str, *, published: Q, exempt: Q, panel: str | None = None, date: str | None = None
    ) -> Q:
        """`may_read` in SQL."""
        if self.is_officer:
            return Q()
        return published & (~exempt | self.exempt_readable(meeting, panel=panel, date=date))


PUBLIC = Audience()
OFFICER = Audience(is_officer=True)


def members_of(meeting_id: int, *, confirming: Iterable[int] = ()) -> Audience:
    """What every member of the panel may read about its meeting: the members' pack. The minutes its agenda
    submits for confirmation (of the meetings `confirming`) are read in full by those who confirm them."""
    return Audience(meetings=frozenset({meeting_id, *confirming}))


def seats_and_attendance(councillor_id: int) -> tuple[frozenset[Seat], frozenset[int]]:
    """A councillor's seats and the meetings they attended as a member, in one query (once per request)."""
    Membership = apps.get_model("meetings", "Membership")
    Meeting = apps.get_model("meetings", "Meeting")
    none_int, none_date = Value(None, output_field=IntegerField()), Value(None, output_field=DateField())
    seats = (
        Membership.objects.filter(councillor_id=councillor_id)
        .order_by()
        .values_list("panel_id", "municipal_year", "starts_on", "ends_on", none_int)
    )
    attended = (
        Meeting.objects.filter(
            minutes__attendance__councillor_id=councillor_id, minutes__attendance__category__in=ATTENDED_AS_MEMBER
        )
        .order_by()
        .values_list(none_int, none_int, none_date, none_date, "pk")
    )
    found, meetings = set(), set()
    for panel_id, municipal_year, starts_on, ends_on, meeting_id in seats.union(attended, all=True).order_by():
        if meeting_id is not None:
            meetings.add(meeting_id)
            continue
        # The seat's days, as Membership.first_day and last_day give them.
        held = Membership(municipal_year=municipal_year, starts_on=starts_on, ends_on=ends_on)
        if held.first_day <= held.last_day:
            found.add(Seat(panel_id=panel_id, first_day=held.first_day, last_day=held.last_day))
    return frozenset(found), frozenset(meetings)


def audience_for(user) -> Audience:
    """The audience of a signed-in (or anonymous) user, from their role."""
    if user is None or not user.is_authenticated or not user.is_active:
        return PUBLIC
    if user.is_officer:
        return OFFICER
    if user.is_councillor:
        seats, attended = seats_and_attendance(user.councillor_id)
        return Audience(councillor_id=user.councillor_id, seats=seats, attended=attended)
    return PUBLIC
