"""The statutory clocks of scrutiny: the executive's two months to respond to a recommendation (s9FE of the Local
Government Act 2000) and the working days in which an executive decision may be called in (s9F(2)(a), with the
period set by each council's constitution), counted on the same bank-holiday calendar as the notice of meetings."""

import calendar
import datetime

from meetings.notice import is_working_day

RESPONSE_MONTHS = 2
DEFAULT_CALL_IN_WORKING_DAYS = 5
DEFAULT_CALL_IN_MEMBERS = 3


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` calendar months later; a day the later month lacks (31 August, 30
    December) becomes that month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def response_due(referred_on: datetime.date) -> datetime.date:
    """s9FE(3)-(4): the executive responds within two months of the day it was given the report or
    recommendations."""
    return months_after(referred_on, RESPONSE_MONTHS)


def working_days_after(day: datetime.date, working_days: int) -> datetime.date:
    """The `working_days`-th working day after `day` (the day itself not counted; weekends and bank holidays in
    England and Wales skipped)."""
    counted = 0
    while counted < working_days:
        day += datetime.timedelta(days=1)
        counted += is_working_day(day)
    return day


def call_in_deadline(published_on: datetime.date, working_days: int = DEFAULT_CALL_IN_WORKING_DAYS) -> datetime.date:
    """The last day on which a call-in may be made: the given number of working days after the decision was
    published. The decision may not be implemented before the end of that day."""
    return working_days_after(published_on, working_days)
