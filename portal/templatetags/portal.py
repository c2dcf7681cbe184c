"""Template filters used across the site: council-style dates and times, and sanitised HTML."""

import datetime
import re

from django import template
from django.utils.safestring import SafeString, mark_safe

from meetings.models import EXEMPT_PARAGRAPHS, PARAGRAPH_NOT_SET
from portal.sanitise import clean_html
from portal.wording import join_and

register = template.Library()


@register.filter
def council_time(value: datetime.time | datetime.datetime | None) -> str:
    """4.00pm, as council papers print times."""
    if value is None:
        return ""
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}.{value.minute:02d}{suffix}"


@register.filter
def long_date(value: datetime.date | None) -> str:
    """Tuesday 21 September 2021."""
    if value is None:
        return ""
    return f"{value:%A} {value.day} {value:%B %Y}"


@register.filter
def short_date(value: datetime.date | None) -> str:
    """21 September 2021."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


@register.filter
def machine_datetime(value: datetime.datetime | None) -> str:
    """A moment for a <time datetime> attribute: ISO 8601 to the second (HTML allows at most three digits of a
    fraction, and nobody reads microseconds)."""
    if value is None:
        return ""
    return value.replace(microsecond=0).isoformat()


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
    if paragraph is None:
        return ""
    return f"paragraph {paragraph}" if paragraph != PARAGRAPH_NOT_SET else "a paragraph not yet recorded"


register.filter("join_and", join_and)


@register.filter
def get_item(mapping: dict, key):
    """mapping[key], trying the key as given and as a string (JSON object keys are strings)."""
    if not mapping:
        return None
    return mapping.get(key, mapping.get(str(key)))
