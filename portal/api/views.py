"""The API's views: check the parameters, read through the selectors, represent, answer JSON.

The API answers everyone as it answers the public, signed in or not, so a response never depends on who asks
and exempt content can never reach it. Councillors and officers read exempt papers on the site itself."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from portal.api import selectors
from portal.api.openapi import openapi_description
from portal.api.parameters import NOT_FOUND, ApiError, Filters, page_of, parse_filters
from portal.api.representations import Representer

NO_FILTERS: frozenset[str] = frozenset()
MEETING_FILTERS = frozenset({"panel", "start_date", "end_date"})
BY_MEETING_FILTERS = MEETING_FILTERS | {"meeting"}
WORK_PROGRAMME_FILTERS = MEETING_FILTERS | {"municipal_year"}


def api_endpoint(view: Callable[..., dict[str, Any]]):
    """GET (and HEAD) only; the view returns data; ApiError and 404 become JSON errors. The answer is the same for every
    reader, so any site may fetch it (CORS), and without credentials."""

    @require_safe
    @wraps(view)
    def endpoint(request: HttpRequest, *args, **kwargs) -> JsonResponse:
        try:
            response = JsonResponse(view(request, Representer(request), *args, **kwargs))
        except ApiError as error:
            response = error.response()
        except Http404:
            response = ApiError(404, NOT_FOUND).response()
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return endpoint


@api_endpoint
def index(request: HttpRequest, represent: Representer) -> dict[str, Any]:
    parse_filters(request, NO_FILTERS)
    names = {
        "panels": "panel_list",
        "meetings": "meeting_list",
        "agenda_items": "agenda_item_list",
        "documents": "document_list",
        "minutes": "minutes_list",
        "resolutions": "resolution_list",
        "work_programme": "work_programme_list",
    }
    return {
        "description": "The public record of the council's scrutiny panels. Exempt information (Schedule 12A to "
        "the Local Government Act 1972) is never included.",
        "openapi": represent.api("openapi"),
        "endpoints": {key: represent.api(name) for key, name in names.items()},
    }


@require_safe
def openapi(request: HttpRequest) -> JsonResponse:
    server = request.build_absolute_uri(reverse("api:index")).rstrip("/")
    response = JsonResponse(openapi_description(server))
    response["Access-Control-Allow-Origin"] = "*"
    return response


@api_endpoint
def panel_list(request: HttpRequest, represent: Representer) -> dict[str, Any]:
    parse_filters(request, NO_FILTERS)
    return page_of(request, selectors.panels(), represent.panel)


@api_endpoint
def panel_detail(request: HttpRequest, represent: Representer, slug: str) -> dict[str, Any]:
    parse_filters(request, NO_FILTERS)
    return represent.panel(selectors.panel_or_404(slug))


@api_endpoint
def panel_members(request: HttpRequest, represent: Representer, slug: str) -> dict[str, Any]:
    filters = parse_filters(request, frozenset({"municipal_year"}))
    panel = selectors.panel_or_404(slug)
    year = filters.municipal_year or selectors.default_membership_year(panel, timezone.localdate())
    seats = selectors.seats(panel, year) if year else []
    return represent.members(panel, year, seats, selectors.membership_years(panel))


@api_endpoint
def meeting_list(request: HttpRequest, represent: Representer) -> dict[str, Any]:
    filters = parse_filters(request, MEETING_FILTERS)
    return page_of(request, selectors.meetings(filters), represent.meeting)


@api_endpoint
def meeting_detail(request: HttpRequest, represent: Representer, pk: int) -> dict[str, Any]:
    parse_filters(request, NO_FILTERS)
    return represent.meeting(get_object_or_404(selectors.meetings(Filters()), pk=pk))


@api_endpoint
def agenda_item_list(request: HttpRequest, represent: Representer) -> dict[str, Any]:
    filters = parse_filters(request, BY_MEETING_FILTERS)
    return page_of(request, selectors.agenda_items(filters), represent.agenda_item)


@api_endpoint
def document_list(request: HttpRequest, represent: Representer) -> dict[str, Any]:
    filters = parse_filters(request, BY_MEETING_FILTERS)
    return page_of(request, selectors.documents(filters), represent.document)


@api_endpoint
def minutes_list(request: HttpRequest, represent: Representer) -> dict[str, Any]:
    filters = parse_filters(request, BY_MEETING_FILTERS)
    return page_of(request, selectors.minutes(filters), represent.minutes)


@api_endpoint
def resolution_list(request: HttpRequest, represent: Representer) -> dict[str, Any]:
    filters = parse_filters(request, BY_MEETING_FILTERS)
    return page_of(request, selectors.resolutions(filters), represent.resolution)


@api_endpoint
def work_programme_list(request: HttpRequest, represent: Representer) -> dict[str, Any]:
    filters = parse_filters(request, WORK_PROGRAMME_FILTERS)
    return page_of(request, selectors.work_programme(filters), represent.topic)
