"""Writes with rules for scrutiny's cycle: recommendations referred and answered (s9FE LGA 2000), their action
plans and monitoring, executive decisions published with a call-in period, call-ins and their outcome (s9F).

Each function runs in one transaction, locks the row it changes, takes the acting user for the history and
returns the new state. A refusal raises portal.errors.Refused with a message that tells the officer what to do."""

import datetime
from collections.abc import Iterable

from django.db.models import Max, Model
from django.utils import timezone

from meetings.models import AgendaItem, Council, Councillor, Document, Meeting, Membership, Officer, Panel
from minutes.models import Resolution
from minutes.scrutiny import clock
from minutes.scrutiny.models import (
    ActionPlanItem,
    CallIn,
    CallInRules,
    ExecutiveDecision,
    MonitoringUpdate,
    Recommendation,
)
from portal.collisions import atomic_write
from portal.errors import Refused, SaveCollided, StaleEdit
from portal.history import save_by

# Their page is out of date: the scrutiny pages reload rather than show both sides.
STALE_RECORD = (
    "Someone else saved a change to this record while you were editing, so yours was not saved. "
    "Reload the page to see their change, then make yours again."
)

writing = atomic_write(SaveCollided)


def _locked(model: type[Model], pk: int, loaded_version: int | None = None):
    row = model.objects.select_for_update().get(pk=pk)
    if loaded_version is not None and loaded_version != row.version:
        raise StaleEdit(STALE_RECORD, current=row, loaded_version=loaded_version)
    return row


def _not_after_today(day: datetime.date, what: str) -> None:
    if day > timezone.localdate():
        raise Refused(f"The {what} cannot be in the future: record it on the day it happens, or after.")


def rules_for(council: Council) -> CallInRules:
    """The council's call-in rules, or the defaults when it has recorded none."""
    return CallInRules.objects.filter(council=council).first() or CallInRules(council=council)


# --- recommendations ----------------------------------------------------------------------------------------------


def _check_sources(panel: Panel, meeting: Meeting, resolution: Resolution | None, agenda_item: AgendaItem | None):
    if meeting.panel_id != panel.pk:
        raise Refused("Choose a meeting of this panel: a recommendation is agreed at one of its meetings.")
    if resolution is not None and resolution.entry.minutes.meeting_id != meeting.pk:
        raise Refused("The resolution must be one of the minutes of the meeting that agreed it.")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise Refused("The agenda item must be one of the meeting that agreed it.")


@writing()
def record_recommendation(
    panel: Panel,
    *,
    by,
    text: str,
    meeting: Meeting,
    addressee_kind: str,
    addressee: str,
    resolution: Resolution | None = None,
    agenda_item: AgendaItem | None = None,
    topic=None,
) -> Recommendation:
    """A new recommendation of the panel, numbered after its last one."""
    _check_sources(panel, meeting, resolution, agenda_item)
    Panel.objects.select_for_update().get(pk=panel.pk)  # one number at a time
    last = Recommendation.objects.filter(panel=panel).aggregate(last=Max("number"))["last"] or 0
    return save_by(
        Recommendation(
            panel=panel,
            number=last + 1,
            text=text,
            meeting=meeting,
            resolution=resolution,
            agenda_item=agenda_item,
            topic=topic,
            addressee_kind=addressee_kind,
            addressee=addressee,
        ),
        by,
    )


@writing()
def update_recommendation(
    recommendation: Recommendation,
    *,
    by,
    version: int,
    text: str,
    meeting: Meeting,
    addressee_kind: str,
    addressee: str,
    resolution: Resolution | None = None,
    agenda_item: AgendaItem | None = None,
    topic=None,
) -> Recommendation:
    recommendation = _locked(Recommendation, recommendation.pk, version)
    recommendation.text, recommendation.meeting, recommendation.topic = text, meeting, topic
    recommendation.resolution, recommendation.agenda_item = resolution, agenda_item
    recommendation.addressee_kind, recommendation.addressee = addressee_kind, addressee
    _check_sources(recommendation.panel, recommendation.meeting, recommendation.resolution, recommendation.agenda_item)
    recommendation.version += 1
    return save_by(recommendation, by)


@writing()
def refer_recommendation(
    recommendation: Recommendation, *, by, referred_on: datetime.date, version: int | None = None
) -> Recommendation:
    """Record the day the decision-maker was given the recommendation; the response falls due two calendar months
    later (s9FE(3)-(4) LGA 2000)."""
    recommendation = _locked(Recommendation, recommendation.pk, version)
    if recommendation.response:
        raise Refused("The response has been recorded, so the day of referral can no longer change.")
    if referred_on < recommendation.meeting.date:
        raise Refused(
            f"It cannot have been referred before the panel agreed it on {recommendation.meeting.date:%-d %B %Y}."
        )
    _not_after_today(referred_on, "day of referral")
    recommendation.referred_on = referred_on
    recommendation.response_due_on = clock.response_due(referred_on)
    recommendation.version += 1
    return save_by(recommendation, by)


@writing()
def record_response(
    recommendation: Recommendation,
    *,
    by,
    response: str,
    text: str,
    responded_on: datetime.date,
    responded_by: str,
    version: int | None = None,
) -> Recommendation:
    """The decision-maker's response: accepted, partially accepted or rejected, with its text. A late response is
    recorded as given (the tracker shows it was late)."""
    recommendation = _locked(Recommendation, recommendation.pk, version)
    if recommendation.referred_on is None:
        raise Refused("Record when the recommendation was referred first: a response answers a referral.")
    if response not in Recommendation.Response.values:
        raise Refused("Choose accepted, partially accepted or rejected.")
    if responded_on < recommendation.referred_on:
        raise Refused(f"The response cannot come before the referral of {recommendation.referred_on:%-d %B %Y}.")
    _not_after_today(responded_on, "day of the response")
    recommendation.response = response
    recommendation.response_text = text
    recommendation.responded_on = responded_on
    recommendation.responded_by = responded_by
    recommendation.version += 1
    return save_by(recommendation, by)


@writing()
def add_action_plan_item(
    recommendation: Recommendation,
    *,
    by,
    description: str,
    owner: Officer | None = None,
    owner_text: str = "",
    due_on: datetime.date | None = None,
    completed_on: datetime.date | None = None,
) -> ActionPlanItem:
    recommendation = _locked(Recommendation, recommendation.pk)
    if recommendation.response not in {Recommendation.Response.ACCEPTED, Recommendation.Response.PARTIALLY_ACCEPTED}:
        raise Refused("An action plan follows a response that accepts the recommendation, in whole or in part.")
    if not owner and not owner_text:
        raise Refused("Say who owns the action: an officer, or a name.")
    position = (recommendation.action_plan.aggregate(last=Max("position"))["last"] or 0) + 1
    return save_by(
        ActionPlanItem(
            recommendation=recommendation,
            position=position,
            description=description,
            owner=owner,
            owner_text=owner_text,
            due_on=due_on,
            completed_on=completed_on,
        ),
        by,
    )


@writing()
def add_monitoring_update(
    recommendation: Recommendation, *, by, agenda_item: AgendaItem, text: str
) -> MonitoringUpdate:
    """Progress reported at a later meeting of the panel, linked to the agenda item that took it."""
    recommendation = _locked(Recommendation, recommendation.pk)
    meeting = agenda_item.meeting
    if meeting.panel_id != recommendation.panel_id or meeting.date <= recommendation.meeting.date:
        raise Refused("Choose an agenda item of a later meeting of the panel: that is where progress is reported.")
    return save_by(MonitoringUpdate(recommendation=recommendation, agenda_item=agenda_item, text=text), by)


# --- executive decisions and call-in ------------------------------------------------------------------------------


@writing()
def record_decision(
    panel: Panel,
    *,
    by,
    reference: str,
    title: str,
    decision: str,
    decision_maker: str,
    decided_on: datetime.date,
    reasons: str,
    is_key_decision: bool = False,
    alternatives: str = "",
    conflicts: str = "",
    exempt_paragraph: int | None = None,
    papers: Iterable[Document] = (),
) -> ExecutiveDecision:
    """An executive decision, as the decision-maker recorded it, and the papers it was taken on."""
    if ExecutiveDecision.objects.filter(panel=panel, reference=reference).exists():
        raise Refused("Another decision has this reference: give each decision its own.")
    made = ExecutiveDecision(
        panel=panel,
        reference=reference,
        title=title,
        decision=decision,
        decision_maker=decision_maker,
        decided_on=decided_on,
        reasons=reasons,
        is_key_decision=is_key_decision,
        alternatives=alternatives,
        conflicts=conflicts,
        exempt_paragraph=exempt_paragraph,
    )
    save_by(made, by)
    made.papers.set(papers)
    return made


@writing()
def update_decision(
    record: ExecutiveDecision,
    *,
    by,
    version: int,
    reference: str,
    title: str,
    decision: str,
    decision_maker: str,
    decided_on: datetime.date,
    reasons: str,
    is_key_decision: bool = False,
    alternatives: str = "",
    conflicts: str = "",
    exempt_paragraph: int | None = None,
    papers: Iterable[Document] | None = None,
) -> ExecutiveDecision:
    """Correct the record of a decision (`papers`: the papers it was taken on, if they change)."""
    record = _locked(ExecutiveDecision, record.pk, version)
    if ExecutiveDecision.objects.filter(panel_id=record.panel_id, reference=reference).exclude(pk=record.pk).exists():
        raise Refused("Another decision has this reference: give each decision its own.")
    record.reference, record.title, record.decision = reference, title, decision
    record.decision_maker, record.decided_on, record.reasons = decision_maker, decided_on, reasons
    record.is_key_decision, record.alternatives, record.conflicts = is_key_decision, alternatives, conflicts
    record.exempt_paragraph = exempt_paragraph
    if record.published_on and record.decided_on > record.published_on:
        raise Refused("A decision cannot be published before the day it was taken.")
    record.version += 1
    save_by(record, by)
    if papers is not None:
        record.papers.set(papers)
    return record


@writing()
def publish_decision(decision: ExecutiveDecision, *, by, published_on: datetime.date) -> ExecutiveDecision:
    """Publish the decision: it may be called in until the end of the council's number of working days after
    publication (five unless its constitution says otherwise), and not implemented before then."""
    decision = _locked(ExecutiveDecision, decision.pk)
    if decision.status != ExecutiveDecision.Status.DRAFT:
        raise Refused("This decision has already been published.")
    if published_on < decision.decided_on:
        raise Refused(f"It cannot be published before it was taken, on {decision.decided_on:%-d %B %Y}.")
    _not_after_today(published_on, "day of publication")
    rules = rules_for(decision.panel.council)
    decision.published_on = published_on
    decision.call_in_deadline = clock.call_in_deadline(published_on, rules.working_days)
    decision.status = ExecutiveDecision.Status.PUBLISHED
    decision.version += 1
    return save_by(decision, by)


def signatory_problems(panel: Panel, signatories: list[Councillor], on: datetime.date) -> list[str]:
    """Why these members cannot call in a decision of the panel on `on`: too few, or not holding a seat on it."""
    problems = []
    required = rules_for(panel.council).members_required
    if len(set(signatories)) < required:
        problems.append(
            f"A call-in needs {required} members of the panel to sign it; {len(set(signatories))} signed. "
            "Add the other signatories."
        )
    seated = set(
        Membership.objects.filter(panel=panel, councillor__in=signatories)
        .serving_on(on)
        .values_list("councillor_id", flat=True)
    )
    outside = sorted(c.short_name for c in signatories if c.pk not in seated)
    if outside:
        problems.append(
            f"Not members of the {panel.name} on {on:%-d %B %Y}: Councillor {', Councillor '.join(outside)}. "
            "Only members of the panel on the day of the request may sign it."
        )
    return problems


@writing()
def request_call_in(
    decision: ExecutiveDecision, *, by, requested_on: datetime.date, reasons: str, signatories: list[Councillor]
) -> CallIn:
    """s9F(2)(a)/(4)(a): members of the panel ask for a decision made but not implemented to be reconsidered.
    Refused after the call-in deadline, before publication, without reasons or the required signatories."""
    decision = _locked(ExecutiveDecision, decision.pk)
    if decision.status == ExecutiveDecision.Status.DRAFT:
        raise Refused("Only a published decision can be called in.")
    if CallIn.objects.filter(decision=decision).exists():
        raise Refused("This decision has already been called in.")
    if requested_on < decision.published_on:
        raise Refused(f"A call-in cannot come before the decision was published ({decision.published_on:%-d %B %Y}).")
    if requested_on > decision.call_in_deadline:
        raise Refused(
            f"The call-in period ended on {decision.call_in_deadline:%-d %B %Y}: the decision may now be implemented."
        )
    _not_after_today(requested_on, "day of the request")
    if not reasons.strip():
        raise Refused("Give the reasons for the call-in.")
    problems = signatory_problems(decision.panel, signatories, requested_on)
    if problems:
        raise Refused(" ".join(problems))
    call_in = save_by(CallIn(decision=decision, requested_on=requested_on, reasons=reasons), by)
    call_in.signatories.set(signatories)
    decision.status = ExecutiveDecision.Status.CALLED_IN
    decision.version += 1
    save_by(decision, by)
    return call_in


@writing()
def set_consideration_item(call_in: CallIn, *, by, agenda_item: AgendaItem | None) -> CallIn:
    call_in = CallIn.objects.select_for_update(of=("self",)).select_related("decision").get(pk=call_in.pk)
    if agenda_item is not None and (
        agenda_item.meeting.panel_id != call_in.decision.panel_id or agenda_item.meeting.date < call_in.requested_on
    ):
        raise Refused("Choose an agenda item of a meeting of the panel held on or after the call-in request.")
    call_in.consideration_item = agenda_item
    return save_by(call_in, by)


OUTCOME_STATUS = {
    CallIn.Outcome.NO_FURTHER_ACTION: ExecutiveDecision.Status.NO_FURTHER_ACTION,
    CallIn.Outcome.REFERRED_BACK: ExecutiveDecision.Status.REFERRED_BACK,
    CallIn.Outcome.REFERRED_TO_COUNCIL: ExecutiveDecision.Status.REFERRED_TO_COUNCIL,
}


@writing()
def record_call_in_outcome(call_in: CallIn, *, by, outcome: str, outcome_on: datetime.date, notes: str = "") -> CallIn:
    """What the panel decided on the call-in (s9F(4)(a): refer it back for reconsideration; s9F(4)(b) via the
    authority: refer it to full Council; or take no further action). The decision's status follows."""
    call_in = (
        CallIn.objects.select_for_update(of=("self",))
        .select_related("decision", "consideration_item__meeting")
        .get(pk=call_in.pk)
    )
    if outcome not in OUTCOME_STATUS:
        raise Refused("Choose the outcome: no further action, referred back, or referred to full Council.")
    if call_in.consideration_item is None:
        raise Refused("Link the agenda item of the meeting that considered the call-in first.")
    if outcome_on < call_in.consideration_item.meeting.date:
        raise Refused("The outcome cannot come before the meeting that considered the call-in.")
    _not_after_today(outcome_on, "day of the outcome")
    call_in.outcome, call_in.outcome_on, call_in.outcome_notes = outcome, outcome_on, notes
    save_by(call_in, by)
    decision = _locked(ExecutiveDecision, call_in.decision_id)
    decision.status = OUTCOME_STATUS[outcome]
    decision.version += 1
    save_by(decision, by)
    return call_in
