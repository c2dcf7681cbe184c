"""A councillor's own page: their panels, next meetings with packs and apologies, papers added since they last
looked, their panels' open actions and the exempt papers they may read. Everything goes through the same
visibility rules as the public pages, with the councillor's audience."""

import datetime

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from meetings.models import AgendaPack, Apology, Document, Meeting, Membership
from meetings.municipal_year import MunicipalYear
from minutes.models import Action
from minutes.scrutiny import selectors as scrutiny_selectors
from portal.permissions import councillor_required

NEW_PAPERS_WINDOW = datetime.timedelta(days=30)


def councillor_home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    user = request.user
    councillor = user.councillor
    audience = request.audience
    this_year = MunicipalYear.containing(today).start_year
    # This year's seats, leaving out any that has ended.
    seats = list(
        Membership.objects.filter(councillor=councillor, municipal_year=this_year)
        .exclude(ends_on__lt=today)
        .select_related("panel")
        .order_by("panel__name")
    )
    panel_ids = {seat.panel_id for seat in seats}
    meetings = list(
        Meeting.objects.filter(panel_id__in=panel_ids, date__gte=today)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("panel")
        .prefetch_related(
            Prefetch(
                "packs",
                queryset=AgendaPack.objects.visible_to(audience).current().order_by("-version"),
                to_attr="readable_packs",
            ),
            Prefetch("apologies", queryset=Apology.objects.filter(councillor=councillor), to_attr="my_apologies"),
        )
        .order_by("date", "start_time")[:10]
    )
    for meeting in meetings:
        latest = {}
        for pack in meeting.readable_packs:  # newest first
            latest.setdefault(pack.variant, pack)
        meeting.public_pack = latest.get(AgendaPack.Variant.PUBLIC)
        meeting.members_pack = latest.get(AgendaPack.Variant.MEMBERS)

    since = user.papers_seen_at or (timezone.now() - NEW_PAPERS_WINDOW)
    readable = Document.objects.visible_to(audience).filter(meeting__panel_id__in=panel_ids)
    new_papers = list(
        readable.filter(published_at__gt=since)
        .select_related("meeting__panel", "agenda_item")
        .defer("body_html")
        .order_by("-published_at")[:25]
    )
    exempt_papers = list(
        readable.exempt()
        .filter(meeting__date__gte=today - datetime.timedelta(days=180))
        .select_related("meeting__panel", "agenda_item")
        .defer("body_html")
        .order_by("meeting__date", "agenda_item__position", "position")[:25]
    )
    actions = list(
        Action.objects.visible_to(audience)
        .outstanding()
        .filter(entry__minutes__meeting__panel_id__in=panel_ids)
        .select_related("owner", "entry__minutes__meeting__panel", "entry__agenda_item")
        .order_by("due_date", "pk")[:25]
    )
    return render(
        request,
        "accounts/councillor_home.html",
        {
            "councillor": councillor,
            "seats": seats,
            "municipal_year": MunicipalYear(this_year),
            "meetings": meetings,
            "new_papers": new_papers,
            "since": user.papers_seen_at,
            "exempt_papers": exempt_papers,
            "actions": actions,
            "recommendations": scrutiny_selectors.awaiting_response(panel_ids, audience, today),
        },
    )


@require_POST
@councillor_required
def mark_papers_seen(request: HttpRequest) -> HttpResponse:
    request.user.papers_seen_at = timezone.now()
    request.user.save(update_fields=["papers_seen_at"])
    messages.success(request, "New papers marked as seen.")
    return redirect("accounts:councillor_home")
