"""Forms for the officers' recommendation and decision pages. Each validates what a user can send and says
what to do; the rules that need the database (dates against the referral, signatories' seats) are the
services', whose refusals the views show on the form."""

import datetime

from django import forms
from django.utils import timezone

from meetings.models import EXEMPT_PARAGRAPHS
from minutes.forms import DueDateField, VersionField
from minutes.scrutiny.models import CallIn, Recommendation


class DayField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    input_formats = DueDateField.input_formats

    def __init__(self, *, what: str, **kwargs):
        super().__init__(
            error_messages={
                "required": f"Enter the {what}.",
                "invalid": f"Enter a real date for the {what}, for example 28/7/2021.",
            },
            **kwargs,
        )


class ScrutinyForm(forms.Form):
    """Several of these forms share a page: each gives its fields ids of its own."""

    id_prefix = "form"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


def _not_in_future(day: datetime.date | None, what: str) -> datetime.date | None:
    if day is not None and day > timezone.localdate():
        raise forms.ValidationError(f"The {what} cannot be in the future.")
    return day


def _choices(rows, label, empty: str | None = None) -> list[tuple]:
    choices = [(row.pk, label(row)) for row in rows]
    return ([("", empty)] if empty is not None else []) + choices


class RecommendationForm(ScrutinyForm):
    id_prefix = "recommendation"

    text = forms.CharField(
        label="Recommendation",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the recommendation, as agreed."},
    )
    meeting = forms.TypedChoiceField(
        label="Agreed at the meeting of", coerce=int, error_messages={"required": "Choose the meeting that agreed it."}
    )
    resolution = forms.TypedChoiceField(label="From the resolution", coerce=int, required=False, empty_value=None)
    agenda_item = forms.TypedChoiceField(
        label="Or from the agenda item",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="A review's final report, for example. An exempt item keeps the recommendation from the public.",
    )
    topic = forms.TypedChoiceField(label="Work programme topic", coerce=int, required=False, empty_value=None)
    addressee_kind = forms.ChoiceField(label="Addressed to", choices=Recommendation.Addressee.choices)
    addressee = forms.CharField(
        label="Decision-maker, as named",
        max_length=300,
        error_messages={"required": "Name who the recommendation goes to, for example “the Executive”."},
    )
    version = VersionField(required=False)

    def __init__(self, *args, meetings, resolutions, items, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = _choices(meetings, lambda m: f"{m.date:%-d %B %Y}", "Choose a meeting")
        self.fields["resolution"].choices = _choices(
            resolutions,
            lambda r: f"{r.entry.minutes.meeting.date:%-d %B %Y}: {r.text[:90]}",
            "Not from a resolution in the minutes",
        )
        self.fields["agenda_item"].choices = _choices(
            items, lambda i: f"{i.meeting.date:%-d %B %Y}, item {i.number}: {i.title[:80]}", "Not from an agenda item"
        )
        self.fields["topic"].choices = _choices(topics, lambda t: t.title[:100], "No topic")

    @staticmethod
    def initial_for(recommendation: Recommendation) -> dict:
        return {
            "text": recommendation.text,
            "meeting": recommendation.meeting_id,
            "resolution": recommendation.resolution_id,
            "agenda_item": recommendation.agenda_item_id,
            "topic": recommendation.topic_id,
            "addressee_kind": recommendation.addressee_kind,
            "addressee": recommendation.addressee,
            "version": recommendation.version,
        }


class ReferralForm(ScrutinyForm):
    id_prefix = "referral"

    referred_on = DayField(what="day it was referred to the decision-maker", label="Referred on")

    def clean_referred_on(self):
        return _not_in_future(self.cleaned_data["referred_on"], "day of referral")


class ResponseForm(ScrutinyForm):
    id_prefix = "response"

    response = forms.ChoiceField(
        label="Response",
        choices=Recommendation.Response.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the recommendation was accepted, partially accepted or rejected."},
    )
    response_text = forms.CharField(
        label="What the response says",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the text of the response."},
    )
    responded_on = DayField(what="day of the response", label="Responded on")
    responded_by = forms.CharField(
        label="Responded by",
        max_length=300,
        error_messages={"required": "Say who responded, for example “the Executive Member for Children’s Services”."},
    )

    def clean_responded_on(self):
        return _not_in_future(self.cleaned_data["responded_on"], "day of the response")


class ActionPlanItemForm(ScrutinyForm):
    id_prefix = "step"

    description = forms.CharField(
        label="Action", widget=forms.Textarea(attrs={"rows": 2}), error_messages={"required": "Describe the action."}
    )
    owner = forms.TypedChoiceField(label="Owner (officer)", coerce=int, required=False, empty_value=None)
    owner_text = forms.CharField(label="Or owner, if not an officer on record", required=False, max_length=200)
    due_on = DueDateField(label="Due by", required=False)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Not an officer on record"), *officers]

    def clean(self):
        data = super().clean()
        if not data.get("owner") and not data.get("owner_text"):
            self.add_error("owner_text", "Say who owns the action: choose an officer or write a name.")
        return data


class MonitoringUpdateForm(ScrutinyForm):
    id_prefix = "update"

    agenda_item = forms.TypedChoiceField(
        label="Reported at", coerce=int, error_messages={"required": "Choose the agenda item that took the update."}
    )
    text = forms.CharField(
        label="Progress reported",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what progress was reported."},
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].choices = _choices(
            items, lambda i: f"{i.meeting.date:%-d %B %Y}, item {i.number}: {i.title[:80]}", "Choose an agenda item"
        )


class DecisionForm(ScrutinyForm):
    id_prefix = "decision"

    reference = forms.SlugField(
        label="Reference",
        max_length=60,
        help_text="Letters, numbers and hyphens, for its address: ed-2021-14.",
        error_messages={
            "required": "Give the decision a reference.",
            "invalid": "Use only letters, numbers and hyphens in the reference, for example ed-2021-14.",
        },
    )
    title = forms.CharField(label="What was decided, in a line", max_length=300)
    decision = forms.CharField(label="The decision", widget=forms.Textarea(attrs={"rows": 3}))
    decision_maker = forms.CharField(label="Taken by", max_length=300)
    decided_on = DayField(what="day the decision was taken", label="Taken on")
    is_key_decision = forms.BooleanField(label="A key decision", required=False)
    reasons = forms.CharField(label="Reasons", widget=forms.Textarea(attrs={"rows": 3}))
    alternatives = forms.CharField(
        label="Alternatives considered and rejected", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    conflicts = forms.CharField(
        label="Conflicts of interest declared", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    papers = forms.TypedMultipleChoiceField(
        label="Papers",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="An exempt paper keeps the whole decision record from the public.",
    )
    exempt_paragraph = forms.TypedChoiceField(
        label="Exempt information",
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "Not exempt")] + [(n, f"Exempt: paragraph {n} of Schedule 12A") for n in EXEMPT_PARAGRAPHS],
    )
    version = VersionField(required=False)

    def __init__(self, *args, papers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["papers"].choices = _choices(papers, lambda d: f"{d.meeting.date:%-d %B %Y}: {d.title[:90]}")
        for name in ("title", "decision", "decision_maker", "reasons"):
            self.fields[name].error_messages["required"] = f"Fill in “{self.fields[name].label}”."

    def clean_decided_on(self):
        return _not_in_future(self.cleaned_data["decided_on"], "day the decision was taken")

    @staticmethod
    def initial_for(decision) -> dict:
        fields = ("reference", "title", "decision", "decision_maker", "decided_on", "is_key_decision", "reasons")
        fields += ("alternatives", "conflicts", "exempt_paragraph", "version")
        return {name: getattr(decision, name) for name in fields} | {
            "papers": [paper.pk for paper in decision.papers.all()]
        }


class PublishDecisionForm(ScrutinyForm):
    id_prefix = "publish"

    published_on = DayField(what="day the decision was published", label="Published on")

    def clean_published_on(self):
        return _not_in_future(self.cleaned_data["published_on"], "day of publication")


class CallInForm(ScrutinyForm):
    id_prefix = "call-in"

    requested_on = DayField(what="day of the call-in request", label="Requested on")
    reasons = forms.CharField(
        label="Reasons for the call-in",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the members’ reasons for calling the decision in."},
    )
    signatories = forms.TypedMultipleChoiceField(
        label="Signed by",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Tick the members who signed the request."},
    )

    def __init__(self, *args, councillors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signatories"].choices = _choices(councillors, lambda c: f"Councillor {c.short_name}")

    def clean_requested_on(self):
        return _not_in_future(self.cleaned_data["requested_on"], "day of the request")


class ConsiderationForm(ScrutinyForm):
    id_prefix = "consideration"

    agenda_item = forms.TypedChoiceField(
        label="Considered at", coerce=int, error_messages={"required": "Choose the agenda item that considers it."}
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].choices = _choices(
            items, lambda i: f"{i.meeting.date:%-d %B %Y}, item {i.number}: {i.title[:80]}", "Choose an agenda item"
        )


class OutcomeForm(ScrutinyForm):
    id_prefix = "outcome"

    outcome = forms.ChoiceField(
        label="Outcome",
        choices=CallIn.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome of the call-in."},
    )
    outcome_on = DayField(what="day of the outcome", label="Decided on")
    outcome_notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean_outcome_on(self):
        return _not_in_future(self.cleaned_data["outcome_on"], "day of the outcome")
