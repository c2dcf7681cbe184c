"""The OpenAPI 3.1 description of the API, written by hand beside the views it describes.

tests/portal/test_api.py checks that every route is described here and that real responses match these schemas
(required fields, types, and no field left undescribed), so a change to a view that is not made here fails."""

from typing import Any

from portal.api.parameters import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

DESCRIPTION = f"""\
The public record of the council's scrutiny panels: panels and their members, meetings with their agendas,
papers, minutes, resolutions and work programmes.

**Who the API answers as.** Every request is answered as the public would be answered, whether or not it comes
with a signed-in session, so every answer is the same for everyone and may be cached and shared. Exempt
information (Schedule 12A to the Local Government Act 1972) is never included: an exempt agenda item is listed
with its title and its `exempt_paragraph` only (no notes, no papers), exactly as on the public meeting page;
exempt papers and exempt minutes are left out altogether. Unpublished agendas, papers and draft minutes are left
out too. Councillors read the exempt papers of their own panels on the website, signed in.

**Field names** follow the Open Civic Data event, organization and membership schemas where those have a field
(`name`, `start_date`, `all_day`, `status`, `location`, `participants`, `agenda`, `documents`, `links`,
`sources`...); other fields use the portal's own words.

**Lists** are paginated: `{{"count", "next", "previous", "results"}}`, with `?page=` (from 1) and `?page_size=`
(default {DEFAULT_PAGE_SIZE}, at most {MAX_PAGE_SIZE}). `next` and `previous` are full URLs, or null.

**Filters.** `panel` takes a panel's slug (see `/panels/`); `start_date` and `end_date` take dates written
YYYY-MM-DD and include both ends; they apply to the date of the meeting a record belongs to. A parameter an
endpoint does not know is refused rather than ignored.

**Errors** are JSON: `{{"error": {{"status", "message", "parameter"}}}}`, with status 400 for a parameter that cannot
be used (the message says what to send instead) and 404 for a record or page that does not exist.
"""


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return {"oneOf": [schema, {"type": "null"}]}
    return {**schema, "type": [schema["type"], "null"]}


def _object(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    """An object whose every listed property is always present (possibly null)."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def _array(items: dict[str, Any], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "array", "items": items}
    if description:
        schema["description"] = description
    return schema


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
DATE_TIME = {"type": "string", "format": "date-time"}
URL = {"type": "string", "format": "uri"}

AGENDA_ENTRY: dict[str, Any] = {
    "id": INTEGER,
    "order": {**STRING, "description": 'The item number as printed: "1", "5a".'},
    "description": {**STRING, "description": "The item's title."},
    "classification": _array(STRING, "The kind of item: report, apologies, exclusion..."),
    "subjects": _array(STRING),
    "notes": _array(STRING, "The text printed under the title; empty for an exempt item."),
    "related_entities": _array(
        _object({"entity_type": STRING, "entity_name": STRING, "note": STRING}),
        "The officer presenting the item.",
    ),
    "media": _array(_ref("MediaLink")),
    "documents": _array(_ref("Document"), "Its published papers; none for an exempt item."),
    "exempt_paragraph": _nullable(
        {"type": "integer", "minimum": 1, "maximum": 7, "description": "Paragraph of Schedule 12A."}
    ),
    "is_late": BOOLEAN,
    "urgency_reason": STRING,
}

RESOLUTION: dict[str, Any] = {
    "id": INTEGER,
    "text": {**STRING, "description": 'As minuted: "AGREED that ...".'},
    "parts": _array(_object({"label": STRING, "text": STRING}), "Lettered parts: (a), (b)..."),
}

SCHEMAS: dict[str, Any] = {
    "Error": _object(
        {
            "error": _object(
                {
                    "status": INTEGER,
                    "message": {**STRING, "description": "What went wrong, and what to send instead."},
                    "parameter": _nullable({**STRING, "description": "The query parameter at fault, if any."}),
                }
            )
        }
    ),
    "Index": _object(
        {
            "description": STRING,
            "openapi": URL,
            "endpoints": {"type": "object", "additionalProperties": URL},
        }
    ),
    "Link": _object({"note": STRING, "url": URL}),
    "MediaLink": _object({"url": URL, "media_type": STRING}),
    "PanelRef": _object({"id": INTEGER, "slug": STRING, "name": STRING, "url": URL}),
    "MeetingRef": _object({"id": INTEGER, "name": STRING, "date": DATE, "url": URL}),
    "Panel": _object(
        {
            "id": INTEGER,
            "slug": STRING,
            "name": STRING,
            "url": URL,
            "classification": {
                "type": "string",
                "enum": ["scrutiny_panel", "scrutiny_board", "committee", "task_and_finish"],
            },
            "classification_label": STRING,
            "parent_id": _nullable(INTEGER),
            "parent": _nullable(_ref("PanelRef")),
            "remit": STRING,
            "contact_details": _array(
                _object(
                    {
                        "type": {"type": "string", "enum": ["email", "voice"]},
                        "value": STRING,
                        "note": {**STRING, "description": "Who answers: the panel's contact officer."},
                    }
                )
            ),
            "members_url": URL,
            "meetings_url": URL,
            "links": _array(_ref("Link")),
            "sources": _array(_ref("Link")),
        },
        "A panel, board or committee (an Open Civic Data organization).",
    ),
    "Membership": _object(
        {
            "person_name": {**STRING, "description": 'As agendas print it: "Councillor D Davison".'},
            "person": _object({"id": INTEGER, "slug": STRING, "name": STRING, "party": STRING, "ward": STRING}),
            "role": {"type": "string", "enum": ["chair", "vice_chair", "member"]},
            "label": STRING,
            "start_date": _nullable(DATE),
            "end_date": _nullable(DATE),
        }
    ),
    "Members": _object(
        {
            "panel": _ref("PanelRef"),
            "municipal_year": _nullable({**STRING, "description": 'Written "2021/22"; null if no seats.'}),
            "start_date": _nullable(DATE),
            "end_date": _nullable(DATE),
            "municipal_years": _array(STRING, "Every municipal year with recorded seats, newest first."),
            "memberships": _array(_ref("Membership")),
            "vacancies": {**INTEGER, "description": "Seats with no councillor."},
        }
    ),
    "Document": _object(
        {
            "id": INTEGER,
            "title": STRING,
            "note": {**STRING, "description": "The title, as Open Civic Data names it."},
            "classification": {
                "type": "string",
                "enum": ["report", "minutes", "appendix", "presentation", "letter"],
            },
            "date": _nullable(DATE),
            "author": STRING,
            "published_at": _nullable(DATE_TIME),
            "page_count": _nullable(INTEGER),
            "meeting_id": INTEGER,
            "agenda_item_id": _nullable(INTEGER),
            "media": _array(_ref("MediaLink"), "The paper's public page (text/html)."),
            "links": _array(_ref("MediaLink"), "The paper as a PDF (application/pdf)."),
        },
        "A published paper. Exempt papers are never listed.",
    ),
    "AgendaEntry": _object(
        AGENDA_ENTRY,
        "An agenda item, as an Open Civic Data event's agenda lists it.",
    ),
    "Meeting": _object(
        {
            "id": INTEGER,
            "name": STRING,
            "description": {**STRING, "description": "The reason for a cancellation; otherwise empty."},
            "classification": {"type": "string", "enum": ["committee-meeting"]},
            "start_date": {
                **STRING,
                "description": "ISO 8601 date-time with the UK offset (2021-09-21T16:00:00+01:00), or a date "
                "(YYYY-MM-DD) when all_day is true because the start time is not recorded.",
            },
            "end_date": {"type": "null", "description": "End times are not recorded."},
            "all_day": BOOLEAN,
            "timezone": {"type": "string", "enum": ["Europe/London"]},
            "status": {"type": "string", "enum": ["confirmed", "cancelled", "passed"]},
            "status_label": STRING,
            "location": _object({"name": STRING, "note": STRING, "coordinates": {"type": "null"}}),
            "participants": _array(
                _object({"entity_type": STRING, "entity_name": STRING, "entity_id": INTEGER, "note": STRING})
            ),
            "agenda_published_at": _nullable(DATE_TIME),
            "agenda": _array(_ref("AgendaEntry")),
            "documents": _array(_ref("Document"), "Papers of the meeting that belong to no one item."),
            "agenda_pack_url": _nullable({**URL, "description": "The public agenda pack (PDF), once published."}),
            "media": _array(_object({"note": STRING, "links": _array(_ref("MediaLink"))}), "The livestream."),
            "schedule_changes": _array(
                _object(
                    {
                        "previous_date": DATE,
                        "previous_time": _nullable(STRING),
                        "new_date": DATE,
                        "new_time": _nullable(STRING),
                        "reason": STRING,
                    }
                ),
                "Moves of the meeting to another date or time, oldest first.",
            ),
            "panel": _ref("PanelRef"),
            "minutes_url": _nullable(URL),
            "links": _array(_ref("Link")),
            "sources": _array(_ref("Link")),
            "updated_at": _nullable(DATE_TIME),
            "url": URL,
        },
        "A meeting, as an Open Civic Data event.",
    ),
    "AgendaItem": _object(
        {**AGENDA_ENTRY, "meeting": _ref("MeetingRef")}, "An agenda item with the meeting it belongs to."
    ),
    "Resolution": _object(RESOLUTION),
    "MinuteEntry": _object(
        {
            "id": INTEGER,
            "number": STRING,
            "heading": STRING,
            "body_html": {**STRING, "description": "The minute as sanitised HTML."},
            "agenda_item_id": _nullable(INTEGER),
            "resolutions": _array(_ref("Resolution")),
        }
    ),
    "Minutes": _object(
        {
            "id": INTEGER,
            "meeting": _ref("MeetingRef"),
            "status": {"type": "string", "enum": ["published", "confirmed"]},
            "status_label": STRING,
            "published_at": _nullable(DATE_TIME),
            "confirmed_at_meeting": _nullable(_ref("MeetingRef")),
            "amendments": STRING,
            "text_held": {**BOOLEAN, "description": "False when only the record of confirmation is held."},
            "opening_text": STRING,
            "attendance": _array(
                _object(
                    {
                        "name": STRING,
                        "category": {
                            "type": "string",
                            "enum": ["present", "substitute", "attending", "officer", "apologies", "absent"],
                        },
                        "role": _nullable(STRING),
                        "note": STRING,
                    }
                )
            ),
            "entries": _array(_ref("MinuteEntry"), "The minutes of public business; exempt minutes are left out."),
            "links": _array(_ref("Link")),
        },
        "Published or confirmed minutes. Drafts are never listed.",
    ),
    "ResolutionWithContext": _object(
        {
            **RESOLUTION,
            "minute": _object({"id": INTEGER, "number": STRING, "heading": STRING}),
            "minutes_id": INTEGER,
            "meeting": _ref("MeetingRef"),
            "links": _array(_ref("Link")),
        },
        "A resolution with the minute and meeting it belongs to.",
    ),
    "WorkProgrammeTopic": _object(
        {
            "id": INTEGER,
            "panel": _ref("PanelRef"),
            "municipal_year": {**STRING, "description": 'Written "2021/22".'},
            "category": {
                "type": "string",
                "enum": ["full_review", "update_on_previous_review", "task_and_finish", "regular_update", "one_off"],
            },
            "category_label": STRING,
            "title": STRING,
            "notes": STRING,
            "status": {
                "type": "string",
                "enum": ["proposed", "submitted", "approved", "in_progress", "complete", "withdrawn"],
            },
            "status_label": STRING,
            "agreed_at": _nullable(_ref("MeetingRef")),
            "submitted_to": _nullable(_ref("MeetingRef")),
            "approved_by": _nullable(_ref("PanelRef")),
            "approved_on": _nullable(DATE),
            "agenda_items": _array(
                _object({"id": INTEGER, "order": STRING, "description": STRING, "meeting": _ref("MeetingRef")}),
                "The agenda items that took the topic forward.",
            ),
        }
    ),
}


def _page(item: str) -> dict[str, Any]:
    return _object(
        {
            "count": {**INTEGER, "description": "Results on every page together."},
            "next": _nullable(URL),
            "previous": _nullable(URL),
            "results": _array(_ref(item)),
        }
    )


for _name in ["Panel", "Meeting", "AgendaItem", "Document", "Minutes", "ResolutionWithContext", "WorkProgrammeTopic"]:
    SCHEMAS[f"{_name}Page"] = _page(_name)


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


PARAMETERS = {
    "page": _query("page", {"type": "integer", "minimum": 1, "default": 1}, "The page, from 1."),
    "page_size": _query(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
        "Results per page.",
    ),
    "panel": _query("panel", STRING, "A panel's slug: only its records."),
    "start_date": _query("start_date", DATE, "Only records of meetings on or after this date (YYYY-MM-DD)."),
    "end_date": _query("end_date", DATE, "Only records of meetings on or before this date (YYYY-MM-DD)."),
    "meeting": _query("meeting", {"type": "integer", "minimum": 1}, "A meeting's id: only its records."),
    "municipal_year": _query(
        "municipal_year", STRING, 'A municipal year, written "2021/22" or "2021" (from May to April).'
    ),
    "slug": {"name": "slug", "in": "path", "required": True, "schema": STRING, "description": "The panel's slug."},
    "pk": {"name": "pk", "in": "path", "required": True, "schema": INTEGER, "description": "The meeting's id."},
}


def _parameters(*names: str) -> list[dict[str, str]]:
    return [{"$ref": f"#/components/parameters/{name}"} for name in names]


def _json(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


BAD_REQUEST = _json("Error", "A parameter cannot be used; the message says why.")
NOT_FOUND = _json("Error", "No such record or page.")


def _list(summary: str, item: str, *filters: str) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "parameters": _parameters(*filters, "page", "page_size"),
            "responses": {
                "200": _json(f"{item}Page", f"A page of {summary.lower()}."),
                "400": BAD_REQUEST,
                "404": NOT_FOUND,
            },
        }
    }


def _detail(summary: str, schema: str, *parameters: str) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "parameters": _parameters(*parameters),
            "responses": {"200": _json(schema, summary), "400": BAD_REQUEST, "404": NOT_FOUND},
        }
    }


BY_MEETING = ("panel", "start_date", "end_date", "meeting")

PATHS: dict[str, Any] = {
    "/": {
        "get": {
            "summary": "The endpoints of the API",
            "responses": {"200": _json("Index", "Links to every list.")},
        }
    },
    "/openapi.json": {
        "get": {
            "summary": "This description",
            "responses": {
                "200": {
                    "description": "The OpenAPI 3.1 description of the API.",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    },
    "/panels/": _list("Panels", "Panel"),
    "/panels/{slug}/": _detail("A panel", "Panel", "slug"),
    "/panels/{slug}/members/": _detail(
        "A panel's members in one municipal year (by default the current one), with its vacancies",
        "Members",
        "slug",
        "municipal_year",
    ),
    "/meetings/": _list("Meetings", "Meeting", "panel", "start_date", "end_date"),
    "/meetings/{pk}/": _detail("A meeting", "Meeting", "pk"),
    "/agenda-items/": _list("Agenda items", "AgendaItem", *BY_MEETING),
    "/documents/": _list("Published papers", "Document", *BY_MEETING),
    "/minutes/": _list("Minutes", "Minutes", *BY_MEETING),
    "/resolutions/": _list("Resolutions", "ResolutionWithContext", *BY_MEETING),
    "/work-programme/": _list(
        "Work programme topics", "WorkProgrammeTopic", "panel", "municipal_year", "start_date", "end_date"
    ),
}


def openapi_description(server_url: str) -> dict[str, Any]:
    """The description, with the API's own address (it depends on the host the request came to)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Scrutiny panels open data API",
            "version": "1.0.0",
            "description": DESCRIPTION,
        },
        "servers": [{"url": server_url}],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS, "parameters": PARAMETERS},
    }
