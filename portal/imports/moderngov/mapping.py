"""How ModernGov's words become the portal's: committee categories, item titles, member roles, attendance."""

import html
import re

import nh3

from meetings.models import AgendaItem, Document, Membership, Panel
from minutes.models import Attendance
from portal.sanitise import clean_html

EMPTY_CLASS = re.compile(r'\s+class=""')
BLOCK_END = re.compile(r"</(p|div|li|h[2-6]|tr|blockquote)>|<br\s*/?>", re.IGNORECASE)


def panel_kind(title: str, category: str) -> str:
    """The panel's kind where the title or category tells; a committee otherwise."""
    words = f"{title} {category}".lower()
    if "task and finish" in words or "task & finish" in words:
        return Panel.Kind.TASK_AND_FINISH
    if "scrutiny" in words:
        return Panel.Kind.SCRUTINY_BOARD if "board" in title.lower() else Panel.Kind.SCRUTINY_PANEL
    return Panel.Kind.COMMITTEE


ITEM_KINDS = [
    ("apolog", AgendaItem.Kind.APOLOGIES),
    ("declaration", AgendaItem.Kind.DECLARATIONS),
    ("interest", AgendaItem.Kind.DECLARATIONS),
    ("minutes", AgendaItem.Kind.PREVIOUS_MINUTES),
    ("exclusion of the press", AgendaItem.Kind.EXCLUSION),
    ("exclusion of the public", AgendaItem.Kind.EXCLUSION),
    ("urgent", AgendaItem.Kind.URGENT_ITEMS),
    ("date of next meeting", AgendaItem.Kind.NEXT_MEETING),
    ("date and time of next meeting", AgendaItem.Kind.NEXT_MEETING),
]


def item_kind(title: str) -> str:
    lowered = title.lower()
    return next((kind for word, kind in ITEM_KINDS if word in lowered), AgendaItem.Kind.REPORT)


def paper_kind(title: str, owner_title: str) -> str:
    lowered = title.lower()
    if "appendix" in lowered:
        return Document.Kind.APPENDIX
    if "minutes" in lowered or owner_title.lower() == "minutes":
        return Document.Kind.MINUTES
    if "presentation" in lowered:
        return Document.Kind.PRESENTATION
    return Document.Kind.REPORT


def word_html(value: str) -> str:
    """Word HTML (minutes) cleaned to the portal's allowed tags, without the empty class attributes that Word's
    own classes (MsoNormal, WordSection1) leave behind."""
    return EMPTY_CLASS.sub("", clean_html(value))


def word_html_to_text(value: str) -> str:
    """An agenda item's text (Word HTML) as the plain paragraphs the portal prints under an item's title: first
    cleaned to the portal's allowed tags (so nothing that runs survives), then paragraphs kept as blank lines."""
    cleaned = clean_html(value)
    marked = BLOCK_END.sub("\n\n", cleaned)
    bare = html.unescape(nh3.clean(marked, tags=set()))
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", bare)]
    return "\n\n".join(part for part in paragraphs if part)


def membership_role(description: str) -> str | None:
    """The seat's role from the attendee's role description; None for someone who holds no seat."""
    lowered = description.lower()
    if "substitute" in lowered or "reserve" in lowered or "officer" in lowered:
        return None
    if "vice" in lowered and "chair" in lowered:
        return Membership.Role.VICE_CHAIR
    if "chair" in lowered:
        return Membership.Role.CHAIR
    return Membership.Role.MEMBER


ATTENDANCE = {
    "present": Attendance.Category.PRESENT,
    "present as substitute": Attendance.Category.SUBSTITUTE,
    "in attendance": Attendance.Category.ATTENDING,
    "apologies": Attendance.Category.APOLOGIES,
    "apologies received": Attendance.Category.APOLOGIES,
    "absent": Attendance.Category.ABSENT,
}


def attendance_category(value: str) -> str | None:
    """ModernGov's attendance words as the minutes record them; None for "Expected" (not yet taken)."""
    return ATTENDANCE.get(value.strip().lower())


def attendance_role(membership_role_: str | None) -> str:
    return {
        Membership.Role.CHAIR: Attendance.Role.CHAIR,
        Membership.Role.VICE_CHAIR: Attendance.Role.VICE_CHAIR,
    }.get(membership_role_, Attendance.Role.MEMBER if membership_role_ else "")


def councillor_name(name: str) -> tuple[str, str] | None:
    """(first names, surname) of "Councillor Basil Curley"; None for a name that is not a councillor's."""
    match = re.match(r"^(?:councillor|cllr\.?)\s+(.+)$", name.strip(), re.IGNORECASE)
    if not match:
        return None
    parts = match[1].split()
    return " ".join(parts[:-1]), parts[-1]
