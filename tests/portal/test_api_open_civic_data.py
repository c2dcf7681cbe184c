"""Every meeting the API lists validates against the Open Civic Data event schema (start and end dates, a named
location, participants with OCD's keys), and the planned finish reaches the API and the calendar feed."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from icalendar import Calendar
from jsonschema import Draft202012Validator

from meetings.models import Officer
from tests import factories

pytestmark = pytest.mark.usefixtures("seed")

# Open Civic Data's event (https://open-civic-data.readthedocs.io/en/latest/data/event.html), as the Open States
# scrapers validate it: a date or date-time, possibly blank for the end; non-empty names and notes; participants
# as {type, name, note}; agenda items' related entities as {entity_type, name, note}.
FUZZY_DATETIME = r"^([0-9]{4}((-[0-9]{2}){0,2}|(-[0-9]{2}){2}T[0-9]{2}(:[0-9]{2}){0,2}(Z|[+-][0-9]{2}(:[0-9]{2})?))?)?$"
NON_EMPTY = {"type": "string", "minLength": 1}
LINKS = {"type": "array", "items": {"type": "object", "properties": {"note": {"type": "string"}, "url": NON_EMPTY}}}
OCD_EVENT = {
    "type": "object",
    "required": ["name", "start_date", "end_date", "all_day", "status", "classification", "location", "sources"],
    "properties": {
        "name": NON_EMPTY,
        "all_day": {"type": "boolean"},
        "start_date": {"type": "string", "minLength": 4, "pattern": FUZZY_DATETIME},
        "end_date": {"type": "string", "pattern": FUZZY_DATETIME},
        "status": {"enum": ["cancelled", "tentative", "confirmed", "passed"]},
        "classification": NON_EMPTY,
        "description": {"type": "string"},
        "location": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": NON_EMPTY, "note": {"type": "string"}, "coordinates": {"type": ["object", "null"]}},
        },
        "participants": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "name", "note"],
                "properties": {"type": {"enum": ["organization", "person"]}, "name": NON_EMPTY, "note": NON_EMPTY},
            },
        },
        "agenda": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["description"],
                "properties": {
                    "description": NON_EMPTY,
                    "order": {"type": ["string", "null"]},
                    "classification": {"type": "array", "items": NON_EMPTY},
                    "subjects": {"type": "array", "items": NON_EMPTY},
                    "notes": {"type": "array", "items": NON_EMPTY},
                    "related_entities": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["entity_type", "name"],
                            "properties": {"entity_type": NON_EMPTY, "name": NON_EMPTY, "note": NON_EMPTY},
                        },
                    },
                },
            },
        },
        "links": LINKS,
        "sources": {**LINKS, "minItems": 1},
    },
}


def meetings_in_api(client) -> list[dict]:
    response = client.get(f"{reverse('api:meeting_list')}?page_size=100")
    assert response.status_code == 200
    return response.json()["results"]


def test_every_meeting_validates_against_the_open_civic_data_event_schema(client):
    factories.meeting(venue="", start_time=None)
    factories.meeting(end_time=datetime.time(18, 30))
    clerk = Officer.objects.create(surname="Dixon", job_title="Clerk")
    presented = factories.item(factories.published_meeting(), presenter=clerk)
    results = meetings_in_api(client)
    assert len(results) >= 8 and any(entry["related_entities"] for m in results for entry in m["agenda"])
    validator = Draft202012Validator(OCD_EVENT)
    failures = {m["id"]: [error.message for error in validator.iter_errors(m)] for m in results}
    assert {pk: errors for pk, errors in failures.items() if errors} == {}
    assert presented.meeting_id in {m["id"] for m in results}


def test_the_schema_refuses_what_the_api_used_to_send(client):
    """A positive control: the old shapes (null end, empty venue, entity_* participant keys) fail it."""
    meeting = meetings_in_api(client)[0]
    old = meeting | {
        "end_date": None,
        "location": meeting["location"] | {"name": ""},
        "participants": [{"entity_type": "organization", "entity_name": "Panel", "note": "host"}],
    }
    errors = list(Draft202012Validator(OCD_EVENT).iter_errors(old))
    assert len(errors) == 4  # end_date, location.name, and the missing type and name


def test_planned_finish_is_the_events_end_in_the_api_and_the_calendar(client):
    meeting = factories.meeting(
        date=datetime.date(2026, 2, 10), start_time=datetime.time(10, 0), end_time=datetime.time(14, 0)
    )
    data = client.get(reverse("api:meeting_detail", kwargs={"pk": meeting.pk})).json()
    assert data["start_date"] == "2026-02-10T10:00:00+00:00" and data["end_date"] == "2026-02-10T14:00:00+00:00"
    assert data["participants"] == [
        {"type": "organization", "name": meeting.panel.name, "id": str(meeting.panel_id), "note": "host"}
    ]
    feed = Calendar.from_ical(client.get(reverse("calendar_ics")).content)
    event = next(e for e in feed.walk("VEVENT") if str(e["UID"]).startswith(f"meeting-{meeting.pk}@"))
    assert event.decoded("DTEND").isoformat() == "2026-02-10T14:00:00+00:00"


def test_without_a_planned_finish_no_end_is_invented(client):
    meeting = factories.meeting(date=datetime.date(2026, 3, 10), start_time=datetime.time(10, 0))
    data = client.get(reverse("api:meeting_detail", kwargs={"pk": meeting.pk})).json()
    assert data["end_date"] == "" and data["all_day"] is False
    feed = Calendar.from_ical(client.get(reverse("calendar_ics")).content)
    event = next(e for e in feed.walk("VEVENT") if str(e["UID"]).startswith(f"meeting-{meeting.pk}@"))
    assert "DTEND" not in event and "DURATION" not in event


def test_a_meeting_cannot_finish_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.meeting(start_time=datetime.time(14, 0), end_time=datetime.time(10, 0))
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.meeting(start_time=None, end_time=datetime.time(10, 0))
