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
from django.db.models import BooleanField, DateField, Expression, F, IntegerField, Q, Value

from portal.compiled import compiled_once

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


class InSeatsOrMeetings(Expression):
    """True for a row whose meeting is one of `meetings`, or falls on a day of one of `seats`. The seats and
    meetings go to the database as arrays: one statement whatever their number (no OR per seat, no lookup of
    Membership per row, which made PostgreSQL choose a slower plan: see bench/visibility.py)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, meeting_id, panel_id, date, seats: Iterable[Seat], meetings: Iterable[int]):
        super().__init__()
        self.meeting_id, self.panel_id, self.date = F(meeting_id), F(panel_id), F(date)
        self.seats = sorted(seats, key=lambda seat: (seat.panel_id, seat.first_day, seat.last_day))
        self.meetings = sorted(meetings)

    def get_source_expressions(self):
        return [self.meeting_id, self.panel_id, self.date]

    def set_source_expressions(self, expressions):
        self.meeting_id, self.panel_id, self.date = expressions

    def as_sql(self, compiler, connection):
        meeting_sql, meeting_params = compiler.compile(self.meeting_id)
        panel_sql, panel_params = compiler.compile(self.panel_id)
        date_sql, date_params = compiler.compile(self.date)
        sql = (
            f"({meeting_sql} = ANY(%s::bigint[]) OR EXISTS (SELECT 1 FROM unnest(%s::bigint[], %s::date[], "
            f"%s::date[]) AS seat (panel_id, first_day, last_day) WHERE seat.panel_id = {panel_sql} "
            f"AND {date_sql} BETWEEN seat.first_day AND seat.last_day))"
        )
        params = (
            *meeting_params,
            self.meetings,
            [seat.panel_id for seat in self.seats],
            [seat.first_day for seat in self.seats],
            [seat.last_day for seat in self.seats],
            *panel_params,
            *date_params,
        )
        return sql, params


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
        themselves, with `panel` and `date` naming their columns). It reads the same seats and meetings as
        `may_read_exempt`, passed as array parameters, so the SQL is the same whatever the number of seats."""
        if self.is_officer:
            return Q()
        meetings = self.meetings | self.attended
        if not meetings and not self.seats:
            return Q(pk__in=[])
        meeting_id = meeting if meeting == "pk" else f"{meeting}_id"
        return Q(
            InSeatsOrMeetings(
                meeting_id, panel or f"{meeting}__panel_id", date or f"{meeting}__date", self.seats, meetings
            )
        )

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


# Stands for the councillor in the one compilation of `seats_and_attendance`'s query.
ANY_COUNCILLOR = -(2**62)


def seats_and_attendance(councillor_id: int) -> tuple[frozenset[Seat], frozenset[int]]:
    """A councillor's seats and the meetings they attended as a member, in one query (once per request)."""
    Membership = apps.get_model("meetings", "Membership")
    found, meetings = set(), set()
    for panel_id, municipal_year, starts_on, ends_on, meeting_id in _seats_and_attendance(councillor_id):
        if meeting_id is not None:
            meetings.add(meeting_id)
            continue
        # The seat's days, as Membership.first_day and last_day give them.
        held = Membership(municipal_year=municipal_year, starts_on=starts_on, ends_on=ends_on)
        if held.first_day <= held.last_day:
            found.add(Seat(panel_id=panel_id, first_day=held.first_day, last_day=held.last_day))
    return frozenset(found), frozenset(meetings)


def _seats_and_attendance_query(councillor_id: int):
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
    return seats.union(attended, all=True).order_by()


_seats_and_attendance = compiled_once(_seats_and_attendance_query, ANY_COUNCILLOR)


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
