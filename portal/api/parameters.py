"""The API's query parameters (filters and pages), checked once, with errors that say what to send instead."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse

from meetings.models import Panel
from meetings.municipal_year import MunicipalYear

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
PAGING = frozenset({"page", "page_size"})


class ApiError(Exception):
    """An answer other than 200, as JSON: {"error": {"status", "message", "parameter"}}."""

    def __init__(self, status: int, message: str, parameter: str | None = None):
        super().__init__(message)
        self.status, self.message, self.parameter = status, message, parameter

    def response(self) -> JsonResponse:
        return JsonResponse(
            {"error": {"status": self.status, "message": self.message, "parameter": self.parameter}},
            status=self.status,
        )


NOT_FOUND = "Not found. Check the address against the index at /api/."


@dataclass(frozen=True)
class Filters:
    panel: Panel | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    meeting: int | None = None
    municipal_year: MunicipalYear | None = None


def _single(request: HttpRequest, name: str) -> str | None:
    values = request.GET.getlist(name)
    if len(values) > 1:
        raise ApiError(400, f"Give {name} once only.", name)
    return (values[0].strip() or None) if values else None


def _date(request: HttpRequest, name: str) -> datetime.date | None:
    value = _single(request, name)
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ApiError(
            400, f"{name} must be a date written YYYY-MM-DD, such as 2021-09-21; got {value!r}.", name
        ) from None


def _positive_int(request: HttpRequest, name: str, *, maximum: int | None = None) -> int | None:
    value = _single(request, name)
    if value is None:
        return None
    if not value.isdigit() or int(value) < 1 or (maximum is not None and int(value) > maximum):
        limit = f" from 1 to {maximum}" if maximum else " of 1 or more"
        raise ApiError(400, f"{name} must be a whole number{limit}; got {value!r}.", name)
    return int(value)


def parse_filters(request: HttpRequest, allowed: frozenset[str]) -> Filters:
    """The filters an endpoint accepts; an unknown parameter is refused, so that a misspelt filter is never
    silently ignored."""
    unknown = sorted(set(request.GET) - allowed - PAGING)
    if unknown:
        accepted = ", ".join(sorted(allowed | PAGING))
        raise ApiError(400, f"Unknown parameter {unknown[0]!r}. This endpoint accepts: {accepted}.", unknown[0])
    panel = None
    if slug := _single(request, "panel"):
        panel = Panel.objects.filter(slug=slug).first()
        if panel is None:
            raise ApiError(400, f"No panel has the slug {slug!r}. The panels are listed at /api/panels/.", "panel")
    start_date, end_date = _date(request, "start_date"), _date(request, "end_date")
    if start_date and end_date and start_date > end_date:
        raise ApiError(400, "start_date must be on or before end_date.", "start_date")
    municipal_year = None
    if label := _single(request, "municipal_year"):
        try:
            municipal_year = MunicipalYear.from_label(label)
        except ValueError:
            raise ApiError(
                400, f"municipal_year must be written 2021 or 2021/22; got {label!r}.", "municipal_year"
            ) from None
    return Filters(
        panel=panel,
        start_date=start_date,
        end_date=end_date,
        meeting=_positive_int(request, "meeting"),
        municipal_year=municipal_year,
    )


def filter_dates(queryset: QuerySet, filters: Filters, date_field: str) -> QuerySet:
    if filters.start_date:
        queryset = queryset.filter(**{f"{date_field}__gte": filters.start_date})
    if filters.end_date:
        queryset = queryset.filter(**{f"{date_field}__lte": filters.end_date})
    return queryset


def page_of(request: HttpRequest, queryset: QuerySet, represent) -> dict[str, Any]:
    """One page of results: {"count", "next", "previous", "results"}, with absolute next and previous links."""
    page_size = _positive_int(request, "page_size", maximum=MAX_PAGE_SIZE) or DEFAULT_PAGE_SIZE
    number = _positive_int(request, "page") or 1
    paginator = Paginator(queryset, page_size)
    if number > paginator.num_pages:
        raise ApiError(404, f"There is no page {number}: the last page is {paginator.num_pages}.", "page")
    page = paginator.page(number)
    return {
        "count": paginator.count,
        "next": _page_link(request, page.next_page_number()) if page.has_next() else None,
        "previous": _page_link(request, page.previous_page_number()) if page.has_previous() else None,
        "results": [represent(item) for item in page.object_list],
    }


def _page_link(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
