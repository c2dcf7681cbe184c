"""Exempt information for officers: every exemption with its reasons and dates, those due, and releasing one."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from meetings.exemptions import DUE_WITHIN_DAYS, all_exemptions, release
from meetings.forms import ReleaseForm
from meetings.models import AgendaItem, Document
from portal.errors import Refused
from portal.permissions import officer_required

KINDS = {"items": AgendaItem, "papers": Document}


@require_safe
@officer_required
def exempt_information(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    released = {
        "items": list(
            AgendaItem.objects.filter(released_at__isnull=False)
            .select_related("meeting__panel")
            .order_by("-released_at")[:20]
        ),
        "papers": list(
            Document.objects.filter(released_at__isnull=False)
            .select_related("meeting__panel")
            .order_by("-released_at")[:20]
        ),
    }
    return render(
        request,
        "meetings/manage/exempt_information.html",
        {
            "exemptions": all_exemptions(),
            "released": sorted(released["items"] + released["papers"], key=lambda r: r.released_at, reverse=True)[:20],
            "today": today,
            "horizon": today + datetime.timedelta(days=DUE_WITHIN_DAYS),
        },
    )


@require_http_methods(["GET", "POST"])
@officer_required
def release_exemption(request: HttpRequest, kind: str, record_id: int) -> HttpResponse:
    """Confirm, with the reason the public will read, that an exempt item or paper becomes public."""
    model = KINDS.get(kind)
    if model is None:
        raise Http404("No such kind of record")
    record = get_object_or_404(model.objects.select_related("meeting__panel"), pk=record_id)
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            release(record, reason=form.cleaned_data["reason"], by=request.user)
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            rebuilt = (
                " Its meeting's packs are being built again with it." if record.meeting.agenda_is_published else ""
            )
            messages.success(request, f"“{record.title}” is released: it is public wherever it is published.{rebuilt}")
            return redirect("manage:exempt_information")
    return render(
        request,
        "meetings/manage/release_exemption.html",
        {"record": record, "kind": kind, "meeting": record.meeting, "panel": record.meeting.panel, "form": form},
        status=422 if request.method == "POST" else 200,
    )
