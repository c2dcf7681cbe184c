"""Public pages for minutes and the actions arising from them."""

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from meetings.models import Panel
from minutes import selectors
from portal.page_cache import cache_public_page


@require_safe
@cache_public_page
def minutes_detail(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    minutes = selectors.minutes_or_404(slug, date, request.audience)
    return render(
        request,
        "minutes/minutes_detail.html",
        {
            "minutes": minutes,
            "meeting": minutes.meeting,
            "panel": minutes.meeting.panel,
            "page_council": minutes.meeting.panel.council,
        },
    )


@require_safe
def actions_tracker(request: HttpRequest, slug: str) -> HttpResponse:
    """The actions arising from the panel's published minutes: open ones, or all with ?show=all."""
    panel = get_object_or_404(Panel.objects.select_related("council"), slug=slug)
    include_closed = request.GET.get("show") == "all"
    actions = selectors.panel_actions(panel, request.audience, include_closed=include_closed)
    return render(
        request,
        "minutes/actions_tracker.html",
        {"panel": panel, "page_council": panel.council, "actions": actions, "include_closed": include_closed},
    )
