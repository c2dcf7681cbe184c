"""How long a meeting's public record stays open to inspection, and the refusal to delete or replace it sooner.

Section 100C(1) of the Local Government Act 1972: the minutes, the agenda and the reports open to inspection are
kept available "for a period of six years beginning with the date of the meeting". Section 100D(2): the list of
background papers of each report, and the papers themselves, for four years beginning with that date. A period is
computed from the meeting's date (the record may be years old), and "beginning with" counts the meeting's day as
the first: six years from 21 September 2021 end on 20 September 2027.

Withdrawing exempt content (Schedule 12A) is the one exception: information that should never have been public is
removed, with the reason recorded, whatever the period.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from meetings.models import Meeting
from portal.errors import Refused

RECORD_YEARS = 6  # s100C(1): agendas, reports and minutes
BACKGROUND_PAPER_YEARS = 4  # s100D(2): background papers and their lists


def period_end(meeting_date: datetime.date, years: int) -> datetime.date:
    """The last day of a period of `years` years beginning with the meeting's date."""
    try:
        anniversary = meeting_date.replace(year=meeting_date.year + years)
    except ValueError:  # 29 February, in a year that has none: the period runs to the end of February
        anniversary = datetime.date(meeting_date.year + years, 3, 1)
    return anniversary - datetime.timedelta(days=1)


def record_kept_until(meeting_date: datetime.date) -> datetime.date:
    return period_end(meeting_date, RECORD_YEARS)


def background_papers_kept_until(meeting_date: datetime.date) -> datetime.date:
    return period_end(meeting_date, BACKGROUND_PAPER_YEARS)


@dataclass(frozen=True)
class Period:
    section: str
    what: str
    years: int

    def ends(self, meeting_date: datetime.date) -> datetime.date:
        return period_end(meeting_date, self.years)


RECORD = Period(section="100C", what="agendas, reports and minutes", years=RECORD_YEARS)
BACKGROUND_PAPERS = Period(section="100D", what="background papers", years=BACKGROUND_PAPER_YEARS)


def refuse_inside_period(
    thing: str,
    meeting_date: datetime.date,
    *,
    period: Period = RECORD,
    action: str = "removed",
    today: datetime.date | None = None,
) -> None:
    """Raise Refused if a public `thing` of the meeting on `meeting_date` is still inside its period."""
    today = today or timezone.localdate()
    until = period.ends(meeting_date)
    if today <= until:
        raise Refused(
            f"{thing[:1].upper()}{thing[1:]} is part of the public record of the meeting of "
            f"{meeting_date:%-d %B %Y}: section {period.section} of the Local Government Act 1972 keeps "
            f"{period.what} open to inspection for {period.years} years, until {until:%-d %B %Y}, so it cannot be "
            f"{action} before then. If it holds exempt information, remove it as exempt and say why; to correct it, "
            "add a corrected paper beside it."
        )


# --- the retention report -----------------------------------------------------------------------------------------

NOTICE_DAYS = 365  # the report lists, apart, the periods ending within a year


@dataclass(frozen=True)
class RetentionRow:
    meeting: object  # meetings.models.Meeting, annotated with its counts
    ends: datetime.date
    today: datetime.date

    @property
    def has_ended(self) -> bool:
        return self.ends < self.today

    @property
    def days_left(self) -> int:
        return (self.ends - self.today).days


@dataclass(frozen=True)
class RetentionSchedule:
    period: Period
    ended: list[RetentionRow]
    ending_soon: list[RetentionRow]
    later: list[RetentionRow]

    @property
    def is_empty(self) -> bool:
        return not (self.ended or self.ending_soon or self.later)

    @property
    def groups(self) -> list[tuple[str, list[RetentionRow]]]:
        return [
            ("Period ended: may now leave the portal", self.ended),
            ("Period ends within a year", self.ending_soon),
            ("Kept for longer", self.later),
        ]


def retention_schedule(today: datetime.date, period: Period) -> RetentionSchedule:
    """Each meeting with a public record under `period`, with the day its period ends, in one query: those whose
    period has ended (they may now leave the portal), those ending within a year, and the rest."""
    Minutes = Meeting._meta.get_field("minutes").related_model
    public_papers = Q(documents__published_at__isnull=False)
    meetings = Meeting.objects.select_related("panel").annotate(
        public_papers=Count("documents", filter=public_papers, distinct=True),
        background_papers=Count("documents__background_papers", filter=public_papers, distinct=True),
    )
    if period is BACKGROUND_PAPERS:
        meetings = meetings.filter(background_papers__gt=0)
    else:
        meetings = meetings.filter(Q(agenda_published_at__isnull=False) | Q(minutes__in=Minutes.objects.public()))
    rows = [RetentionRow(meeting=meeting, ends=period.ends(meeting.date), today=today) for meeting in meetings]
    rows.sort(key=lambda row: (row.ends, row.meeting.panel.name))
    soon = today + datetime.timedelta(days=NOTICE_DAYS)
    return RetentionSchedule(
        period=period,
        ended=[row for row in rows if row.ends < today],
        ending_soon=[row for row in rows if today <= row.ends <= soon],
        later=[row for row in rows if row.ends > soon],
    )
