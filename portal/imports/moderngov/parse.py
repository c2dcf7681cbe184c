"""ModernGov's XML read into plain records, with its text conventions undone: dd/mm/yyyy dates, "10.00 am"
times, True/False flags, HTML escaped inside the XML, and titles escaped twice (`&amp;amp;`)."""

import datetime
import html
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

TIME = re.compile(r"^\s*(\d{1,2})(?:[.:](\d{2}))?\s*([ap])\.?\s*m\.?\s*$", re.IGNORECASE)


class BadRecord(ValueError):
    """A record the import cannot use; the message says which field and why."""


def text(element: Element | None, tag: str) -> str:
    found = element.find(tag) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


def flag(element: Element, tag: str) -> bool:
    return text(element, tag).lower() == "true"


def title(value: str) -> str:
    """A title as the council wrote it: ModernGov escapes some titles twice, so one more un-escaping is due."""
    return " ".join(html.unescape(value).split())


def date(value: str, what: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.datetime.strptime(value.strip(), "%d/%m/%Y").date()
    except ValueError as exc:
        raise BadRecord(f"The {what} {value!r} is not a date written dd/mm/yyyy.") from exc


def clock(value: str) -> datetime.time | None:
    """ "10.00 am", "2 pm", "12.30 pm" as a time; "" or text that is not a time (such as "TBC") as None."""
    value = value.strip()
    if value.lower() in {"noon", "12 noon", "12.00 noon"}:
        return datetime.time(12, 0)
    match = TIME.match(value)
    if not match:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3].lower()
    if not 1 <= hour <= 12 or minute > 59:
        return None
    return datetime.time(hour % 12 + (12 if half == "p" else 0), minute)


@dataclass(frozen=True)
class Committee:
    id: str
    title: str
    category: str
    expired: bool
    deleted: bool


@dataclass(frozen=True)
class MeetingSummary:
    id: str
    committee_id: str
    date: datetime.date | None
    status: str


@dataclass(frozen=True)
class Paper:
    id: str
    title: str
    is_url: bool
    restricted: bool
    publication_date: datetime.date | None
    owner_title: str


@dataclass(frozen=True)
class AgendaItem:
    id: str
    title: str
    text_html: str
    number: str
    sort_number: int
    presenter: str
    minutes_html: str
    minutes_number: str
    minute_published: bool
    restricted: bool
    papers: list[Paper] = field(default_factory=list)


@dataclass(frozen=True)
class Attendee:
    id: str
    name: str
    role: str
    attendance: str
    party: str
    ward: str
    member_type: str


@dataclass(frozen=True)
class Meeting:
    id: str
    date: datetime.date
    status: str
    start_time: datetime.time | None
    time_text: str
    planned_finish: datetime.time | None
    location: str
    is_webcast: bool
    agenda_published: bool
    minutes_published: bool
    items: list[AgendaItem]
    attendees: list[Attendee]


def committees(root: Element) -> list[Committee]:
    return [
        Committee(
            id=text(node, "committeeid"),
            title=title(text(node, "committeetitle")),
            category=title(text(node, "committeecategory")),
            expired=flag(node, "committeeexpired"),
            deleted=flag(node, "committeedeleted"),
        )
        for node in root.iter("committee")
        if text(node, "committeeid")
    ]


def meeting_summaries(root: Element) -> list[MeetingSummary]:
    found = []
    for committee in root.iter("committee"):
        committee_id = text(committee, "committeeid")
        for node in committee.iter("meeting"):
            try:
                day = date(text(node, "meetingdate"), "meeting date")
            except BadRecord:
                day = None  # reported when the meeting itself is read
            found.append(MeetingSummary(text(node, "meetingid"), committee_id, day, text(node, "meetingstatus")))
    return found


def _paper(node: Element) -> Paper:
    return Paper(
        id=text(node, "attachmentid"),
        title=title(text(node, "title")) or "Paper",
        is_url=flag(node, "isurl"),
        restricted=flag(node, "isrestricted"),
        publication_date=date(text(node, "publicationdate"), "publication date"),
        owner_title=title(text(node, "ownertitle")),
    )


def _number(node: Element) -> str:
    """The number as ModernGov displays it ("1.", "5a."), without the full stop."""
    shown = text(node, "fulldisplaynumberformat").rstrip(". ")
    if not shown:
        shown = text(node, "agendaitemnumber") + text(node, "agendaitemsubnumber")
    return shown


def _item(node: Element) -> AgendaItem:
    presenter = ""
    for n in (1, 2, 3):
        if text(node, f"commentlabel{n}").lower().startswith("present"):
            presenter = title(text(node, f"commenttext{n}"))
    try:
        sort_number = int(text(node, "agendaitemnumber") or 0)
    except ValueError:
        sort_number = 0
    return AgendaItem(
        id=text(node, "agendaitemid"),
        title=title(text(node, "agendaitemtitle")) or "Untitled item",
        text_html=text(node, "agendatext"),
        number=_number(node),
        sort_number=sort_number,
        presenter=presenter,
        minutes_html=text(node, "minutesnonemptyhtmlbody"),
        minutes_number=(text(node, "minutesitemnumber") + text(node, "minutesitemsubnumber")).strip(),
        minute_published=flag(node, "isminutepublished"),
        restricted=flag(node, "isrestricted"),
        papers=[_paper(doc) for doc in node.iter("linkeddoc") if text(doc, "attachmentid")],
    )


def meeting(root: Element) -> Meeting:
    meeting_id = text(root, "meetingid")
    if not meeting_id:
        raise BadRecord("The meeting has no meetingid.")
    day = date(text(root, "meetingdate"), "meeting date")
    if day is None:
        raise BadRecord(f"Meeting {meeting_id} has no date.")
    items_node = root.find("agendaitems")
    attendees_node = root.find("attendees")
    return Meeting(
        id=meeting_id,
        date=day,
        status=text(root, "meetingstatus"),
        start_time=clock(text(root, "meetingtime")),
        time_text=text(root, "meetingtime"),
        planned_finish=clock(text(root, "meetingplannedfinishtime")),
        location=title(text(root, "meetinglocation")),
        is_webcast=flag(root, "iswebcast"),
        agenda_published=flag(root, "agendapublished"),
        minutes_published=flag(root, "minutepublished"),
        items=[_item(node) for node in items_node.iter("agendaitem")] if items_node is not None else [],
        attendees=[
            Attendee(
                id=node.get("memberid", ""),
                name=title(node.get("name", "")),
                role=title(node.get("roledescription", "")),
                attendance=node.get("attendance", ""),
                party=title(node.get("politicalparty", "")),
                ward=title(node.get("ward", "")),
                member_type=node.get("membertype", ""),
            )
            for node in (attendees_node.iter("attendee") if attendees_node is not None else [])
            if node.get("memberid")
        ],
    )
