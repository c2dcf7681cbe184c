"""Site-wide pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from meetings import selectors
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
            "panels": selectors.panels_for_listing(),
        },
    )


@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """A bare view for load balancers (and the load bench's baseline): no template, no database."""
    return HttpResponse("ok", content_type="text/plain")
