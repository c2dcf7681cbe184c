"""Template filters used across the site: council-style dates and times, and sanitised HTML."""

import re

from django import template
from django.utils.safestring import SafeString, mark_safe

from meetings.models import EXEMPT_PARAGRAPHS, paragraph_wording
from portal.formats import (
    clock_time,
    council_time,
    hour_minute,
    long_date,
    machine_datetime,
    moment,
    month_name,
    month_year,
    short_date,
)
from portal.sanitise import clean_html
from portal.wording import join_and

register = template.Library()


# Aware datetimes are shown in the portal's time zone (Europe/London), as Django's own |date filter shows them.
for name, format_ in {
    "council_time": council_time,
    "long_date": long_date,
    "short_date": short_date,
    "month_year": month_year,
    "month_name": month_name,
    "moment": moment,
    "hour_minute": hour_minute,
    "clock_time": clock_time,
    "machine_datetime": machine_datetime,
}.items():
    register.filter(name, format_, expects_localtime=True)


@register.filter
def sanitised(value: str) -> SafeString:
    """Authored HTML, cleaned again on the way out."""
    return mark_safe(clean_html(value or ""))  # noqa: S308 - cleaned by nh3 on the line above


@register.filter
def report_html(value: str) -> SafeString:
    """Authored HTML for a web page: cleaned, with each table in a scrollable region so that wide tables
    scroll on their own on a narrow screen (and can be scrolled from the keyboard)."""
    cleaned = clean_html(value or "")
    wrapped = re.sub(
        r"<table\b(.*?)</table>",
        lambda match: (
            f'<div class="table-scroll" tabindex="0" role="region" aria-label="Table, scrolls sideways">'
            f"{match.group(0)}</div>"
        ),
        cleaned,
        flags=re.DOTALL,
    )
    return mark_safe(wrapped)  # noqa: S308 - cleaned by nh3 above; only our own wrapper is added


@register.filter
def exempt_description(paragraph: int | None) -> str:
    return EXEMPT_PARAGRAPHS.get(paragraph, "") if paragraph else ""


@register.filter
def exempt_paragraph(paragraph: int | None) -> str:
    """ "paragraph 3", or, for a record imported as restricted whose paragraph an officer has yet to set,
    "a paragraph not yet recorded"."""
    return "" if paragraph is None else paragraph_wording(paragraph)


register.filter("join_and", join_and)


@register.filter
def get_item(mapping: dict, key):
    """mapping[key], trying the key as given and as a string (JSON object keys are strings)."""
    if not mapping:
        return None
    return mapping.get(key, mapping.get(str(key)))
