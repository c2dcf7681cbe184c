"""How each record reads as JSON. Field names follow the Open Civic Data schemas (events, organizations,
memberships) where those have one; the rest use the portal's own words.

Every function takes rows from `portal.api.selectors`, which are already limited to what the public may read:
an exempt agenda item arrives with its title and paragraph but an empty `visible_description` and no papers."""

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, Document, Meeting, Membership, Panel, WorkProgrammeTopic
from meetings.municipal_year import MunicipalYear
from minutes.models import Attendance, MinuteEntry, Minutes, Resolution

Json = dict[str, Any]
TIMEZONE = "Europe/London"


class Representer:
    """Turns rows into JSON for one request: links are absolute, on the host the request came to."""

    def __init__(self, request):
        self.request = request

    def url(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def api(self, name: str, **kwargs) -> str:
        return self.url(reverse(f"api:{name}", kwargs=kwargs or None))

    # Panels and members ------------------------------------------------------------------------------------------

    def panel_ref(self, panel: Panel) -> Json:
        return {
            "id": panel.pk,
            "slug": panel.slug,
            "name": panel.name,
            "url": self.api("panel_detail", slug=panel.slug),
        }

    def panel(self, panel: Panel) -> Json:
        officer = panel.contact_officer
        contact_details = []
        if officer and officer.email:
            contact_details.append({"type": "email", "value": officer.email, "note": officer.full_name})
        if officer and officer.telephone:
            contact_details.append({"type": "voice", "value": officer.telephone, "note": officer.full_name})
        page = self.url(panel.get_absolute_url())
        return {
            **self.panel_ref(panel),
            "classification": panel.kind,
            "classification_label": panel.get_kind_display(),
            "parent_id": panel.parent_id,
            "parent": self.panel_ref(panel.parent) if panel.parent else None,
            "remit": panel.remit,
            "contact_details": contact_details,
            "members_url": self.api("panel_members", slug=panel.slug),
            "meetings_url": f"{self.api('meeting_list')}?panel={panel.slug}",
            "links": [{"note": "Panel page", "url": page}],
            "sources": [{"note": "Panel page", "url": page}],
        }

    def members(self, panel: Panel, year: MunicipalYear | None, seats: list[Membership], years: list[int]) -> Json:
        return {
            "panel": self.panel_ref(panel),
            "municipal_year": year.label if year else None,
            "start_date": year.first_day.isoformat() if year else None,
            "end_date": year.last_day.isoformat() if year else None,
            "municipal_years": [MunicipalYear(start).label for start in years],
            "memberships": [self.membership(seat) for seat in seats if not seat.is_vacant],
            "vacancies": sum(1 for seat in seats if seat.is_vacant and seat.ends_on is None),
        }

    def membership(self, seat: Membership) -> Json:
        councillor = seat.councillor
        return {
            "person_name": councillor.styled_name,
            "person": {
                "id": councillor.pk,
                "slug": councillor.slug,
                "name": councillor.full_name,
                "party": councillor.party,
                "ward": councillor.ward,
            },
            "role": seat.role,
            "label": seat.get_role_display(),
            "start_date": _date(seat.starts_on),
            "end_date": _date(seat.ends_on),
        }

    # Meetings and their agendas ----------------------------------------------------------------------------------

    def meeting_ref(self, meeting: Meeting) -> Json:
        return {
            "id": meeting.pk,
            "name": meeting.panel.name,
            "date": meeting.date.isoformat(),
            "url": self.api("meeting_detail", pk=meeting.pk),
        }

    def meeting(self, meeting: Meeting) -> Json:
        page = self.url(meeting.get_absolute_url())
        links = [{"note": "Meeting page", "url": page}]
        if meeting.has_public_minutes:
            links.append({"note": "Minutes", "url": self.url(_minutes_page(meeting))})
        pack = None
        if meeting.has_public_pack:
            pack = self.url(reverse("meetings:pack_latest", kwargs={"slug": meeting.panel.slug, "date": meeting.date}))
        media = []
        if meeting.livestream_url:
            media.append({"note": "Livestream", "links": [{"url": meeting.livestream_url, "media_type": "text/html"}]})
        return {
            "id": meeting.pk,
            "name": meeting.panel.name,
            "description": meeting.cancellation_reason if meeting.is_cancelled else "",
            "classification": "committee-meeting",
            "start_date": _start(meeting),
            "end_date": None,
            "all_day": meeting.start_time is None,
            "timezone": TIMEZONE,
            "status": ocd_status(meeting),
            "status_label": meeting.display_status,
            "location": {
                "name": meeting.venue or "",
                "note": "Virtual meeting" if meeting.is_virtual else "",
                "coordinates": None,
            },
            "participants": [
                {
                    "entity_type": "organization",
                    "entity_name": meeting.panel.name,
                    "entity_id": meeting.panel_id,
                    "note": "host",
                }
            ],
            "agenda_published_at": _datetime(meeting.agenda_published_at),
            "agenda": [self.agenda_entry(item) for item in meeting.visible_items],
            "documents": [self.document(paper) for paper in meeting.meeting_papers],
            "agenda_pack_url": pack,
            "media": media,
            "schedule_changes": [
                {
                    "previous_date": change.previous_date.isoformat(),
                    "previous_time": _time(change.previous_time),
                    "new_date": change.new_date.isoformat(),
                    "new_time": _time(change.new_time),
                    "reason": change.reason,
                }
                for change in meeting.changes
            ],
            "panel": self.panel_ref(meeting.panel),
            "minutes_url": f"{self.api('minutes_list')}?meeting={meeting.pk}" if meeting.has_public_minutes else None,
            "links": links,
            "sources": [{"note": "Meeting page", "url": page}],
            "updated_at": _datetime(meeting.last_revised),
            "url": self.api("meeting_detail", pk=meeting.pk),
        }

    def agenda_entry(self, item: AgendaItem) -> Json:
        """An agenda item as OCD writes one. For an exempt item the public reads only the title and paragraph."""
        related = []
        if item.presenter_id:
            related.append({"entity_type": "person", "entity_name": item.presenter.name_and_title, "note": "presenter"})
        return {
            "id": item.pk,
            "order": item.number,
            "description": item.title,
            "classification": [item.kind],
            "subjects": [],
            "notes": [item.visible_description] if item.visible_description else [],
            "related_entities": related,
            "media": [],
            "documents": [self.document(paper) for paper in item.visible_documents],
            "exempt_paragraph": item.exempt_paragraph,
            "is_late": item.is_late,
            "urgency_reason": item.urgency_reason,
        }

    def agenda_item(self, item: AgendaItem) -> Json:
        return {**self.agenda_entry(item), "meeting": self.meeting_ref(item.meeting)}

    def document(self, document: Document) -> Json:
        keys = {"slug": document.meeting.panel.slug, "date": document.meeting.date, "document": document.slug}
        return {
            "id": document.pk,
            "title": document.title,
            "note": document.title,
            "classification": document.kind,
            "date": _date(document.date),
            "author": document.author,
            "published_at": _datetime(document.published_at),
            "page_count": document.page_count,
            "meeting_id": document.meeting_id,
            "agenda_item_id": document.agenda_item_id,
            "media": [{"url": self.url(document.get_absolute_url()), "media_type": "text/html"}],
            "links": [
                {"url": self.url(reverse("meetings:document_pdf", kwargs=keys)), "media_type": "application/pdf"}
            ],
        }

    # Minutes -----------------------------------------------------------------------------------------------------

    def minutes(self, minutes: Minutes) -> Json:
        page = self.url(minutes.get_absolute_url())
        confirmed_at = minutes.confirmed_at_meeting
        return {
            "id": minutes.pk,
            "meeting": self.meeting_ref(minutes.meeting),
            "status": minutes.status,
            "status_label": minutes.get_status_display(),
            "published_at": _datetime(minutes.published_at),
            "confirmed_at_meeting": self.meeting_ref(confirmed_at) if confirmed_at else None,
            "amendments": minutes.amendments,
            "text_held": not minutes.text_not_held,
            "opening_text": minutes.opening_text,
            "attendance": [self.attendance(row) for row in minutes.attendance_list],
            "entries": [self.minute_entry(entry) for entry in minutes.entry_list],
            "links": [{"note": "Minutes page", "url": page}],
        }

    def attendance(self, row: Attendance) -> Json:
        return {
            "name": row.display_name,
            "category": row.category,
            "role": row.role or None,
            "note": row.capacity,
        }

    def minute_entry(self, entry: MinuteEntry) -> Json:
        return {
            "id": entry.pk,
            "number": entry.number,
            "heading": entry.heading,
            "body_html": entry.body_html,
            "agenda_item_id": entry.agenda_item_id,
            "resolutions": [self.resolution_text(resolution) for resolution in entry.resolution_list],
        }

    def resolution_text(self, resolution: Resolution) -> Json:
        return {
            "id": resolution.pk,
            "text": resolution.text,
            "parts": [{"label": part.label, "text": part.text} for part in resolution.part_list],
        }

    def resolution(self, resolution: Resolution) -> Json:
        entry = resolution.entry
        page = f"{self.url(entry.minutes.get_absolute_url())}#minute-{entry.pk}"
        return {
            **self.resolution_text(resolution),
            "minute": {"id": entry.pk, "number": entry.number, "heading": entry.heading},
            "minutes_id": entry.minutes_id,
            "meeting": self.meeting_ref(entry.minutes.meeting),
            "links": [{"note": "Minutes page", "url": page}],
        }

    # The work programme ------------------------------------------------------------------------------------------

    def topic(self, topic: WorkProgrammeTopic) -> Json:
        return {
            "id": topic.pk,
            "panel": self.panel_ref(topic.panel),
            "municipal_year": MunicipalYear(topic.municipal_year).label,
            "category": topic.category,
            "category_label": topic.get_category_display(),
            "title": topic.title,
            "notes": topic.notes,
            "status": topic.status,
            "status_label": topic.get_status_display(),
            "agreed_at": self.meeting_ref(topic.agreed_at) if topic.agreed_at else None,
            "submitted_to": self.meeting_ref(topic.submitted_to) if topic.submitted_to else None,
            "approved_by": self.panel_ref(topic.approved_by) if topic.approved_by else None,
            "approved_on": _date(topic.approved_on),
            "agenda_items": [
                {
                    "id": item.pk,
                    "order": item.number,
                    "description": item.title,
                    "meeting": self.meeting_ref(item.meeting),
                }
                for item in topic.visible_items
            ],
        }


def ocd_status(meeting: Meeting) -> str:
    """Open Civic Data's event statuses: cancelled, confirmed, or passed once the day has gone."""
    if meeting.is_cancelled:
        return "cancelled"
    if meeting.date < timezone.localdate() or meeting.status == Meeting.Status.HELD:
        return "passed"
    return "confirmed"


def _minutes_page(meeting: Meeting) -> str:
    return reverse("minutes:minutes_detail", kwargs={"slug": meeting.panel.slug, "date": meeting.date})


def _start(meeting: Meeting) -> str:
    """ISO 8601 with the UK offset of the day (+01:00 in summer), or the bare date while the time is unknown."""
    starts_at = meeting.starts_at
    return starts_at.isoformat() if starts_at else meeting.date.isoformat()


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _time(value: datetime.time | None) -> str | None:
    return value.isoformat(timespec="minutes") if value else None


def _datetime(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None
