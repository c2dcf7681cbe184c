"""How each record reads as JSON: one schema per record, which both shapes the response and describes it in the
OpenAPI document. Field names follow the Open Civic Data schemas (events, organizations, memberships) where
those have one; the rest use the portal's own words. Enumerations come from the models' choices.

Every schema reads rows from `portal.api.selectors`, which are already limited to what the public may read (an
exempt agenda item arrives with its title and paragraph but an empty `visible_description` and no papers) and
whose child lists are prefetched: a resolver never runs a query."""

import datetime
from typing import Annotated, Any, Literal

from django.db.models import Choices
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema
from pydantic import ConfigDict, PlainSerializer, WithJsonSchema

from meetings import models as meetings
from meetings.municipal_year import MunicipalYear
from minutes import models as minutes
from minutes.scrutiny import models as scrutiny

TIMEZONE = "Europe/London"
NO_VENUE = "Not recorded"

Url = Annotated[str, WithJsonSchema({"type": "string", "format": "uri"})]
# Written with the UK offset of the moment (+01:00 in summer), as the portal's pages mean it.
LocalDateTime = Annotated[
    datetime.datetime,
    PlainSerializer(lambda moment: timezone.localtime(moment).isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
Clock = Annotated[
    datetime.time,
    PlainSerializer(lambda time: time.isoformat(timespec="minutes"), return_type=str),
    WithJsonSchema({"type": "string", "pattern": "^[0-9]{2}:[0-9]{2}$", "description": "24-hour clock: 16:00."}),
]
# 0: restricted in the system the record came from, the paragraph not yet set by an officer.
ExemptParagraph = Literal[(meetings.PARAGRAPH_NOT_SET, *meetings.EXEMPT_PARAGRAPHS)]


def one_of(choices: type[Choices], *, leaving_out: tuple = ()) -> Any:
    """An enumeration of a model's choices: the values, with any the API never shows left out."""
    return Literal[tuple(value for value in choices.values if value not in leaving_out)]


def _url(context: dict, path: str) -> str:
    """Links are absolute, on the host the request came to."""
    return context["request"].build_absolute_uri(path)


def _api(context: dict, name: str, **kwargs: Any) -> str:
    return _url(context, reverse(f"api:{name}", kwargs=kwargs or None))


class Record(Schema):
    # Every property is listed (and always present, possibly null): nothing in a response goes undescribed.
    model_config = ConfigDict(json_schema_extra={"additionalProperties": False})


class Link(Record):
    note: str
    url: Url


class MediaLink(Record):
    url: Url
    media_type: str


# Panels and members ------------------------------------------------------------------------------------------


class PanelRef(Record):
    id: int
    slug: str
    name: str
    url: Url

    @staticmethod
    def resolve_url(panel: meetings.Panel, context: dict) -> str:
        return _api(context, "panel_detail", slug=panel.slug)


class ContactDetail(Record):
    type: Literal["email", "voice"]
    value: str
    note: str = Field(description="Who answers: the panel's contact officer.")


class Panel(PanelRef):
    """A panel, board or committee (an Open Civic Data organization)."""

    classification: one_of(meetings.Panel.Kind) = Field(validation_alias="kind")
    classification_label: str = Field(validation_alias="get_kind_display")
    parent_id: int | None
    parent: PanelRef | None
    remit: str
    contact_details: list[ContactDetail]
    members_url: Url
    meetings_url: Url
    links: list[Link]
    sources: list[Link]

    @staticmethod
    def resolve_contact_details(panel: meetings.Panel) -> list[dict]:
        officer = panel.contact_officer
        details = []
        if officer and officer.email:
            details.append({"type": "email", "value": officer.email, "note": officer.full_name})
        if officer and officer.telephone:
            details.append({"type": "voice", "value": officer.telephone, "note": officer.full_name})
        return details

    @staticmethod
    def resolve_members_url(panel: meetings.Panel, context: dict) -> str:
        return _api(context, "panel_members", slug=panel.slug)

    @staticmethod
    def resolve_meetings_url(panel: meetings.Panel, context: dict) -> str:
        return f"{_api(context, 'meeting_list')}?panel={panel.slug}"

    @staticmethod
    def resolve_links(panel: meetings.Panel, context: dict) -> list[dict]:
        return [{"note": "Panel page", "url": _url(context, panel.get_absolute_url())}]

    resolve_sources = resolve_links


class Person(Record):
    id: int
    slug: str
    name: str = Field(validation_alias="full_name")
    party: str
    ward: str


class Membership(Record):
    """A councillor's seat (an Open Civic Data membership)."""

    person_name: str = Field(
        validation_alias="councillor.styled_name", description='As agendas print it: "Councillor D Davison".'
    )
    person: Person = Field(validation_alias="councillor")
    role: one_of(meetings.Membership.Role)
    label: str = Field(validation_alias="get_role_display")
    start_date: datetime.date | None = Field(validation_alias="starts_on")
    end_date: datetime.date | None = Field(validation_alias="ends_on")


class Members(Record):
    """A panel's seats in one municipal year. Reads a `portal.api.selectors.Seats`."""

    panel: PanelRef
    municipal_year: str | None = Field(description='Written "2021/22"; null if no seats.')
    start_date: datetime.date | None
    end_date: datetime.date | None
    municipal_years: list[str] = Field(description="Every municipal year with recorded seats, newest first.")
    memberships: list[Membership]
    vacancies: int = Field(description="Seats with no councillor.")

    @staticmethod
    def resolve_municipal_year(seats) -> str | None:
        return seats.year.label if seats.year else None

    @staticmethod
    def resolve_start_date(seats) -> datetime.date | None:
        return seats.year.first_day if seats.year else None

    @staticmethod
    def resolve_end_date(seats) -> datetime.date | None:
        return seats.year.last_day if seats.year else None

    @staticmethod
    def resolve_municipal_years(seats) -> list[str]:
        return [MunicipalYear(start).label for start in seats.years]

    @staticmethod
    def resolve_memberships(seats) -> list[meetings.Membership]:
        return [seat for seat in seats.seats if not seat.is_vacant]

    @staticmethod
    def resolve_vacancies(seats) -> int:
        return sum(1 for seat in seats.seats if seat.is_vacant and seat.ends_on is None)


# Meetings and their agendas ----------------------------------------------------------------------------------


class MeetingRef(Record):
    id: int
    name: str = Field(validation_alias="panel.name")
    date: datetime.date
    url: Url

    @staticmethod
    def resolve_url(meeting: meetings.Meeting, context: dict) -> str:
        return _api(context, "meeting_detail", pk=meeting.pk)


class Document(Record):
    """A published paper. Exempt papers are never listed."""

    id: int
    title: str
    note: str = Field(validation_alias="title", description="The title, as Open Civic Data names it.")
    classification: one_of(meetings.Document.Kind) = Field(validation_alias="kind")
    date: datetime.date | None
    author: str
    published_at: LocalDateTime | None
    page_count: int | None
    meeting_id: int
    agenda_item_id: int | None
    media: list[MediaLink] = Field(description="The paper's public page (text/html).")
    links: list[MediaLink] = Field(description="The paper as a PDF (application/pdf).")

    @staticmethod
    def resolve_media(document: meetings.Document, context: dict) -> list[dict]:
        return [{"url": _url(context, document.get_absolute_url()), "media_type": "text/html"}]

    @staticmethod
    def resolve_links(document: meetings.Document, context: dict) -> list[dict]:
        keys = {"slug": document.meeting.panel.slug, "date": document.meeting.date, "document": document.slug}
        return [{"url": _url(context, reverse("meetings:document_pdf", kwargs=keys)), "media_type": "application/pdf"}]


class RelatedEntity(Record):
    entity_type: str
    name: str
    note: str


class AgendaEntry(Record):
    """An agenda item, as an Open Civic Data event's agenda lists it. For an exempt item the public reads only
    the title and paragraph."""

    id: int
    order: str = Field(validation_alias="number", description='The item number as printed: "1", "5a".')
    description: str = Field(validation_alias="title", description="The item's title.")
    classification: list[one_of(meetings.AgendaItem.Kind)] = Field(
        description="The kind of item: report, apologies, exclusion..."
    )
    subjects: list[str]
    notes: list[str] = Field(description="The text printed under the title; empty for an exempt item.")
    related_entities: list[RelatedEntity] = Field(description="The officer presenting the item.")
    media: list[MediaLink]
    documents: list[Document] = Field(
        validation_alias="visible_documents", description="Its published papers; none for an exempt item."
    )
    exempt_paragraph: ExemptParagraph | None = Field(
        description="Paragraph of Schedule 12A; 0 while the paragraph is not yet set (an imported restricted item)."
    )
    is_late: bool
    urgency_reason: str

    @staticmethod
    def resolve_classification(item: meetings.AgendaItem) -> list[str]:
        return [item.kind]

    @staticmethod
    def resolve_subjects(item: meetings.AgendaItem) -> list[str]:
        return []

    @staticmethod
    def resolve_notes(item: meetings.AgendaItem) -> list[str]:
        return [item.visible_description] if item.visible_description else []

    @staticmethod
    def resolve_related_entities(item: meetings.AgendaItem) -> list[dict]:
        if not item.presenter_id:
            return []
        return [{"entity_type": "person", "name": item.presenter.name_and_title, "note": "presenter"}]

    @staticmethod
    def resolve_media(item: meetings.AgendaItem) -> list[dict]:
        return []


class AgendaItem(AgendaEntry):
    """An agenda item with the meeting it belongs to."""

    meeting: MeetingRef


class Location(Record):
    name: str
    note: str
    coordinates: None


class Participant(Record):
    """Open Civic Data's keys (`type`, `name`, `note`), with the panel's id in the portal's API."""

    type: Literal["organization", "person"]
    name: str
    id: str = Field(description="The panel's id, as a string (Open Civic Data ids are strings).")
    note: str


class Media(Record):
    note: str
    links: list[MediaLink]


class ScheduleChange(Record):
    previous_date: datetime.date
    previous_time: Clock | None
    new_date: datetime.date
    new_time: Clock | None
    reason: str


class Meeting(Record):
    """A meeting, as an Open Civic Data event."""

    id: int
    name: str = Field(validation_alias="panel.name")
    description: str = Field(description="The reason for a cancellation; otherwise empty.")
    classification: Literal["committee-meeting"]
    start_date: str = Field(
        description="ISO 8601 date-time with the UK offset (2021-09-21T16:00:00+01:00), or a date (YYYY-MM-DD) "
        "when all_day is true because the start time is not recorded."
    )
    end_date: str = Field(
        description="The planned finish, ISO 8601 with the UK offset (2021-09-21T18:00:00+01:00), or empty when the "
        "council has not published one (Open Civic Data's blank end date)."
    )
    all_day: bool
    timezone: Literal["Europe/London"]
    status: Literal["confirmed", "cancelled", "passed"]
    status_label: str = Field(validation_alias="display_status")
    location: Location
    participants: list[Participant]
    agenda_published_at: LocalDateTime | None
    agenda: list[AgendaEntry] = Field(validation_alias="visible_items")
    documents: list[Document] = Field(
        validation_alias="meeting_papers", description="Papers of the meeting that belong to no one item."
    )
    agenda_pack_url: Url | None = Field(description="The public agenda pack (PDF), once published.")
    media: list[Media] = Field(description="The livestream.")
    schedule_changes: list[ScheduleChange] = Field(
        validation_alias="changes", description="Moves of the meeting to another date or time, oldest first."
    )
    panel: PanelRef
    minutes_url: Url | None
    links: list[Link]
    sources: list[Link]
    updated_at: LocalDateTime | None = Field(validation_alias="last_revised")
    url: Url

    @staticmethod
    def resolve_description(meeting: meetings.Meeting) -> str:
        return meeting.cancellation_reason if meeting.is_cancelled else ""

    @staticmethod
    def resolve_classification(meeting: meetings.Meeting) -> str:
        return "committee-meeting"

    @staticmethod
    def resolve_start_date(meeting: meetings.Meeting) -> str:
        """ISO 8601 with the UK offset of the day, or the bare date while the time is unknown."""
        starts_at = meeting.starts_at
        return starts_at.isoformat() if starts_at else meeting.date.isoformat()

    @staticmethod
    def resolve_end_date(meeting: meetings.Meeting) -> str:
        ends_at = meeting.ends_at
        return ends_at.isoformat() if ends_at else ""

    @staticmethod
    def resolve_all_day(meeting: meetings.Meeting) -> bool:
        return meeting.start_time is None

    @staticmethod
    def resolve_timezone(meeting: meetings.Meeting) -> str:
        return TIMEZONE

    @staticmethod
    def resolve_status(meeting: meetings.Meeting) -> str:
        """Open Civic Data's event statuses: cancelled, confirmed, or passed once the day has gone."""
        if meeting.is_cancelled:
            return "cancelled"
        if meeting.date < timezone.localdate() or meeting.status == meetings.Meeting.Status.HELD:
            return "passed"
        return "confirmed"

    @staticmethod
    def resolve_location(meeting: meetings.Meeting) -> dict:
        return {
            # Open Civic Data requires a name: a venue not (yet) recorded says so, as the meeting page does.
            "name": meeting.venue or NO_VENUE,
            "note": "Virtual meeting" if meeting.is_virtual else "",
            "coordinates": None,
        }

    @staticmethod
    def resolve_participants(meeting: meetings.Meeting) -> list[dict]:
        return [{"type": "organization", "name": meeting.panel.name, "id": str(meeting.panel_id), "note": "host"}]

    @staticmethod
    def resolve_agenda_pack_url(meeting: meetings.Meeting, context: dict) -> str | None:
        if not meeting.has_public_pack:
            return None
        keys = {"slug": meeting.panel.slug, "date": meeting.date}
        return _url(context, reverse("meetings:pack_latest", kwargs=keys))

    @staticmethod
    def resolve_media(meeting: meetings.Meeting) -> list[dict]:
        if not meeting.livestream_url:
            return []
        return [{"note": "Livestream", "links": [{"url": meeting.livestream_url, "media_type": "text/html"}]}]

    @staticmethod
    def resolve_minutes_url(meeting: meetings.Meeting, context: dict) -> str | None:
        return f"{_api(context, 'minutes_list')}?meeting={meeting.pk}" if meeting.has_public_minutes else None

    @staticmethod
    def resolve_links(meeting: meetings.Meeting, context: dict) -> list[dict]:
        links = [{"note": "Meeting page", "url": _url(context, meeting.get_absolute_url())}]
        if meeting.has_public_minutes:
            page = reverse("minutes:minutes_detail", kwargs={"slug": meeting.panel.slug, "date": meeting.date})
            links.append({"note": "Minutes", "url": _url(context, page)})
        return links

    @staticmethod
    def resolve_sources(meeting: meetings.Meeting, context: dict) -> list[dict]:
        return [{"note": "Meeting page", "url": _url(context, meeting.get_absolute_url())}]

    @staticmethod
    def resolve_url(meeting: meetings.Meeting, context: dict) -> str:
        return _api(context, "meeting_detail", pk=meeting.pk)


# Minutes -----------------------------------------------------------------------------------------------------


class ResolutionPart(Record):
    label: str
    text: str


class Resolution(Record):
    id: int
    text: str = Field(description='As minuted: "AGREED that ...".')
    parts: list[ResolutionPart] = Field(validation_alias="part_list", description="Lettered parts: (a), (b)...")


class MinuteRef(Record):
    id: int
    number: str
    heading: str


class ResolutionWithContext(Resolution):
    """A resolution with the minute and meeting it belongs to."""

    minute: MinuteRef = Field(validation_alias="entry")
    minutes_id: int = Field(validation_alias="entry.minutes_id")
    meeting: MeetingRef = Field(validation_alias="entry.minutes.meeting")
    links: list[Link]

    @staticmethod
    def resolve_links(resolution: minutes.Resolution, context: dict) -> list[dict]:
        entry = resolution.entry
        page = f"{_url(context, entry.minutes.get_absolute_url())}#minute-{entry.pk}"
        return [{"note": "Minutes page", "url": page}]


class MinuteEntry(Record):
    id: int
    number: str
    heading: str
    body_html: str = Field(description="The minute as sanitised HTML.")
    agenda_item_id: int | None
    resolutions: list[Resolution] = Field(validation_alias="resolution_list")


class Attendance(Record):
    name: str = Field(validation_alias="display_name")
    category: one_of(minutes.Attendance.Category)
    role: one_of(minutes.Attendance.Role) | None
    note: str = Field(validation_alias="capacity")

    @staticmethod
    def resolve_role(row: minutes.Attendance) -> str | None:
        return row.role or None


class Minutes(Record):
    """Published or confirmed minutes. Drafts are never listed."""

    id: int
    meeting: MeetingRef
    status: one_of(minutes.Minutes.Status, leaving_out=(minutes.Minutes.Status.DRAFT,))
    status_label: str = Field(validation_alias="get_status_display")
    published_at: LocalDateTime | None
    confirmed_at_meeting: MeetingRef | None
    amendments: str
    text_held: bool = Field(description="False when only the record of confirmation is held.")
    opening_text: str
    attendance: list[Attendance] = Field(validation_alias="attendance_list")
    entries: list[MinuteEntry] = Field(
        validation_alias="entry_list", description="The minutes of public business; exempt minutes are left out."
    )
    links: list[Link]

    @staticmethod
    def resolve_text_held(record: minutes.Minutes) -> bool:
        return not record.text_not_held

    @staticmethod
    def resolve_links(record: minutes.Minutes, context: dict) -> list[dict]:
        return [{"note": "Minutes page", "url": _url(context, record.get_absolute_url())}]


# The work programme ------------------------------------------------------------------------------------------


class TopicAgendaItem(Record):
    """An agenda item that took a topic forward."""

    id: int
    order: str = Field(validation_alias="number")
    description: str = Field(validation_alias="title")
    meeting: MeetingRef


class WorkProgrammeTopic(Record):
    id: int
    panel: PanelRef
    municipal_year: str = Field(description='Written "2021/22".')
    category: one_of(meetings.WorkProgrammeTopic.Category)
    category_label: str = Field(validation_alias="get_category_display")
    title: str
    notes: str
    status: one_of(meetings.WorkProgrammeTopic.Status)
    status_label: str = Field(validation_alias="get_status_display")
    agreed_at: MeetingRef | None
    submitted_to: MeetingRef | None
    approved_by: PanelRef | None
    approved_on: datetime.date | None
    agenda_items: list[TopicAgendaItem] = Field(
        validation_alias="visible_items", description="The agenda items that took the topic forward."
    )

    @staticmethod
    def resolve_municipal_year(topic: meetings.WorkProgrammeTopic) -> str:
        return MunicipalYear(topic.municipal_year).label


class Index(Record):
    description: str
    openapi: Url
    endpoints: dict[str, Url]


# Scrutiny: recommendations and executive decisions -----------------------------------------------------------


class Recommendation(Record):
    """A recommendation of a panel, referred to its decision-maker, and the answer."""

    id: int
    number: int
    panel: PanelRef
    text: str
    agreed_at: MeetingRef = Field(validation_alias="meeting")
    topic_id: int | None = Field(description="The work programme topic (see /work-programme/), if any.")
    addressee_kind: one_of(scrutiny.Recommendation.Addressee)
    addressee: str
    referred_on: datetime.date
    response_due_on: datetime.date = Field(description="Two calendar months after referral (s9FE LGA 2000).")
    status: Literal["awaiting", *scrutiny.Recommendation.Response.values]
    status_label: str
    is_overdue: bool = Field(description="Awaiting a response after the day it was due.")
    answered_late: bool
    response_text: str
    responded_on: datetime.date | None
    responded_by: str
    links: list[Link]

    @staticmethod
    def resolve_links(record: scrutiny.Recommendation, context: dict) -> list[dict]:
        return [{"note": "Recommendation page", "url": _url(context, record.get_absolute_url())}]


class CallIn(Record):
    requested_on: datetime.date
    reasons: str
    signatories: list[str] = Field(description="The members who signed the request.")
    considered_at: MeetingRef | None
    outcome: Literal["", *scrutiny.CallIn.Outcome.values]
    outcome_on: datetime.date | None

    @staticmethod
    def resolve_signatories(record: scrutiny.CallIn) -> list[str]:
        return [f"Councillor {councillor.short_name}" for councillor in record.signatories.all()]

    @staticmethod
    def resolve_considered_at(record: scrutiny.CallIn) -> meetings.Meeting | None:
        return record.consideration_item.meeting if record.consideration_item_id else None


class ExecutiveDecision(Record):
    id: int
    reference: str
    panel: PanelRef
    title: str
    decision: str
    decision_maker: str
    decided_on: datetime.date
    is_key_decision: bool
    reasons: str
    alternatives: str
    conflicts: str
    published_on: datetime.date
    call_in_deadline: datetime.date = Field(description="The last day on which it may be called in.")
    status: one_of(scrutiny.ExecutiveDecision.Status, leaving_out=("draft",))
    status_label: str
    papers: list[Document] = Field(validation_alias="visible_papers")
    call_in: CallIn | None
    links: list[Link]

    @staticmethod
    def resolve_call_in(record: scrutiny.ExecutiveDecision) -> scrutiny.CallIn | None:
        return getattr(record, "call_in", None)

    @staticmethod
    def resolve_links(record: scrutiny.ExecutiveDecision, context: dict) -> list[dict]:
        return [{"note": "Decision page", "url": _url(context, record.get_absolute_url())}]
