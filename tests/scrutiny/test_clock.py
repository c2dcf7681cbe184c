"""The statutory clocks: two calendar months to respond (s9FE LGA 2000) and the call-in period in working days."""

import datetime

import pytest

from minutes.scrutiny import clock

D = datetime.date


@pytest.mark.parametrize(
    ("referred", "due"),
    [
        (D(2021, 7, 28), D(2021, 9, 28)),  # the seed's referral to the Board
        (D(2021, 12, 31), D(2022, 2, 28)),  # into a shorter month: its last day
        (D(2023, 12, 31), D(2024, 2, 29)),  # ...in a leap year
        (D(2021, 8, 31), D(2021, 10, 31)),
        (D(2021, 7, 31), D(2021, 9, 30)),
        (D(2021, 11, 15), D(2022, 1, 15)),  # across the year end
        (D(2021, 10, 30), D(2021, 12, 30)),
    ],
)
def test_response_is_due_two_calendar_months_after_referral(referred, due):
    assert clock.response_due(referred) == due


def test_two_months_is_not_sixty_days():
    assert clock.response_due(D(2022, 1, 1)) == D(2022, 3, 1)
    assert D(2022, 1, 1) + datetime.timedelta(days=60) == D(2022, 3, 2)


@pytest.mark.parametrize(
    ("published", "working_days", "deadline"),
    [
        (D(2021, 9, 13), 5, D(2021, 9, 20)),  # Monday: the next Monday
        (D(2021, 9, 17), 5, D(2021, 9, 24)),  # Friday: over the weekend to the next Friday
        (D(2021, 9, 18), 5, D(2021, 9, 24)),  # published on a Saturday: counting starts on Monday
        (D(2021, 12, 22), 5, D(2021, 12, 31)),  # Christmas and Boxing Day's substitute days, 27 and 28 December
        (D(2021, 12, 29), 5, D(2022, 1, 6)),  # New Year's Day's substitute day, 3 January 2022
        (D(2022, 4, 13), 5, D(2022, 4, 22)),  # Good Friday and Easter Monday 2022
        (D(2022, 5, 27), 5, D(2022, 6, 7)),  # the Platinum Jubilee bank holidays of 2 and 3 June 2022
        (D(2021, 9, 13), 3, D(2021, 9, 16)),  # a council whose constitution says three
        (D(2021, 9, 13), 10, D(2021, 9, 27)),
    ],
)
def test_call_in_deadline_counts_working_days_on_the_notice_calendar(published, working_days, deadline):
    assert clock.call_in_deadline(published, working_days) == deadline


def test_call_in_deadline_is_five_working_days_by_default():
    assert clock.call_in_deadline(D(2021, 8, 27)) == D(2021, 9, 6)  # the August bank holiday, 30 August 2021
