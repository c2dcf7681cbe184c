"""Councillors send (or withdraw) apologies for a meeting of a panel they sit on; officers see them on the agenda
and they are ticked in the minutes' attendance."""

import datetime

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from meetings.models import Apology, Councillor, Meeting
from portal.formats import short_date
from portal.history import delete_by, save_by
from portal.permissions import councillor_required


class ApologyForm(forms.ModelForm):
    class Meta:
        model = Apology
        fields = ["message", "substitute"]
        labels = {"message": "Note for democratic services", "substitute": "Substitute"}
        help_texts = {
            "message": "Optional, and never published: for example the reason, or when you can join.",
            "substitute": "Optional: a councillor who will attend in your place, where the panel's rules allow it.",
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, councillor: Councillor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["substitute"].queryset = Councillor.objects.filter(council_id=councillor.council_id).exclude(
            pk=councillor.pk
        )
        self.fields["substitute"].empty_label = "No substitute"


def send_apologies(meeting: Meeting, councillor: Councillor, *, message: str, substitute, by) -> Apology:
    with transaction.atomic():
        apology, _ = Apology.objects.get_or_create(meeting=meeting, councillor=councillor)
        apology.message, apology.substitute = message, substitute
        save_by(apology, by)
        return apology


def withdraw_apologies(meeting: Meeting, councillor: Councillor, *, by) -> None:
    for apology in Apology.objects.filter(meeting=meeting, councillor=councillor):
        delete_by(apology, by)


@require_http_methods(["GET", "POST"])
@councillor_required
def apologies(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("panel"), panel__slug=slug, date=date)
    councillor = request.user.councillor
    if not request.audience.sits_at(meeting):
        raise Http404("Not a member of this panel on the day of the meeting")
    closed = meeting.date < timezone.localdate() or meeting.is_cancelled
    existing = Apology.objects.filter(meeting=meeting, councillor=councillor).first()
    form = ApologyForm(request.POST or None, instance=existing, councillor=councillor)
    if request.method == "POST":
        if closed:
            messages.error(request, "Apologies can only be sent for meetings that are still to take place.")
            return redirect("meetings:apologies", slug=slug, date=date)
        if request.POST.get("withdraw"):
            withdraw_apologies(meeting, councillor, by=request.user)
            messages.success(request, "Your apologies have been withdrawn.")
            return redirect("accounts:councillor_home")
        if form.is_valid():
            send_apologies(
                meeting,
                councillor,
                message=form.cleaned_data["message"],
                substitute=form.cleaned_data["substitute"],
                by=request.user,
            )
            messages.success(request, f"Your apologies for {meeting.panel.name}, {short_date(meeting.date)} are sent.")
            return redirect("accounts:councillor_home")
    return render(
        request,
        "meetings/apologies.html",
        {"meeting": meeting, "panel": meeting.panel, "form": form, "existing": existing, "closed": closed},
        status=422 if request.method == "POST" else 200,
    )
