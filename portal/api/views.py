"""The API's operations: each reads through the selectors and answers with a schema (portal.api.schemas), which
also describes it in the OpenAPI document that ninja generates (portal.api.application).

The API answers everyone as it answers the public, signed in or not, so a response never depends on who asks
and exempt content can never reach it. Councillors and officers read exempt papers on the site itself."""

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from ninja import Path, Query
from ninja.pagination import paginate

from portal.api import schemas, selectors
from portal.api.application import api
from portal.api.errors import NOT_FOUND, ApiError, Error
from portal.api.parameters import (
    MUNICIPAL_YEAR_MEANS,
    SLUG,
    DecisionFilters,
    MeetingFilters,
    MunicipalYearLabel,
    Pages,
    RecommendationFilters,
    RecordFilters,
    ResolutionFilters,
    WorkProgrammeFilters,
)

ERRORS = {400: Error, 404: Error}
PanelSlugInPath = Annotated[str, Path(pattern=SLUG, description="The panel's slug.")]
MeetingIdInPath = Annotated[int, Path(description="The meeting's id.")]
MunicipalYearInQuery = Annotated[MunicipalYearLabel, Query(None, description=MUNICIPAL_YEAR_MEANS)]


# About the API -----------------------------------------------------------------------------------------------


@api.get("/", response=schemas.Index, url_name="index", summary="The endpoints of the API", tags=["about"])
def index(request: HttpRequest) -> dict[str, Any]:
    """Links to every list."""
    names = {
        "panels": "panel_list",
        "meetings": "meeting_list",
        "agenda_items": "agenda_item_list",
        "documents": "document_list",
        "minutes": "minutes_list",
        "resolutions": "resolution_list",
        "work_programme": "work_programme_list",
        "recommendations": "recommendation_list",
        "decisions": "decision_list",
    }
    url = request.build_absolute_uri
    return {
        "description": "The public record of the council's scrutiny panels. Exempt information (Schedule 12A to "
        "the Local Government Act 1972) is never included.",
        "openapi": url(reverse("api:openapi")),
        "endpoints": {key: url(reverse(f"api:{name}")) for key, name in names.items()},
    }


@api.get("/openapi.json", response=dict[str, Any], url_name="openapi", summary="This description", tags=["about"])
def openapi(request: HttpRequest) -> dict[str, Any]:
    """The OpenAPI 3.1 description of the API."""
    return api.openapi_document(request)


# Panels ------------------------------------------------------------------------------------------------------


@api.get(
    "/panels/", response={200: list[schemas.Panel], **ERRORS}, url_name="panel_list", summary="Panels", tags=["panels"]
)
@paginate(Pages)
def panel_list(request: HttpRequest):
    """Panels, boards and committees."""
    return selectors.panels()


@api.get(
    "/panels/{slug:slug}/",
    response={200: schemas.Panel, **ERRORS},
    url_name="panel_detail",
    summary="A panel",
    tags=["panels"],
)
def panel_detail(request: HttpRequest, slug: PanelSlugInPath):
    return selectors.panel_or_404(slug)


@api.get(
    "/panels/{slug:slug}/members/",
    response={200: schemas.Members, **ERRORS},
    url_name="panel_members",
    summary="A panel's members in one municipal year (by default the current one), with its vacancies",
    tags=["panels"],
)
def panel_members(
    request: HttpRequest,
    slug: PanelSlugInPath,
    municipal_year: MunicipalYearInQuery = None,
):
    return selectors.seats(selectors.panel_or_404(slug), municipal_year, timezone.localdate())


# Meetings ----------------------------------------------------------------------------------------------------


@api.get(
    "/meetings/",
    response={200: list[schemas.Meeting], **ERRORS},
    url_name="meeting_list",
    summary="Meetings",
    tags=["meetings"],
)
@paginate(Pages)
def meeting_list(request: HttpRequest, filters: Query[MeetingFilters]):
    """Meetings, earliest first, cancelled ones included (with their reason)."""
    return filters.filter(selectors.meetings())


@api.get(
    "/meetings/{int:pk}/",
    response={200: schemas.Meeting, **ERRORS},
    url_name="meeting_detail",
    summary="A meeting",
    tags=["meetings"],
)
def meeting_detail(request: HttpRequest, pk: MeetingIdInPath):
    return selectors.meeting_or_404(pk)


@api.get(
    "/agenda-items/",
    response={200: list[schemas.AgendaItem], **ERRORS},
    url_name="agenda_item_list",
    summary="Agenda items",
    tags=["meetings"],
)
@paginate(Pages)
def agenda_item_list(request: HttpRequest, filters: Query[RecordFilters]):
    """Agenda items of published agendas, by meeting date."""
    return filters.filter(selectors.agenda_items())


@api.get(
    "/documents/",
    response={200: list[schemas.Document], **ERRORS},
    url_name="document_list",
    summary="Published papers",
    tags=["meetings"],
)
@paginate(Pages)
def document_list(request: HttpRequest, filters: Query[RecordFilters]):
    """Published papers, newest meeting first."""
    return filters.filter(selectors.documents())


# Minutes -----------------------------------------------------------------------------------------------------


@api.get(
    "/minutes/",
    response={200: list[schemas.Minutes], **ERRORS},
    url_name="minutes_list",
    summary="Minutes",
    tags=["minutes"],
)
@paginate(Pages)
def minutes_list(request: HttpRequest, filters: Query[RecordFilters]):
    """Published and confirmed minutes, newest meeting first."""
    return filters.filter(selectors.minutes())


@api.get(
    "/resolutions/",
    response={200: list[schemas.ResolutionWithContext], **ERRORS},
    url_name="resolution_list",
    summary="Resolutions",
    tags=["minutes"],
)
@paginate(Pages)
def resolution_list(request: HttpRequest, filters: Query[ResolutionFilters]):
    """Resolutions of the published minutes of public business, newest meeting first."""
    return filters.filter(selectors.resolutions())


# The work programme ------------------------------------------------------------------------------------------


@api.get(
    "/work-programme/",
    response={200: list[schemas.WorkProgrammeTopic], **ERRORS},
    url_name="work_programme_list",
    summary="Work programme topics",
    tags=["work programme"],
)
@paginate(Pages)
def work_programme_list(request: HttpRequest, filters: Query[WorkProgrammeFilters]):
    return filters.filter(selectors.work_programme())


# Scrutiny: recommendations and executive decisions -----------------------------------------------------------


@api.get(
    "/recommendations/",
    response={200: list[schemas.Recommendation], **ERRORS},
    url_name="recommendation_list",
    summary="Recommendations and the responses to them",
    tags=["scrutiny"],
)
@paginate(Pages)
def recommendation_list(request: HttpRequest, filters: Query[RecommendationFilters]):
    """Recommendations referred to their decision-makers, by panel and number. The response is due two calendar
    months after referral (s9FE Local Government Act 2000). Exempt recommendations are never listed."""
    return filters.filter(selectors.recommendations())


@api.get(
    "/decisions/",
    response={200: list[schemas.ExecutiveDecision], **ERRORS},
    url_name="decision_list",
    summary="Executive decisions and their call-in",
    tags=["scrutiny"],
)
@paginate(Pages)
def decision_list(request: HttpRequest, filters: Query[DecisionFilters]):
    """Published executive decisions, newest first, with the call-in deadline and any call-in (s9F Local
    Government Act 2000). A decision with exempt information or an exempt paper is never listed."""
    return filters.filter(selectors.decisions())


@csrf_exempt
def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    """Any other address under /api/ answers as the API does, not with the site's HTML page (whatever the method:
    there is nothing here to protect from a forged request, so no CSRF refusal comes first)."""
    return api.refuse(request, ApiError(404, NOT_FOUND))
