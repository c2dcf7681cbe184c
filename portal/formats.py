"""How the portal writes dates and times: as council papers print them, and as HTML date and time inputs take them.

Every date or time the portal shows goes through here: templates by the filters of the same names
(portal/templatetags/portal.py), Python code (titles, messages, history) by calling these functions.
"""

import datetime

# <input type="date"> and <input type="time"> exchange ISO 8601 values whatever the reader's locale.
DATE_INPUT_FORMAT = "%Y-%m-%d"
TIME_INPUT_FORMAT = "%H:%M"
# A date typed into a plain text box (a browser without a date picker): the ways people in England write one.
TYPED_DATE_INPUT_FORMATS = [DATE_INPUT_FORMAT, "%d/%m/%Y", "%d/%m/%y", "%d %m %Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y"]


def council_time(value: datetime.time | datetime.datetime | None) -> str:
    """4.00pm, as council papers print times."""
    if value is None:
        return ""
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}.{value.minute:02d}{suffix}"


def long_date(value: datetime.date | None) -> str:
    """Tuesday 21 September 2021."""
    if value is None:
        return ""
    return f"{value:%A} {value.day} {value:%B %Y}"


def short_date(value: datetime.date | None) -> str:
    """21 September 2021."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def month_year(value: datetime.date | None) -> str:
    """September 2021."""
    if value is None:
        return ""
    return f"{value:%B %Y}"


def month_name(value: datetime.date | None) -> str:
    """September."""
    if value is None:
        return ""
    return f"{value:%B}"


def moment(value: datetime.datetime | None) -> str:
    """21 September 2021, 16:05: when something was done (sent, saved, published), on the 24-hour clock."""
    if value is None:
        return ""
    return f"{short_date(value)}, {hour_minute(value)}"


def hour_minute(value: datetime.datetime | datetime.time | None) -> str:
    """16:05: the time of a save, beside who made it."""
    if value is None:
        return ""
    return f"{value:%H:%M}"


def clock_time(value: datetime.datetime) -> str:
    """16:05:09, to the second: when two edits a moment apart must be told apart."""
    return f"{value:%H:%M:%S}"


def machine_datetime(value: datetime.datetime | None) -> str:
    """A moment for a <time datetime> attribute: ISO 8601 to the second (HTML allows at most three digits of a
    fraction, and nobody reads microseconds)."""
    if value is None:
        return ""
    return value.replace(microsecond=0).isoformat()
