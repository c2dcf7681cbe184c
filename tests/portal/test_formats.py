"""The named formats templates use for dates and times: council style, in the portal's time zone."""

import datetime

from django.template import Context, Template

UTC = datetime.UTC


def render(source: str, **context) -> str:
    return Template("{% load portal %}" + source).render(Context(context))


def test_a_moment_is_shown_on_london_time_in_summer_and_winter():
    summer = datetime.datetime(2021, 9, 21, 15, 5, tzinfo=UTC)  # 16:05 BST
    winter = datetime.datetime(2021, 12, 31, 23, 30, tzinfo=UTC)  # 23:30 GMT
    assert render("{{ when|moment }}", when=summer) == "21 September 2021, 16:05"
    assert render("{{ when|moment }}", when=winter) == "31 December 2021, 23:30"


def test_a_date_near_midnight_is_the_london_day_not_the_utc_one():
    late = datetime.datetime(2021, 6, 30, 23, 30, tzinfo=UTC)  # 00:30 on 1 July in London
    assert render("{{ when|short_date }} {{ when|hour_minute }} {{ when|clock_time }}", when=late) == (
        "1 July 2021 00:30 00:30:00"
    )


def test_months_and_plain_dates():
    day = datetime.date(2021, 9, 21)
    assert render("{{ day|month_year }}|{{ day|month_name }}|{{ day|long_date }}", day=day) == (
        "September 2021|September|Tuesday 21 September 2021"
    )
    assert render("{{ nothing|moment }}{{ nothing|short_date }}", nothing=None) == ""
