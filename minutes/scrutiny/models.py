"""Scrutiny's own cycle: the recommendations a panel makes and the executive's answer to them (s9FE Local
Government Act 2000), their action plans and monitoring, and executive decisions with their call-in (s9F)."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from meetings.audience import Audience
from meetings.models import (
    EXEMPT_PARAGRAPH_CHOICES,
    AgendaItem,
    Council,
    Councillor,
    Document,
    Meeting,
    Officer,
    Panel,
    WorkProgrammeTopic,
    exempt_paragraph_validators,
)
from minutes.models import Resolution
from minutes.scrutiny import clock
from minutes.scrutiny.querysets import ExecutiveDecisionQuerySet, MonitoringUpdateQuerySet, RecommendationQuerySet


class CallInRules(models.Model):
    """A council's call-in rules, from its constitution: how many working days after publication a decision may
    be called in, and how many members must sign the request. Without a row the defaults apply."""

    council = models.OneToOneField(Council, on_delete=models.CASCADE, related_name="call_in_rules")
    working_days = models.PositiveSmallIntegerField(
        default=clock.DEFAULT_CALL_IN_WORKING_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="Working days after a decision is published in which it may be called in.",
    )
    members_required = models.PositiveSmallIntegerField(
        default=clock.DEFAULT_CALL_IN_MEMBERS,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="Members of the scrutiny panel who must sign a call-in request.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "call-in rules"
        verbose_name_plural = "call-in rules"

    def __str__(self) -> str:
        return f"Call-in rules: {self.council}"


class Recommendation(models.Model):
    class Addressee(models.TextChoices):
        EXECUTIVE = "executive", "The Executive"
        EXECUTIVE_MEMBER = "executive_member", "An Executive Member"
        COUNCIL = "council", "Full Council"
        PARTNER = "partner", "A partner body"
        COMMITTEE = "committee", "Another committee or board"

    class Response(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        PARTIALLY_ACCEPTED = "partially_accepted", "Partially accepted"
        REJECTED = "rejected", "Rejected"

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="recommendations")
    number = models.PositiveSmallIntegerField(help_text="The panel's running number for it.")
    text = models.TextField(help_text='What the panel recommends: "That the Executive ...".')
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="recommendations", help_text="The meeting that agreed it."
    )
    resolution = models.ForeignKey(
        Resolution, on_delete=models.SET_NULL, null=True, blank=True, related_name="recommendations"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        help_text="The item it arose from (a review's final report, for example).",
    )
    topic = models.ForeignKey(
        WorkProgrammeTopic, on_delete=models.SET_NULL, null=True, blank=True, related_name="recommendations"
    )
    addressee_kind = models.CharField(max_length=20, choices=Addressee.choices, default=Addressee.EXECUTIVE)
    addressee = models.CharField(max_length=300, help_text='Who it goes to, as named: "the Executive Member for ...".')
    referred_on = models.DateField(null=True, blank=True, help_text="The day the decision-maker was given it.")
    response_due_on = models.DateField(null=True, blank=True, editable=False)
    response = models.CharField(max_length=20, choices=Response.choices, blank=True)
    response_text = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    responded_by = models.CharField(max_length=300, blank=True, help_text="Who gave the response.")
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()
    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["panel", "number"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "number"], name="recommendation_number_unique_per_panel"),
            models.CheckConstraint(
                condition=models.Q(response="") | models.Q(referred_on__isnull=False, responded_on__isnull=False),
                name="recommendation_response_after_referral",
            ),
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("scrutiny:recommendation_detail", kwargs={"slug": self.panel.slug, "number": self.number})

    @property
    def is_exempt(self) -> bool:
        """Twin of `recommendation_exempt_q` (agenda item, resolution, minute entry and its item loaded)."""
        if self.agenda_item_id and self.agenda_item.is_exempt:
            return True
        return self.resolution_id is not None and self.resolution.entry.is_exempt

    @property
    def is_published(self) -> bool:
        if self.referred_on is None:
            return False
        return self.resolution_id is None or self.resolution.entry.minutes.is_public

    def is_visible_to(self, audience: Audience) -> bool:
        return audience.may_read(self.meeting, published=self.is_published, exempt=self.is_exempt)

    @property
    def is_statutory(self) -> bool:
        """s9FE applies to reports and recommendations made to the executive or the authority."""
        statutory = {self.Addressee.EXECUTIVE, self.Addressee.EXECUTIVE_MEMBER, self.Addressee.COUNCIL}
        return self.addressee_kind in statutory

    @property
    def status(self) -> str:
        if self.referred_on is None:
            return "draft"
        return self.response or "awaiting"

    @property
    def status_label(self) -> str:
        if self.referred_on is None:
            return "Not yet referred"
        return self.get_response_display() if self.response else "Awaiting response"

    def is_overdue_on(self, today: datetime.date) -> bool:
        """Twin of `Recommendation.objects.overdue(today)`."""
        return self.status == "awaiting" and self.response_due_on is not None and self.response_due_on < today

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())

    @property
    def answered_late(self) -> bool:
        return bool(self.response) and self.responded_on > self.response_due_on

    @property
    def days_left(self) -> int | None:
        """Days until the response is due (negative once overdue); None when not awaiting a response."""
        if self.status != "awaiting" or self.response_due_on is None:
            return None
        return (self.response_due_on - timezone.localdate()).days


class ActionPlanItem(models.Model):
    """One step of the decision-maker's plan to carry out an accepted recommendation."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="action_plan")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.TextField()
    owner = models.ForeignKey(Officer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    owner_text = models.CharField(max_length=200, blank=True, help_text="Who, when not an officer on record.")
    due_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "position", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def owner_name(self) -> str:
        return self.owner.name_and_title if self.owner_id else self.owner_text


class MonitoringUpdate(models.Model):
    """Progress on a recommendation reported to the panel at a later meeting."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="monitoring_updates")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="monitoring_updates")
    text = models.TextField()

    history = HistoricalRecords()
    objects = MonitoringUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["recommendation", "agenda_item__meeting__date", "pk"]

    def __str__(self) -> str:
        return f"Update on {self.recommendation}"

    def is_visible_to(self, audience: Audience) -> bool:
        item = self.agenda_item
        return self.recommendation.is_visible_to(audience) and audience.may_read(
            item.meeting, published=item.published_at is not None, exempt=item.is_exempt
        )


class ExecutiveDecision(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Not yet published"
        PUBLISHED = "published", "Published"
        CALLED_IN = "called_in", "Called in"
        NO_FURTHER_ACTION = "no_further_action", "Called in: no further action, may be implemented"
        REFERRED_BACK = "referred_back", "Called in: referred back to the decision-maker"
        REFERRED_TO_COUNCIL = "referred_to_council", "Called in: referred to full Council"

    panel = models.ForeignKey(
        Panel, on_delete=models.PROTECT, related_name="executive_decisions", help_text="The panel that may call it in."
    )
    reference = models.SlugField(max_length=60, help_text='The decision\'s reference, for its address: "ed-2021-14".')
    title = models.CharField(max_length=300, help_text="What was decided, in a line.")
    decision = models.TextField(help_text="The decision as recorded.")
    decision_maker = models.CharField(max_length=300, help_text='By whom: "the Executive", "the Executive Member ...".')
    decided_on = models.DateField()
    is_key_decision = models.BooleanField(default=False)
    reasons = models.TextField()
    alternatives = models.TextField(blank=True, help_text="Alternative options considered and rejected.")
    conflicts = models.TextField(blank=True, help_text="Conflicts of interest declared, and dispensations granted.")
    papers = models.ManyToManyField(Document, blank=True, related_name="executive_decisions")
    exempt_paragraph = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=EXEMPT_PARAGRAPH_CHOICES, validators=exempt_paragraph_validators
    )
    published_on = models.DateField(null=True, blank=True)
    call_in_deadline = models.DateField(null=True, blank=True, editable=False)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()
    objects = ExecutiveDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "reference"], name="decision_reference_unique_per_panel"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("scrutiny:decision_detail", kwargs={"slug": self.panel.slug, "reference": self.reference})

    @property
    def is_exempt(self) -> bool:
        """Twin of `decision_exempt_q` (papers with their agenda items loaded)."""
        return self.exempt_paragraph is not None or any(paper.is_exempt for paper in self.papers.all())

    def considering_meeting(self) -> Meeting | None:
        call_in = getattr(self, "call_in", None)
        if call_in is None or call_in.consideration_item_id is None:
            return None
        return call_in.consideration_item.meeting

    def is_visible_to(self, audience: Audience) -> bool:
        meeting = self.considering_meeting()
        if meeting is None:
            # No meeting to read it at: exempt decisions are then for officers only.
            return audience.is_officer or (self.published_on is not None and not self.is_exempt)
        return audience.may_read(meeting, published=self.published_on is not None, exempt=self.is_exempt)

    def is_open_to_call_in_on(self, today: datetime.date) -> bool:
        deadline = self.call_in_deadline
        return self.status == self.Status.PUBLISHED and deadline is not None and today <= deadline

    @property
    def is_open_to_call_in(self) -> bool:
        return self.is_open_to_call_in_on(timezone.localdate())

    @property
    def status_label(self) -> str:
        if self.status == self.Status.PUBLISHED:
            return "Open to call-in" if self.is_open_to_call_in else "Call-in period over: may be implemented"
        return self.get_status_display()


class CallIn(models.Model):
    """A request by members of the panel to call in a decision before it is implemented (s9F(4)(a))."""

    class Outcome(models.TextChoices):
        NO_FURTHER_ACTION = "no_further_action", "No further action"
        REFERRED_BACK = "referred_back", "Referred back to the decision-maker"
        REFERRED_TO_COUNCIL = "referred_to_council", "Referred to full Council"

    decision = models.OneToOneField(ExecutiveDecision, on_delete=models.CASCADE, related_name="call_in")
    requested_on = models.DateField()
    reasons = models.TextField()
    signatories = models.ManyToManyField(Councillor, related_name="call_ins")
    consideration_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="call_ins"
    )
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    outcome_notes = models.TextField(blank=True)

    history = HistoricalRecords(m2m_fields=[signatories])

    def __str__(self) -> str:
        return f"Call-in of {self.decision}"
