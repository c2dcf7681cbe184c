"""Site-wide pages."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from meetings import selectors
from portal.health import readiness
from portal.page_cache import cache_public_page


@require_safe
@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "portal/home.html",
        {
            "upcoming": selectors.upcoming_meetings(request.audience, today),
            "recent": selectors.recent_meetings(request.audience, today),
            "latest_documents": selectors.latest_documents(request.audience),
            "panels": selectors.panels_for_listing()[0],
        },
    )


@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """Readiness for a load balancer: 200 while this server can serve (its database answers), else 503; the
    JSON says how the database, the cache and the pack-build worker are."""
    report = readiness()
    response = JsonResponse(report.as_json(), status=200 if report.ready else 503)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def liveness(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. A bare view, no template, no database (the load bench's baseline)."""
    response = HttpResponse("ok", content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response
