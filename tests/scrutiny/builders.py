"""Builders for scrutiny's records, on top of tests.factories."""

import datetime

from django.utils import timezone

from meetings.models import Councillor, Membership
from meetings.municipal_year import MunicipalYear
from minutes.scrutiny import services
from minutes.scrutiny.models import ExecutiveDecision, Recommendation
from tests import factories


def past_meeting(panel, days_ago: int = 90, **fields):
    """A meeting about `days_ago` days ago (the first free day before that)."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    while panel.meetings.filter(date=day).exists():
        day -= datetime.timedelta(days=1)
    return factories.meeting(panel, date=day, **fields)


def recommendation(panel, *, meeting=None, by=None, referred_days_ago: int | None = 60, **fields) -> Recommendation:
    meeting = meeting or past_meeting(panel)
    rec = services.record_recommendation(
        panel,
        by=by,
        text=fields.pop("text", "That the Executive reviews the fostering allowances."),
        meeting=meeting,
        addressee_kind=fields.pop("addressee_kind", Recommendation.Addressee.EXECUTIVE),
        addressee=fields.pop("addressee", "The Executive"),
        **fields,
    )
    if referred_days_ago is not None:
        rec = services.refer_recommendation(
            rec, by=by, referred_on=timezone.localdate() - datetime.timedelta(days=referred_days_ago)
        )
    return rec


def decision(panel, *, by=None, published_days_ago: int | None = 1, **fields) -> ExecutiveDecision:
    today = timezone.localdate()
    defaults = {
        "reference": f"ed-{ExecutiveDecision.objects.count() + 1}",
        "title": "Closure of the Grove Hill children's home",
        "decision": "That the home closes on 1 March.",
        "decision_maker": "The Executive",
        "decided_on": today - datetime.timedelta(days=(published_days_ago or 0) + 2),
        "is_key_decision": True,
        "reasons": "The building is no longer fit for purpose.",
    }
    made = services.record_decision(panel, by=by, **(defaults | fields))
    if published_days_ago is not None:
        made = services.publish_decision(made, by=by, published_on=today - datetime.timedelta(days=published_days_ago))
    return made


def members(panel, count: int, *, year: int | None = None) -> list[Councillor]:
    year = year or MunicipalYear.containing(timezone.localdate()).start_year
    found = []
    for n in range(count):
        councillor = Councillor.objects.create(
            council=panel.council, slug=f"{panel.slug}-signatory-{n}", initials="S", surname=f"Signatory{n}"
        )
        Membership.objects.create(panel=panel, councillor=councillor, municipal_year=year, position=10 + n)
        found.append(councillor)
    return found
