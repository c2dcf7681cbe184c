"""The JSON API: seed content in Open Civic Data shape, pagination, filters, errors, the OpenAPI description (checked
with openapi-spec-validator) and every response against it (with jsonschema), query budgets, and that exempt,
unpublished and draft content never reaches it."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator
from openapi_spec_validator import OpenAPIV31SpecValidator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from meetings.models import Document, Meeting, Panel, WorkProgrammeTopic
from minutes.models import Action, Minutes
from minutes.scrutiny import services as scrutiny_services
from minutes.scrutiny.models import ExecutiveDecision, Recommendation
from portal import api
from portal.api.application import api as ninja_api
from tests import factories
from tests.scrutiny import builders as scrutiny_builders

pytestmark = pytest.mark.usefixtures("seed")

PANEL = "children-and-young-peoples-social-care-and-services"
BOARD = "overview-and-scrutiny-board"

# Exempt, unpublished or draft content: none of these may appear in any public read path.
SECRETS = [
    "SECRET-ITEM-DESCRIPTION",
    "SECRET-PAPER-TITLE",
    "SECRET-PAPER-BODY",
    "SECRET-APPENDIX-TITLE",
    "SECRET-APPENDIX-BODY",
    "SECRET-MINUTE-HEADING",
    "SECRET-MINUTE-BODY",
    "SECRET-RESOLUTION",
    "SECRET-ACTION",
    "DRAFT-ITEM-TITLE",
    "DRAFT-PAPER-TITLE",
    "DRAFT-MINUTE-HEADING",
    "DRAFT-RESOLUTION",
]


def build_exempt_meeting(panel) -> tuple[Meeting, Meeting]:
    """A published meeting of `panel` with an exempt item and paper, an exempt appendix to a public item,
    unpublished items and papers, and published minutes with an exempt minute; and an earlier meeting whose
    minutes are still a draft. Returns (meeting, meeting with draft minutes)."""
    today = timezone.localdate()
    meeting = factories.published_meeting(panel, date=today + datetime.timedelta(days=10))
    factories.item(meeting, title="Budget monitoring", description="Public description.")
    exempt = factories.item(meeting, title="Contract award", description="SECRET-ITEM-DESCRIPTION", exempt_paragraph=3)
    factories.document(exempt, slug="secret-paper", title="SECRET-PAPER-TITLE", body_html="<p>SECRET-PAPER-BODY</p>")
    public_item = factories.item(meeting, title="Open item", description="An open item.")
    factories.document(public_item, slug="open-paper", title="Open paper")
    factories.document(
        public_item,
        slug="secret-appendix",
        title="SECRET-APPENDIX-TITLE",
        exempt_paragraph=1,
        body_html="<p>SECRET-APPENDIX-BODY</p>",
    )
    factories.document(public_item, slug="draft-paper", title="DRAFT-PAPER-TITLE", published_at=None)
    draft_item = factories.item(meeting, title="DRAFT-ITEM-TITLE", description="DRAFT-ITEM-TITLE", published_at=None)
    topic = WorkProgrammeTopic.objects.create(
        panel=panel, municipal_year=2021, category="one_off", title="A public topic", status="approved"
    )
    topic.agenda_items.add(draft_item, exempt)

    minutes = factories.minutes(meeting, published_at=timezone.now())
    public_entry = factories.minute_entry(minutes, heading="Public minute", body_html="<p>Public words.</p>")
    factories.resolution(public_entry, "AGREED that the public report be noted.")
    secret_entry = factories.minute_entry(
        minutes, heading="SECRET-MINUTE-HEADING", body_html="<p>SECRET-MINUTE-BODY</p>", exempt_paragraph=3
    )
    factories.resolution(secret_entry, "SECRET-RESOLUTION")
    Action.objects.create(entry=secret_entry, description="SECRET-ACTION")

    earlier = factories.published_meeting(panel, date=today - datetime.timedelta(days=20))
    draft = factories.minutes(earlier, status=Minutes.Status.DRAFT)
    draft_entry = factories.minute_entry(draft, heading="DRAFT-MINUTE-HEADING", body_html="<p>DRAFT-MINUTE-HEADING</p>")
    factories.resolution(draft_entry, "DRAFT-RESOLUTION")
    return meeting, earlier


def assert_no_secrets(content: str, where: str) -> None:
    leaked = [marker for marker in SECRETS if marker in content]
    assert leaked == [], f"{where} shows {leaked}"


def get_json(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:500])
    assert response["Content-Type"] == "application/json"
    return response.json()


# Seed content -----------------------------------------------------------------------------------------------


def test_index_lists_every_endpoint(client):
    data = get_json(client, reverse("api:index"))
    assert set(data["endpoints"]) == {
        "panels",
        "meetings",
        "agenda_items",
        "documents",
        "minutes",
        "resolutions",
        "work_programme",
        "recommendations",
        "decisions",
    }
    assert data["openapi"] == "http://testserver/api/openapi.json"
    for url in data["endpoints"].values():
        assert client.get(url).status_code == 200


def test_panels_list_and_detail(client):
    data = get_json(client, reverse("api:panel_list"))
    assert {panel["slug"] for panel in data["results"]} >= {PANEL, BOARD}
    panel = get_json(client, reverse("api:panel_detail", kwargs={"slug": PANEL}))
    assert panel["name"] == "Children and Young People’s Social Care and Services Scrutiny Panel"
    assert panel["classification"] == "scrutiny_panel"
    assert panel["parent"]["slug"] == BOARD
    assert {"type": "email", "value": "joanne_dixon@middlesbrough.gov.uk", "note": "Joanne Dixon"} in panel[
        "contact_details"
    ]


def test_members_by_municipal_year_with_vacancies(client):
    url = reverse("api:panel_members", kwargs={"slug": PANEL})
    data = get_json(client, url)
    assert data["municipal_year"] == "2021/22"
    assert data["start_date"] == "2021-05-01" and data["end_date"] == "2022-04-30"
    assert [member["person_name"] for member in data["memberships"]][:2] == [
        "Councillor D Davison",
        "Councillor T Higgins",
    ]
    assert len(data["memberships"]) == 8 and data["vacancies"] == 1
    assert get_json(client, f"{url}?municipal_year=2021/22") == data
    earlier = get_json(client, f"{url}?municipal_year=2019")
    assert earlier["municipal_year"] == "2019/20" and earlier["memberships"] == [] and earlier["vacancies"] == 0


def test_meeting_in_open_civic_data_shape(client):
    meeting = Meeting.objects.get(panel__slug=PANEL, date=datetime.date(2021, 9, 21))
    data = get_json(client, reverse("api:meeting_detail", kwargs={"pk": meeting.pk}))
    assert data["name"] == "Children and Young People’s Social Care and Services Scrutiny Panel"
    assert data["start_date"] == "2021-09-21T16:00:00+01:00"
    assert data["end_date"] == "" and data["all_day"] is False and data["timezone"] == "Europe/London"
    assert data["status"] == "passed" and data["classification"] == "committee-meeting"
    assert data["location"] == {"name": "Virtual", "note": "Virtual meeting", "coordinates": None}
    assert data["participants"] == [
        {"type": "organization", "name": data["name"], "id": str(meeting.panel_id), "note": "host"}
    ]
    assert [entry["order"] for entry in data["agenda"]] == [str(n) for n in range(1, 11)]
    locality = next(entry for entry in data["agenda"] if entry["documents"] and "Locality" in entry["description"])
    paper = locality["documents"][0]
    assert paper["media"] == [
        {
            "url": f"http://testserver/panels/{PANEL}/meetings/2021-09-21/documents/locality-working/",
            "media_type": "text/html",
        }
    ]
    assert paper["links"][0]["media_type"] == "application/pdf"
    assert data["agenda_pack_url"].endswith("/pack.pdf")
    assert data["links"][0] == {"note": "Meeting page", "url": f"http://testserver/panels/{PANEL}/meetings/2021-09-21/"}


def test_meeting_without_a_start_time_is_all_day_and_moves_are_listed(client):
    data = get_json(client, f"{reverse('api:meeting_list')}?panel={PANEL}&page_size=100")
    by_date = {meeting["start_date"][:10]: meeting for meeting in data["results"]}
    assert by_date["2021-04-19"]["all_day"] is True and by_date["2021-04-19"]["start_date"] == "2021-04-19"
    moved = by_date["2022-04-26"]["schedule_changes"]
    assert moved[0]["previous_date"] == "2022-04-18" and moved[0]["new_time"] == "16:00"


def test_cancelled_meeting_reads_cancelled_with_its_reason(client):
    meeting = factories.meeting(status=Meeting.Status.CANCELLED, cancellation_reason="Not enough business.")
    data = get_json(client, reverse("api:meeting_detail", kwargs={"pk": meeting.pk}))
    assert data["status"] == "cancelled" and data["description"] == "Not enough business."


def test_documents_minutes_resolutions_and_work_programme(client):
    documents = get_json(client, reverse("api:document_list"))
    titles = {document["title"] for document in documents["results"]}
    assert {
        "Locality Working: Background and Business Case",
        "12 month review report into Children's Services in Middlesbrough",
    } <= titles
    minutes = get_json(client, f"{reverse('api:minutes_list')}?panel={PANEL}&start_date=2021-07-27&end_date=2021-07-27")
    assert minutes["count"] == 1
    record = minutes["results"][0]
    assert record["status"] == "confirmed" and record["text_held"] is True
    assert sum(len(entry["resolutions"]) for entry in record["entries"]) == 5
    assert any(row["name"] == "Garvey" and row["role"] == "chair" for row in record["attendance"])
    resolutions = get_json(client, f"{reverse('api:resolution_list')}?panel={PANEL}")
    assert resolutions["count"] == 5
    assert all(resolution["text"].startswith("AGREED") for resolution in resolutions["results"])
    topics = get_json(client, f"{reverse('api:work_programme_list')}?panel={PANEL}&municipal_year=2021/22")
    assert "PACE bed provision." in {topic["title"] for topic in topics["results"]}
    assert topics["count"] == 6


# Pagination and filters -------------------------------------------------------------------------------------


def test_pagination_links_pages_together(client):
    total = Meeting.objects.count()
    url = reverse("api:meeting_list")
    first = get_json(client, f"{url}?page_size=2")
    assert first["count"] == total and len(first["results"]) == 2 and first["previous"] is None
    assert first["next"] == "http://testserver/api/meetings/?page_size=2&page=2"
    second = get_json(client, first["next"])
    assert second["previous"] == "http://testserver/api/meetings/?page_size=2&page=1"
    assert {m["id"] for m in first["results"]}.isdisjoint({m["id"] for m in second["results"]})
    last_page = (total + 1) // 2
    assert get_json(client, f"{url}?page_size=2&page={last_page}")["next"] is None
    error = get_json(client, f"{url}?page_size=2&page={last_page + 1}", status=404)
    assert error["error"]["parameter"] == "page"


def test_filters_by_panel_and_dates(client):
    url = reverse("api:meeting_list")
    board = get_json(client, f"{url}?panel={BOARD}")
    assert {meeting["panel"]["slug"] for meeting in board["results"]} == {BOARD} and board["count"] == 2
    september = get_json(client, f"{url}?start_date=2021-09-01&end_date=2021-09-30")
    assert sorted(meeting["start_date"][:10] for meeting in september["results"]) == ["2021-09-08", "2021-09-21"]
    meeting = Meeting.objects.get(panel__slug=PANEL, date=datetime.date(2021, 9, 21))
    items = get_json(client, f"{reverse('api:agenda_item_list')}?meeting={meeting.pk}")
    assert items["count"] == 10 and {item["meeting"]["id"] for item in items["results"]} == {meeting.pk}
    papers = get_json(client, f"{reverse('api:document_list')}?panel={BOARD}")
    assert papers["count"] == 0


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("start_date=21/09/2021", "start_date"),
        ("end_date=2021-02-30", "end_date"),
        ("start_date=2021-10-01&end_date=2021-09-01", "start_date"),
        ("panel=no-such-panel", "panel"),
        ("page=0", "page"),
        ("page=two", "page"),
        ("page_size=101", "page_size"),
        ("page_size=-1", "page_size"),
        ("colour=red", "colour"),
        ("panel=a&panel=b", "panel"),
    ],
)
def test_bad_parameters_answer_400_saying_what_to_send(client, query, parameter):
    error = get_json(client, f"{reverse('api:meeting_list')}?{query}", status=400)["error"]
    assert error["status"] == 400 and error["parameter"] == parameter and error["message"]


def test_other_bad_parameters_answer_400(client):
    assert get_json(client, f"{reverse('api:document_list')}?meeting=abc", 400)["error"]["parameter"] == "meeting"
    members = reverse("api:panel_members", kwargs={"slug": PANEL})
    assert get_json(client, f"{members}?municipal_year=2021/23", 400)["error"]["parameter"] == "municipal_year"
    assert get_json(client, f"{reverse('api:panel_list')}?start_date=2021-01-01", 400)["error"]["parameter"] == (
        "start_date"
    )


@pytest.mark.parametrize(
    "url",
    ["/api/panels/no-such-panel/", "/api/panels/no-such-panel/members/", "/api/meetings/999999/"],
)
def test_missing_records_answer_404_json(client, url):
    assert get_json(client, url, status=404)["error"]["status"] == 404


def test_api_is_read_only(client):
    assert client.post(reverse("api:meeting_list")).status_code == 405
    assert client.post(reverse("api:openapi")).status_code == 405


def test_any_site_may_read_it(client):
    assert client.get(reverse("api:meeting_list"))["Access-Control-Allow-Origin"] == "*"


# The OpenAPI description ------------------------------------------------------------------------------------


def openapi_path(route: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def test_every_route_is_described(client):
    spec = get_json(client, reverse("api:openapi"))
    assert spec["openapi"].startswith("3.1")
    assert spec["servers"] == [{"url": "http://testserver/api"}]
    routes = {openapi_path(str(pattern.pattern)) for pattern in api.urlpatterns}
    assert routes == set(spec["paths"])
    for template, item in spec["paths"].items():
        operation = item["get"]
        assert "200" in operation["responses"]
        names = {resolve(spec, parameter)["name"] for parameter in operation.get("parameters", [])}
        assert set(re.findall(r"{(\w+)}", template)) <= names, template
    assert "PUBLIC" in spec["info"]["description"].upper() and "exempt" in spec["info"]["description"]


def resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        node = spec
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


SPEC = "urn:scrutiny-portal:openapi"


def validator_for(spec: dict, pointer: str) -> Draft202012Validator:
    """A JSON Schema validator for the schema at `pointer` in the OpenAPI document, in JSON Schema 2020-12 (the
    dialect of OpenAPI 3.1), its $refs resolved within the document, its formats (date, date-time, uri) checked."""
    registry = Registry().with_resource(SPEC, Resource.from_contents(spec, default_specification=DRAFT202012))
    return Draft202012Validator(
        {"$ref": f"{SPEC}#{pointer}"}, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def response_pointer(template: str, status: int) -> str:
    escaped = template.replace("~", "~0").replace("/", "~1")
    return f"/paths/{escaped}/get/responses/{status}/content/application~1json/schema"


def assert_matches_document(spec: dict, template: str, response) -> None:
    """The response is JSON matching the schema the document gives for its path and status."""
    assert response["Content-Type"] == "application/json", response["Content-Type"]
    errors = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator_for(spec, response_pointer(template, response.status_code)).iter_errors(response.json())
    ]
    assert errors == [], (template, response.status_code, errors[:5])


def test_openapi_document_is_valid_openapi_3_1(client):
    spec = get_json(client, reverse("api:openapi"))
    OpenAPIV31SpecValidator(spec).validate()
    assert spec["info"]["title"] and "Schedule 12A" in spec["info"]["description"]
    assert {tag["name"] for tag in spec["tags"]} == {
        tag for item in spec["paths"].values() for tag in item["get"]["tags"]
    }
    assert all(item["get"]["summary"] for item in spec["paths"].values())
    # Exactly what the API generates (schemathesis fuzzes that), with the host the request came to.
    assert spec == json.loads(json.dumps({**ninja_api.document, "servers": spec["servers"]}))


def test_enumerations_are_the_models_choices(client):
    schemas = get_json(client, reverse("api:openapi"))["components"]["schemas"]
    assert schemas["Panel"]["properties"]["classification"]["enum"] == Panel.Kind.values
    assert schemas["Document"]["properties"]["classification"]["enum"] == Document.Kind.values
    assert schemas["WorkProgrammeTopic"]["properties"]["status"]["enum"] == WorkProgrammeTopic.Status.values
    # Drafts never reach the API, so the document does not offer them.
    assert schemas["Minutes"]["properties"]["status"]["enum"] == [Minutes.Status.PUBLISHED, Minutes.Status.CONFIRMED]
    assert schemas["Recommendation"]["properties"]["addressee_kind"]["enum"] == Recommendation.Addressee.values
    assert schemas["ExecutiveDecision"]["properties"]["status"]["enum"] == ExecutiveDecision.Status.values[1:]


def test_responses_match_their_schemas(client):
    meeting, _ = build_exempt_meeting(factories.panel())
    factories.meeting(
        status=Meeting.Status.CANCELLED, cancellation_reason="Not quorate.", livestream_url="https://example.org/live"
    )
    # A recommendation answered, a decision published and called in, a decision with a paper: every field filled.
    scrutiny_panel = factories.panel()
    answered = scrutiny_builders.recommendation(scrutiny_panel)
    scrutiny_services.record_response(
        answered, by=None, response="accepted", text="Yes.", responded_on=timezone.localdate(), responded_by="Exec"
    )
    called_in = scrutiny_builders.decision(scrutiny_panel)
    called_in.papers.set([factories.document(factories.item(factories.published_meeting(scrutiny_panel)))])
    call_in = scrutiny_services.request_call_in(
        called_in,
        by=None,
        requested_on=timezone.localdate(),
        reasons="Why.",
        signatories=scrutiny_builders.members(scrutiny_panel, 3),
    )
    scrutiny_services.set_consideration_item(
        call_in, by=None, agenda_item=factories.item(factories.meeting(scrutiny_panel))
    )
    spec = get_json(client, reverse("api:openapi"))
    urls = {
        "/": "/api/",
        "/recommendations/": "/api/recommendations/?page_size=100",
        "/decisions/": "/api/decisions/?page_size=100",
        "/panels/": "/api/panels/?page_size=100",
        "/panels/{slug}/": f"/api/panels/{PANEL}/",
        "/panels/{slug}/members/": f"/api/panels/{PANEL}/members/",
        "/meetings/": "/api/meetings/?page_size=100",
        "/meetings/{pk}/": f"/api/meetings/{meeting.pk}/",
        "/agenda-items/": "/api/agenda-items/?page_size=100",
        "/documents/": "/api/documents/?page_size=100",
        "/minutes/": "/api/minutes/?page_size=100",
        "/resolutions/": "/api/resolutions/?page_size=100",
        "/work-programme/": "/api/work-programme/?page_size=100",
        "/openapi.json": "/api/openapi.json",
    }
    assert set(urls) == set(spec["paths"])
    for template, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert_matches_document(spec, template, response)
    for template, url in [
        ("/meetings/", "/api/meetings/?start_date=soon"),
        ("/meetings/", "/api/meetings/?page=999"),
        ("/panels/{slug}/members/", f"/api/panels/{PANEL}/members/?municipal_year=21"),
        ("/panels/{slug}/", "/api/panels/no-such-panel/"),
        ("/meetings/{pk}/", "/api/meetings/999999/"),
        ("/resolutions/", "/api/resolutions/?meeting=0"),
    ]:
        response = client.get(url)
        assert response.status_code in (400, 404), url
        assert_matches_document(spec, template, response)


def test_a_response_that_breaks_its_schema_is_caught(client):
    """The positive control for the check above: a body the document does not describe fails it."""
    # Formats are checked only where their checkers are installed (rfc3339-validator, rfc3986-validator).
    assert {"date", "date-time", "uri"} <= set(Draft202012Validator.FORMAT_CHECKER.checkers)
    spec = get_json(client, reverse("api:openapi"))
    validator = validator_for(spec, response_pointer("/panels/{slug}/", 200))
    panel = get_json(client, reverse("api:panel_detail", kwargs={"slug": PANEL}))
    assert validator.is_valid(panel)
    for broken in [
        {**panel, "classification": "cabinet"},
        {**panel, "url": "not a url"},
        {**panel, "secret": "an undescribed field"},
        {key: value for key, value in panel.items() if key != "remit"},
    ]:
        assert not validator.is_valid(broken), broken


# Parameters are validated, and every error is JSON -----------------------------------------------------------


LISTS_BY_PANEL = ["meetings", "agenda-items", "documents", "minutes", "resolutions", "work-programme"]


@pytest.mark.parametrize("endpoint", LISTS_BY_PANEL)
def test_a_nul_character_in_a_filter_answers_400_json(client, endpoint):
    error = get_json(client, f"/api/{endpoint}/?panel=%00", status=400)["error"]
    assert error["parameter"] == "panel" and "slug" in error["message"]
    error = get_json(client, f"/api/{endpoint}/?%00=1", status=400)["error"]
    assert error["parameter"] == "\x00"


@pytest.mark.parametrize(
    "url",
    [
        "/api/nothing-here/",
        "/api/meetings/not-a-number/",
        "/api/panels/%00/",
        f"/api/panels/{PANEL}/members/extra/",
        "/api/openapi.json/",
    ],
)
def test_unknown_addresses_under_api_answer_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404 and response["Access-Control-Allow-Origin"] == "*"
    assert get_json(client, url, status=404)["error"] == {
        "status": 404,
        "message": "Not found. Check the address against the index at /api/.",
        "parameter": None,
    }


def test_unknown_addresses_answer_json_404_whatever_the_method():
    client = Client(enforce_csrf_checks=True)
    for method in (client.post, client.put, client.delete):
        response = method("/api/nothing-here/")
        assert response.status_code == 404 and response.json()["error"]["status"] == 404


def test_an_address_without_its_slash_is_redirected_then_answers_json(client):
    assert client.get("/api/meetings")["Location"] == "/api/meetings/"
    response = client.get("/api/nothing-here", follow=True)
    assert response.redirect_chain == [("/api/nothing-here/", 301)]
    assert response.status_code == 404 and response.json()["error"]["status"] == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "start_date=21/09/2021",
            "start_date must be a date written YYYY-MM-DD, such as 2021-09-21; got '21/09/2021'.",
        ),
        ("end_date=2021-02-30", "end_date must be a date written YYYY-MM-DD, such as 2021-09-21; got '2021-02-30'."),
        ("page=0", "page must be a whole number of 1 or more; got '0'."),
        ("page=1.0", "page must be a whole number, written in digits; got '1.0'."),
        ("page_size=101", "page_size must be a whole number of at most 100; got '101'."),
        (
            "panel=no-such-panel",
            "panel must be the slug of a panel: the panels are listed at /api/panels/; got 'no-such-panel'.",
        ),
        ("panel=a&panel=b", "Give panel once only."),
        (
            "colour=red",
            "Unknown parameter 'colour'. This endpoint accepts: end_date, page, page_size, panel, start_date.",
        ),
    ],
)
def test_error_messages_say_what_to_send(client, query, message):
    assert get_json(client, f"/api/meetings/?{query}", status=400)["error"]["message"] == message


def test_an_empty_parameter_is_no_parameter(client):
    every = get_json(client, "/api/meetings/")
    assert get_json(client, "/api/meetings/?panel=&start_date=&page_size=") == every


def test_records_take_no_page_parameters(client):
    meeting = Meeting.objects.get(panel__slug=PANEL, date=datetime.date(2021, 9, 21))
    error = get_json(client, f"/api/meetings/{meeting.pk}/?page=1", status=400)["error"]
    assert error["parameter"] == "page" and error["message"].endswith("This endpoint takes none.")
    assert get_json(client, "/api/?page_size=5", status=400)["error"]["parameter"] == "page_size"


# Query budgets ----------------------------------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def build_panel(meetings: int) -> str:
    panel = factories.panel()
    for n in range(meetings):
        meeting = factories.published_meeting(panel)
        item = factories.item(meeting, exempt_paragraph=3 if n % 3 == 0 else None)
        factories.document(item)
        entry = factories.minute_entry(factories.minutes(meeting, published_at=timezone.now()))
        factories.resolution(entry)
        topic = WorkProgrammeTopic.objects.create(panel=panel, municipal_year=2029, category="one_off", title=f"T{n}")
        topic.agenda_items.add(item)
    return panel.slug


@pytest.mark.parametrize(
    ("endpoint", "budget"),
    [
        ("meeting_list", 7),
        ("agenda_item_list", 4),
        ("document_list", 3),
        ("minutes_list", 7),
        ("resolution_list", 4),
        ("work_programme_list", 4),
    ],
)
def test_list_query_count_is_fixed_whatever_the_number_of_records(client, endpoint, budget):
    small, large = build_panel(2), build_panel(12)
    url = reverse(f"api:{endpoint}")
    small_count = count_queries(client, f"{url}?panel={small}")
    assert small_count == count_queries(client, f"{url}?panel={large}") <= budget


def test_panel_and_member_queries_stay_within_budget(client):
    assert count_queries(client, reverse("api:panel_list")) <= 2
    assert count_queries(client, reverse("api:panel_members", kwargs={"slug": PANEL})) <= 4


# Exempt content never appears -------------------------------------------------------------------------------


def test_exempt_item_is_listed_by_title_and_paragraph_only(client, panel_with_councillors):
    meeting, _ = build_exempt_meeting(panel_with_councillors[0])
    data = get_json(client, reverse("api:meeting_detail", kwargs={"pk": meeting.pk}))
    exempt = next(entry for entry in data["agenda"] if entry["description"] == "Contract award")
    assert exempt["exempt_paragraph"] == 3 and exempt["notes"] == [] and exempt["documents"] == []
    open_item = next(entry for entry in data["agenda"] if entry["description"] == "Open item")
    assert [paper["title"] for paper in open_item["documents"]] == ["Open paper"]
    minutes = get_json(client, f"{reverse('api:minutes_list')}?meeting={meeting.pk}")
    assert [entry["heading"] for entry in minutes["results"][0]["entries"]] == ["Public minute"]


def test_no_role_gets_exempt_or_draft_content_from_any_endpoint(role_client, panel_with_councillors):
    """The API answers everyone as the public: even the panel's own councillors and officers."""
    role, client = role_client
    meeting, earlier = build_exempt_meeting(panel_with_councillors[0])
    slug = meeting.panel.slug
    assert Document.objects.filter(title="SECRET-PAPER-TITLE").exists()
    urls = [
        "/api/",
        "/api/openapi.json",
        "/api/panels/?page_size=100",
        f"/api/panels/{slug}/",
        f"/api/panels/{slug}/members/",
        f"/api/meetings/{meeting.pk}/",
        f"/api/meetings/{earlier.pk}/",
    ]
    for endpoint in ["meetings", "agenda-items", "documents", "minutes", "resolutions", "work-programme"]:
        urls += [f"/api/{endpoint}/?page_size=100", f"/api/{endpoint}/?panel={slug}"]
    for endpoint in ["agenda-items", "documents", "minutes", "resolutions"]:
        urls += [f"/api/{endpoint}/?meeting={meeting.pk}", f"/api/{endpoint}/?meeting={earlier.pk}"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_secrets(response.content.decode(), f"{url} for {role}")
    minutes = client.get(f"/api/minutes/?meeting={earlier.pk}").json()
    assert minutes["count"] == 0
