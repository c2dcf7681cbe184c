"""The officers' pages for recommendations (record, refer, response, action plan, monitoring) and executive
decisions (record, publish, call-in, consideration, outcome). Plain forms with a redirect after each save; a
refused save shows the form again with the service's message."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from meetings.models import AgendaItem, Councillor, Document, Meeting, Officer, Panel
from meetings.selectors import officer_choices
from minutes.models import Resolution
from minutes.scrutiny import forms, selectors, services
from minutes.scrutiny.models import ExecutiveDecision, Recommendation
from portal.errors import Refused
from portal.permissions import officer_required


def _panel(slug: str) -> Panel:
    return get_object_or_404(Panel.objects.select_related("council"), slug=slug)


# --- recommendations ----------------------------------------------------------------------------------------------


def _recommendation_form(panel: Panel, *args, **kwargs) -> forms.RecommendationForm:
    return forms.RecommendationForm(
        *args,
        meetings=list(panel.meetings.order_by("-date")),
        resolutions=list(
            Resolution.objects.filter(entry__minutes__meeting__panel=panel)
            .select_related("entry__minutes__meeting")
            .order_by("-entry__minutes__meeting__date", "entry__position", "position")
        ),
        items=selectors.panel_items(panel),
        topics=selectors.panel_topics(panel),
        **kwargs,
    )


def _recommendation_links(panel: Panel, data: dict) -> tuple:
    """The meeting, resolution, agenda item and work-programme topic a recommendation form names (404 for one
    that is not the panel's)."""
    return (
        get_object_or_404(Meeting, panel=panel, pk=data["meeting"]),
        get_object_or_404(Resolution.objects.select_related("entry__minutes"), pk=data["resolution"])
        if data["resolution"]
        else None,
        get_object_or_404(AgendaItem, meeting__panel=panel, pk=data["agenda_item"]) if data["agenda_item"] else None,
        get_object_or_404(panel.work_programme, pk=data["topic"]) if data["topic"] else None,
    )


@require_safe
@officer_required
def recommendations(request: HttpRequest, slug: str) -> HttpResponse:
    panel = _panel(slug)
    filters = selectors.TrackerFilters.from_query(request.GET)
    return render(
        request,
        "scrutiny/manage/recommendations.html",
        {
            "panel": panel,
            "filters": filters,
            "statuses": [("draft", "Not yet referred"), *selectors.STATUS_CHOICES],
            "topics": selectors.panel_topics(panel),
            "recommendations": selectors.panel_recommendations(panel, request.audience, filters),
        },
    )


@require_http_methods(["GET", "POST"])
@officer_required
def recommendation_add(request: HttpRequest, slug: str) -> HttpResponse:
    panel = _panel(slug)
    form = _recommendation_form(panel, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting, resolution, agenda_item, topic = _recommendation_links(panel, data)
        try:
            made = services.record_recommendation(
                panel,
                by=request.user,
                text=data["text"],
                meeting=meeting,
                addressee_kind=data["addressee_kind"],
                addressee=data["addressee"],
                resolution=resolution,
                agenda_item=agenda_item,
                topic=topic,
            )
        except Refused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Recommendation {made.number} recorded. Record when it is referred.")
            return redirect("scrutiny_manage:recommendation", slug=panel.slug, number=made.number)
    return render(request, "scrutiny/manage/recommendation_add.html", {"panel": panel, "form": form})


def _recommendation_page(request, recommendation: Recommendation, status: int = 200, **bound) -> HttpResponse:
    panel = recommendation.panel
    items = selectors.later_items(panel, recommendation.meeting.date)
    later = [item for item in items if item.meeting.date > recommendation.meeting.date]
    context = {
        "panel": panel,
        "recommendation": recommendation,
        "edit_form": bound.get("edit_form")
        or _recommendation_form(panel, initial=forms.RecommendationForm.initial_for(recommendation)),
        "referral_form": bound.get("referral_form")
        or forms.ReferralForm(initial={"referred_on": recommendation.referred_on or timezone.localdate()}),
        "response_form": bound.get("response_form") or forms.ResponseForm(),
        "step_form": bound.get("step_form") or forms.ActionPlanItemForm(officers=officer_choices(panel)),
        "update_form": bound.get("update_form") or forms.MonitoringUpdateForm(items=later),
    }
    return render(request, "scrutiny/manage/recommendation.html", context, status=status)


def _recommendation(request: HttpRequest, slug: str, number: int) -> Recommendation:
    return selectors.recommendation_or_404(slug, number, request.audience)


@require_http_methods(["GET", "POST"])
@officer_required
def recommendation(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    found = _recommendation(request, slug, number)
    if request.method == "GET":
        return _recommendation_page(request, found)
    form = _recommendation_form(found.panel, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        meeting, resolution, agenda_item, topic = _recommendation_links(found.panel, data)
        try:
            services.update_recommendation(
                found,
                by=request.user,
                version=data["version"] or 0,
                text=data["text"],
                meeting=meeting,
                addressee_kind=data["addressee_kind"],
                addressee=data["addressee"],
                resolution=resolution,
                agenda_item=agenda_item,
                topic=topic,
            )
        except Refused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Recommendation {found.number} saved.")
            return redirect("scrutiny_manage:recommendation", slug=slug, number=number)
    return _recommendation_page(request, found, edit_form=form)


def _apply(request, found, form, change, done: str, *, back: HttpResponse, page, form_name: str) -> HttpResponse:
    """One step on a record's officer page: a valid form makes the change and goes `back` with `done` said; a refused
    change or an invalid form shows the page again with `form_name` bound to the typed form and its errors."""
    if form.is_valid():
        try:
            change(found, form.cleaned_data)
        except Refused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return back
    return page(request, found, **{form_name: form})


def _recommendation_change(request, slug, number, form_name, form, change, done) -> HttpResponse:
    found = _recommendation(request, slug, number)
    back = redirect("scrutiny_manage:recommendation", slug=slug, number=number)
    return _apply(request, found, form, change, done, back=back, page=_recommendation_page, form_name=form_name)


@require_POST
@officer_required
def refer(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _recommendation_change(
        request,
        slug,
        number,
        "referral_form",
        forms.ReferralForm(request.POST),
        lambda rec, data: services.refer_recommendation(rec, by=request.user, referred_on=data["referred_on"]),
        "Referral recorded. The response is due two months after it.",
    )


@require_POST
@officer_required
def respond(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _recommendation_change(
        request,
        slug,
        number,
        "response_form",
        forms.ResponseForm(request.POST),
        lambda rec, data: services.record_response(
            rec,
            by=request.user,
            response=data["response"],
            text=data["response_text"],
            responded_on=data["responded_on"],
            responded_by=data["responded_by"],
        ),
        "Response recorded.",
    )


@require_POST
@officer_required
def add_step(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    def change(rec, data):
        owner = get_object_or_404(Officer, pk=data["owner"]) if data["owner"] else None
        services.add_action_plan_item(
            rec,
            by=request.user,
            description=data["description"],
            owner=owner,
            owner_text=data["owner_text"],
            due_on=data["due_on"],
        )

    form = forms.ActionPlanItemForm(request.POST, officers=officer_choices(_panel(slug)))
    return _recommendation_change(request, slug, number, "step_form", form, change, "Action plan step added.")


@require_POST
@officer_required
def add_update(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    found = _recommendation(request, slug, number)
    items = selectors.later_items(found.panel, found.meeting.date)

    def change(rec, data):
        item = next(item for item in items if item.pk == data["agenda_item"])
        services.add_monitoring_update(rec, by=request.user, agenda_item=item, text=data["text"])

    form = forms.MonitoringUpdateForm(request.POST, items=items)
    return _recommendation_change(request, slug, number, "update_form", form, change, "Progress update recorded.")


# --- executive decisions ------------------------------------------------------------------------------------------


@require_safe
@officer_required
def open_to_call_in(request: HttpRequest) -> HttpResponse:
    """Every decision whose call-in period is running, the soonest deadline first, across all panels."""
    return render(
        request,
        "scrutiny/manage/open_to_call_in.html",
        {"decisions": selectors.open_to_call_in(request.audience), "today": timezone.localdate()},
    )


@require_safe
@officer_required
def decisions(request: HttpRequest, slug: str) -> HttpResponse:
    panel = _panel(slug)
    return render(
        request,
        "scrutiny/manage/decisions.html",
        {"panel": panel, "decisions": selectors.panel_decisions(panel, request.audience)},
    )


def _papers(panel: Panel) -> list[Document]:
    return list(
        Document.objects.filter(meeting__panel__council_id=panel.council_id, minutes__isnull=True)
        .select_related("meeting")
        .order_by("-meeting__date", "position")[:100]
    )


@require_http_methods(["GET", "POST"])
@officer_required
def decision_add(request: HttpRequest, slug: str) -> HttpResponse:
    panel = _panel(slug)
    papers = _papers(panel)
    form = forms.DecisionForm(request.POST or None, papers=papers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.record_decision(
                panel,
                by=request.user,
                reference=data["reference"],
                title=data["title"],
                decision=data["decision"],
                decision_maker=data["decision_maker"],
                decided_on=data["decided_on"],
                reasons=data["reasons"],
                is_key_decision=data["is_key_decision"],
                alternatives=data["alternatives"],
                conflicts=data["conflicts"],
                exempt_paragraph=data["exempt_paragraph"],
                papers=[paper for paper in papers if paper.pk in data["papers"]],
            )
        except Refused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Decision recorded. Publish it to start the call-in period.")
            return redirect("scrutiny_manage:decision", slug=panel.slug, reference=made.reference)
    return render(request, "scrutiny/manage/decision_add.html", {"panel": panel, "form": form})


def _decision_page(request, decision: ExecutiveDecision, **bound) -> HttpResponse:
    panel = decision.panel
    call_in = getattr(decision, "call_in", None)
    items = selectors.later_items(panel, call_in.requested_on if call_in else decision.decided_on)
    councillors = Councillor.objects.filter(council_id=panel.council_id).order_by("surname", "initials")
    context = {
        "panel": panel,
        "decision": decision,
        "call_in": call_in,
        "rules": services.rules_for(panel.council),
        "edit_form": bound.get("edit_form")
        or forms.DecisionForm(initial=forms.DecisionForm.initial_for(decision), papers=_papers(panel)),
        "publish_form": bound.get("publish_form")
        or forms.PublishDecisionForm(initial={"published_on": timezone.localdate()}),
        "call_in_form": bound.get("call_in_form")
        or forms.CallInForm(initial={"requested_on": timezone.localdate()}, councillors=list(councillors)),
        "consideration_form": bound.get("consideration_form") or forms.ConsiderationForm(items=items),
        "outcome_form": bound.get("outcome_form") or forms.OutcomeForm(),
    }
    return render(request, "scrutiny/manage/decision.html", context)


def _decision(request: HttpRequest, slug: str, reference: str) -> ExecutiveDecision:
    return selectors.decision_or_404(slug, reference, request.audience)


@require_http_methods(["GET", "POST"])
@officer_required
def decision(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    found = _decision(request, slug, reference)
    if request.method == "GET":
        return _decision_page(request, found)
    papers = _papers(found.panel)
    form = forms.DecisionForm(request.POST, papers=papers)
    if form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.update_decision(
                found,
                by=request.user,
                version=data["version"] or 0,
                reference=data["reference"],
                title=data["title"],
                decision=data["decision"],
                decision_maker=data["decision_maker"],
                decided_on=data["decided_on"],
                reasons=data["reasons"],
                is_key_decision=data["is_key_decision"],
                alternatives=data["alternatives"],
                conflicts=data["conflicts"],
                exempt_paragraph=data["exempt_paragraph"],
                papers=[paper for paper in papers if paper.pk in data["papers"]],
            )
        except Refused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Decision saved.")
            return redirect("scrutiny_manage:decision", slug=slug, reference=saved.reference)
    return _decision_page(request, found, edit_form=form)


def _decision_change(request, slug, reference, form_name, form, change, done) -> HttpResponse:
    found = _decision(request, slug, reference)
    back = redirect("scrutiny_manage:decision", slug=slug, reference=reference)
    return _apply(request, found, form, change, done, back=back, page=_decision_page, form_name=form_name)


@require_POST
@officer_required
def publish(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    return _decision_change(
        request,
        slug,
        reference,
        "publish_form",
        forms.PublishDecisionForm(request.POST),
        lambda found, data: services.publish_decision(found, by=request.user, published_on=data["published_on"]),
        "Published. The call-in period has started.",
    )


@require_POST
@officer_required
def call_in(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    panel = _panel(slug)
    councillors = list(Councillor.objects.filter(council_id=panel.council_id).order_by("surname", "initials"))

    def change(found, data):
        chosen = [councillor for councillor in councillors if councillor.pk in data["signatories"]]
        services.request_call_in(
            found, by=request.user, requested_on=data["requested_on"], reasons=data["reasons"], signatories=chosen
        )

    form = forms.CallInForm(request.POST, councillors=councillors)
    return _decision_change(request, slug, reference, "call_in_form", form, change, "Call-in recorded.")


@require_POST
@officer_required
def consideration(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    found = _decision(request, slug, reference)
    record = getattr(found, "call_in", None)
    if record is None:
        messages.error(request, "Record the call-in first.")
        return redirect("scrutiny_manage:decision", slug=slug, reference=reference)
    items = selectors.later_items(found.panel, record.requested_on)

    def change(_, data):
        item = next(item for item in items if item.pk == data["agenda_item"])
        services.set_consideration_item(record, by=request.user, agenda_item=item)

    form = forms.ConsiderationForm(request.POST, items=items)
    return _decision_change(request, slug, reference, "consideration_form", form, change, "Agenda item linked.")


@require_POST
@officer_required
def outcome(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    def change(found, data):
        record = getattr(found, "call_in", None)
        if record is None:
            raise Refused("Record the call-in first.")
        services.record_call_in_outcome(
            record, by=request.user, outcome=data["outcome"], outcome_on=data["outcome_on"], notes=data["outcome_notes"]
        )

    form = forms.OutcomeForm(request.POST)
    return _decision_change(request, slug, reference, "outcome_form", form, change, "Outcome recorded.")
