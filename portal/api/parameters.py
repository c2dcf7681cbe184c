"""The API's query parameters: the filter schemas, pages of results, and the rules every request's parameters
follow (each once, none unknown, so that a misspelt filter is refused rather than silently ignored)."""

import datetime
import re
from collections.abc import Callable
from functools import wraps
from typing import Annotated, Any, ClassVar, Literal

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from ninja import Field, FilterSchema, Schema
from ninja.errors import ValidationError
from ninja.operation import Operation
from ninja.pagination import PaginationBase
from ninja.parser import Parser
from pydantic import AfterValidator, BeforeValidator, model_validator
from pydantic_core import PydanticCustomError

from meetings.models import Panel
from meetings.municipal_year import MunicipalYear
from portal.api.errors import ApiError
from portal.api.schemas import Record, Url

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

# What a parameter must look like, for each pattern the parameters use (portal.api.parameters).
SLUG = r"^[-a-zA-Z0-9_]+$"
MUNICIPAL_YEAR = r"^[12][0-9]{3}(?:[/-][0-9]{2})?$"
WRITTEN = {
    SLUG: "a slug (letters, digits, hyphens and underscores), as listed at /api/panels/",
    MUNICIPAL_YEAR: "a municipal year written 2021 or 2021/22",
}


class QueryParser(Parser):
    """Query parameters as the API reads them: each given once; spaces around a value ignored; an empty value
    the same as none."""

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str], request: HttpRequest) -> dict[str, Any]:
        result = {}
        for name, values in data.lists():
            if len(values) > 1:
                raise ApiError(400, f"Give {name} once only.", name)
            if value := values[0].strip():
                result[name] = value
        return result


def refuse_unknown_parameters(run: Callable) -> Callable:
    """A view decorator for every operation (it wraps `Operation.run`, so it sees the operation's parameters):
    a parameter the operation does not take is refused before anything else is read."""
    operation: Operation = run.__self__
    accepted = sorted(
        name
        for model in operation.models
        if model.__ninja_param_source__ == "query"
        for name in model.__ninja_flatten_map__
    )

    @wraps(run)
    def checked(request: HttpRequest, **kwargs: Any):
        unknown = sorted(set(request.GET) - set(accepted))
        if unknown:
            takes = f"This endpoint accepts: {', '.join(accepted)}." if accepted else "This endpoint takes none."
            error = ApiError(400, f"Unknown parameter {unknown[0]!r}. {takes}", unknown[0])
            return operation.api.on_exception(request, error)
        return run(request, **kwargs)

    return checked


def explain(request: HttpRequest, error: ValidationError) -> ApiError:
    """The first parameter that failed validation, in words: what it must be, and what was sent."""
    problem: dict[str, Any] = error.errors[0]
    name = str(problem["loc"][-1])
    context = problem.get("ctx", {})
    kind = problem["type"]
    if kind == "greater_than_equal":
        must = f"must be a whole number of {context['ge']} or more"
    elif kind == "less_than_equal":
        must = f"must be a whole number of at most {context['le']}"
    elif kind.startswith("date"):
        must = "must be a date written YYYY-MM-DD, such as 2021-09-21"
    elif kind == "string_pattern_mismatch":
        must = f"must be {WRITTEN.get(context['pattern'], 'written as the OpenAPI document at /api/openapi.json says')}"
    else:
        # The validators in portal.api.parameters word their messages as "must be ...".
        must = problem["msg"] if problem["msg"].startswith("must") else f"is not valid: {problem['msg']}"
    value = request.GET.get(name)
    sent = f"; got {value!r}" if value is not None else ""
    return ApiError(400, f"{name} {must}{sent}.", name)


# Parameter types ---------------------------------------------------------------------------------------------


def _written_yyyy_mm_dd(value: Any) -> Any:
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise PydanticCustomError("date_format", "must be a date written YYYY-MM-DD, such as 2021-09-21")
    return value


def _written_in_digits(value: Any) -> Any:
    if isinstance(value, str) and not value.isdigit():
        raise PydanticCustomError("whole_number", "must be a whole number, written in digits")
    return value


def _existing_panel(slug: str) -> str:
    if not Panel.objects.filter(slug=slug).exists():
        raise PydanticCustomError("no_such_panel", "must be the slug of a panel: the panels are listed at /api/panels/")
    return slug


def _municipal_year(label: str) -> MunicipalYear:
    try:
        return MunicipalYear.from_label(label)
    except ValueError:
        raise PydanticCustomError(
            "municipal_year", "must be a municipal year written 2021 or 2021/22 (its two years in turn)"
        ) from None


Date = Annotated[datetime.date, BeforeValidator(_written_yyyy_mm_dd)]
WholeNumber = Annotated[int, BeforeValidator(_written_in_digits)]
PanelSlug = Annotated[str, Field(pattern=SLUG), AfterValidator(_existing_panel)]
MunicipalYearLabel = Annotated[str, Field(pattern=MUNICIPAL_YEAR), AfterValidator(_municipal_year)]

MUNICIPAL_YEAR_MEANS = 'A municipal year (May to April), written "2021/22" or "2021".'


# Filters -----------------------------------------------------------------------------------------------------


class MeetingFilters(FilterSchema):
    """Filters on meetings; the subclasses filter records by the meeting they belong to (`meeting_path`).

    A filter left out is None, but no field says `| None`: a query parameter is a value or absent, never null,
    and the OpenAPI document should say so."""

    meeting_path: ClassVar[str] = ""

    panel: PanelSlug = Field(None, description="A panel's slug (see /panels/): only its records.")
    start_date: Date = Field(None, description="Only records of meetings on or after this date (YYYY-MM-DD).")
    end_date: Date = Field(None, description="Only records of meetings on or before this date (YYYY-MM-DD).")

    @model_validator(mode="after")
    def _dates_in_order(self):
        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise ApiError(400, "start_date must be on or before end_date.", "start_date")
        return self

    def _meeting(self, lookup: str, value: Any) -> Q:
        return Q(**{f"{self.meeting_path}{lookup}": value})

    def filter_panel(self, slug: str | None) -> Q:
        return self._meeting("panel__slug", slug)

    def filter_start_date(self, day: datetime.date | None) -> Q:
        return self._meeting("date__gte", day)

    def filter_end_date(self, day: datetime.date | None) -> Q:
        return self._meeting("date__lte", day)


class RecordFilters(MeetingFilters):
    """Filters on agenda items, papers and minutes: the meeting's, and the meeting itself."""

    meeting_path = "meeting__"

    meeting: WholeNumber = Field(None, ge=1, description="A meeting's id: only its records.")

    def filter_meeting(self, pk: int | None) -> Q:
        return self._meeting("id", pk)


class ResolutionFilters(RecordFilters):
    meeting_path = "entry__minutes__meeting__"


class WorkProgrammeFilters(MeetingFilters):
    """A topic belongs to a panel's municipal year, not to a meeting: the dates pick the years they overlap."""

    municipal_year: MunicipalYearLabel = Field(None, description=MUNICIPAL_YEAR_MEANS)

    def filter_municipal_year(self, year: MunicipalYear | None) -> Q:
        return Q(municipal_year=year.start_year if year else None)

    def filter_start_date(self, day: datetime.date | None) -> Q:
        return Q(municipal_year__gte=MunicipalYear.containing(day).start_year if day else None)

    def filter_end_date(self, day: datetime.date | None) -> Q:
        return Q(municipal_year__lte=MunicipalYear.containing(day).start_year if day else None)


# Pages -------------------------------------------------------------------------------------------------------


class Pages(PaginationBase):
    """One page of results, {"count", "next", "previous", "results"}, with absolute next and previous links."""

    class Input(Schema):
        page: WholeNumber = Field(1, ge=1, description="The page, from 1.")
        page_size: WholeNumber = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Results per page.")

    class Output(Record):
        count: int = Field(description="Results on every page together.")
        next: Url | None
        previous: Url | None
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params: Any) -> dict:
        paginator = Paginator(queryset, pagination.page_size)
        if pagination.page > paginator.num_pages:
            message = f"There is no page {pagination.page}: the last page is {paginator.num_pages}."
            raise ApiError(404, message, "page")
        page = paginator.page(pagination.page)
        return {
            "count": paginator.count,
            "next": _page_link(request, page.next_page_number()) if page.has_next() else None,
            "previous": _page_link(request, page.previous_page_number()) if page.has_previous() else None,
            "results": page.object_list,
        }


def _page_link(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


class RecommendationFilters(FilterSchema):
    panel: PanelSlug = Field(None, description="A panel's slug (see /panels/): only its recommendations.")
    status: Literal["awaiting", "accepted", "partially_accepted", "rejected"] = Field(
        None, description="Only recommendations awaiting a response, or answered so."
    )
    overdue: bool = Field(None, description="true: only those awaiting a response after the day it was due.")
    topic: WholeNumber = Field(None, ge=1, description="A work programme topic's id: only its recommendations.")

    def filter_panel(self, slug: str | None) -> Q:
        return Q(panel__slug=slug) if slug else Q()

    def filter_status(self, status: str | None) -> Q:
        if not status:
            return Q()
        return Q(response="") if status == "awaiting" else Q(response=status)

    def filter_overdue(self, overdue: bool | None) -> Q:
        if overdue is None:
            return Q()
        late = Q(response="", response_due_on__lt=timezone.localdate())
        return late if overdue else ~late

    def filter_topic(self, topic: int | None) -> Q:
        return Q(topic_id=topic) if topic else Q()


class DecisionFilters(FilterSchema):
    panel: PanelSlug = Field(None, description="A panel's slug (see /panels/): only the decisions it may call in.")
    open_to_call_in: bool = Field(None, description="true: only decisions whose call-in period is still running.")

    def filter_panel(self, slug: str | None) -> Q:
        return Q(panel__slug=slug) if slug else Q()

    def filter_open_to_call_in(self, open_: bool | None) -> Q:
        if open_ is None:
            return Q()
        running = Q(status="published", call_in_deadline__gte=timezone.localdate())
        return running if open_ else ~running
