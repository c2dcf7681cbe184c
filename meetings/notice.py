"""Statutory notice of meetings: s100B(3) of the Local Government Act 1972 asks that agendas be open to
inspection at least five clear working days before the meeting. Clear days leave out the day of publication and
the day of the meeting; working days leave out weekends and bank holidays in England and Wales."""

import datetime
from functools import lru_cache

import holidays

REQUIRED_CLEAR_WORKING_DAYS = 5


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    # England and Wales share their bank holidays; the data ships with the library, so this works offline.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def clear_working_days(published: datetime.date, meeting: datetime.date) -> int:
    """Working days strictly between the day of publication and the day of the meeting."""
    count = 0
    day = published + datetime.timedelta(days=1)
    while day < meeting:
        count += is_working_day(day)
        day += datetime.timedelta(days=1)
    return count


def notice_is_met(published: datetime.date, meeting: datetime.date) -> bool:
    return clear_working_days(published, meeting) >= REQUIRED_CLEAR_WORKING_DAYS


def publication_deadline(meeting: datetime.date) -> datetime.date:
    """The last working day on which the agenda can be published with full notice."""
    day = meeting - datetime.timedelta(days=1)
    clear = 0
    while clear < REQUIRED_CLEAR_WORKING_DAYS:
        clear += is_working_day(day)
        day -= datetime.timedelta(days=1)
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day
