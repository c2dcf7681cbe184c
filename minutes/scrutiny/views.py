"""Public pages: each panel's recommendations tracker and its executive decisions with their call-in status."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from meetings.models import Panel
from minutes.scrutiny import selectors


@require_safe
def tracker(request: HttpRequest, slug: str) -> HttpResponse:
    """The panel's recommendations, overdue first, filtered by ?status=, ?overdue=yes and ?topic=."""
    panel = get_object_or_404(Panel.objects.select_related("council"), slug=slug)
    filters = selectors.TrackerFilters.from_query(request.GET)
    return render(
        request,
        "scrutiny/tracker.html",
        {
            "panel": panel,
            "page_council": panel.council,
            "filters": filters,
            "recommendations": selectors.panel_recommendations(panel, request.audience, filters),
            "statuses": selectors.STATUS_CHOICES,
            "topics": selectors.panel_topics(panel),
            "today": timezone.localdate(),
        },
    )


@require_safe
def recommendation_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    recommendation = selectors.recommendation_or_404(slug, number, request.audience)
    return render(
        request,
        "scrutiny/recommendation_detail.html",
        {"panel": recommendation.panel, "page_council": recommendation.panel.council, "recommendation": recommendation},
    )


@require_safe
def decision_list(request: HttpRequest, slug: str) -> HttpResponse:
    panel = get_object_or_404(Panel.objects.select_related("council"), slug=slug)
    return render(
        request,
        "scrutiny/decision_list.html",
        {
            "panel": panel,
            "page_council": panel.council,
            "decisions": selectors.panel_decisions(panel, request.audience),
        },
    )


@require_safe
def decision_detail(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    decision = selectors.decision_or_404(slug, reference, request.audience)
    return render(
        request,
        "scrutiny/decision_detail.html",
        {"panel": decision.panel, "page_council": decision.panel.council, "decision": decision},
    )
