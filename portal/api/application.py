"""The API itself: django-ninja with the portal's conventions (answers anyone may read, JSON errors of one
shape, parameters refused when unknown), and the OpenAPI document ninja generates from the operations in
portal.api.views, finished with what ninja leaves out."""

import copy
from functools import cached_property
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.operation import Operation

from portal.api.errors import NOT_FOUND, ApiError
from portal.api.parameters import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, QueryParser, explain, refuse_unknown_parameters

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
endpoint does not know is refused rather than ignored, and so is a parameter given twice.

**Errors** are JSON: `{{"error": {{"status", "message", "parameter"}}}}`, with status 400 for a parameter that cannot
be used (the message says what to send instead) and 404 for a record, page or address that does not exist.
"""

TAGS = [
    {"name": "panels", "description": "Panels, boards and committees, and their members."},
    {"name": "meetings", "description": "Meetings with their agendas, and the agenda items and papers of them all."},
    {"name": "minutes", "description": "Published and confirmed minutes, and the resolutions recorded in them."},
    {"name": "work programme", "description": "The topics each panel plans to examine, by municipal year."},
    {
        "name": "scrutiny",
        "description": "Recommendations and the executive's responses; executive decisions and call-in.",
    },
    {"name": "about", "description": "The index of the API and this description."},
]


class PortalApi(NinjaAPI):
    """Ninja, with the API's own conventions: every answer may be read from any site (CORS), the OpenAPI
    document names the host the request came to as its server, and paths are written relative to it."""

    def create_response(self, request: HttpRequest, data: Any, **kwargs: Any) -> HttpResponse:
        response = super().create_response(request, data, **kwargs)
        # The answer is the same for every reader, so any site may fetch it (without credentials).
        response["Access-Control-Allow-Origin"] = "*"
        return response

    def set_default_exception_handlers(self) -> None:
        """Every refusal answers in the one error shape; anything else is a fault, which Django answers as it
        does anywhere on the site (logged; the 500 page, or "try again shortly" when the database has gone)."""
        self.add_exception_handler(ApiError, self.refuse)
        self.add_exception_handler(
            ValidationError, lambda request, error: self.refuse(request, explain(request, error))
        )
        self.add_exception_handler(Http404, lambda request, error: self.refuse(request, ApiError(404, NOT_FOUND)))
        self.add_exception_handler(
            HttpError, lambda request, error: self.refuse(request, ApiError(error.status_code, error.message))
        )
        self.add_exception_handler(Exception, _reraise)

    def refuse(self, request: HttpRequest, error: ApiError) -> HttpResponse:
        body = {"error": {"status": error.status, "message": error.message, "parameter": error.parameter}}
        return self.create_response(request, body, status=error.status)

    def get_content_type(self) -> str:
        # JSON is UTF-8 by definition (RFC 8259): application/json takes no charset parameter.
        return self.renderer.media_type

    def get_openapi_operation_id(self, operation: Operation) -> str:
        return operation.view_func.__name__

    @cached_property
    def document(self) -> dict[str, Any]:
        """The generated OpenAPI document, without its servers (they depend on the request)."""
        document = dict(self.get_openapi_schema(path_prefix=""))
        for item in document["paths"].values():
            for operation in item.values():
                for parameter in operation["parameters"]:
                    if parameter["in"] == "query":
                        # An empty value is the same as none (portal.api.parameters.QueryParser).
                        parameter["allowEmptyValue"] = True
                for status, response in operation["responses"].items():
                    response["description"] = RESPONSES.get(status, response["description"])
        # Ninja lists the schemas of the query parameters too, though parameters are described inline.
        schemas = document["components"]["schemas"]
        used = _referenced(document["paths"], schemas)
        document["components"]["schemas"] = {name: schema for name, schema in schemas.items() if name in used}
        return document

    def openapi_document(self, request: HttpRequest) -> dict[str, Any]:
        document = copy.copy(self.document)
        document["servers"] = [{"url": request.build_absolute_uri(reverse("api:index")).rstrip("/")}]
        return document


def _reraise(request: HttpRequest, error: Exception) -> HttpResponse:
    raise error


RESPONSES = {
    400: "A parameter cannot be used: the message says why, and what to send instead.",
    404: "No such record, page or address.",
}


def _referenced(node: Any, schemas: dict[str, Any], found: set[str] | None = None) -> set[str]:
    """The names of the component schemas `node` refers to, directly or through other schemas."""
    found = set() if found is None else found
    if isinstance(node, dict):
        if (ref := node.get("$ref", "")).startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[1]
            if name not in found:
                found.add(name)
                _referenced(schemas[name], schemas, found)
        for value in node.values():
            _referenced(value, schemas, found)
    elif isinstance(node, list):
        for value in node:
            _referenced(value, schemas, found)
    return found


api = PortalApi(
    title="Scrutiny panels open data API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url=None,
    docs_url=None,
    parser=QueryParser(),
    openapi_extra={"tags": TAGS},
)
api.add_decorator(refuse_unknown_parameters, mode="view")
