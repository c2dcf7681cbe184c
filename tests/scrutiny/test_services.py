"""The rules the services enforce: referral and response dates, call-in deadline and signatories, outcomes."""

import datetime

import pytest
from django.utils import timezone

from meetings.models import Council, Councillor, Membership
from meetings.municipal_year import MunicipalYear
from minutes.scrutiny import services
from minutes.scrutiny.models import CallIn, CallInRules, ExecutiveDecision, Recommendation
from portal.errors import Refused, StaleEdit
from tests import factories
from tests.scrutiny import builders

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_recommendations_are_numbered_per_panel(officer_user):
    panel, other = factories.panel(), factories.panel()
    first = builders.recommendation(panel, by=officer_user)
    second = builders.recommendation(panel, by=officer_user)
    elsewhere = builders.recommendation(other, by=officer_user)
    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)
    assert first.history.first().history_user == officer_user


def test_referral_sets_the_two_month_due_date_and_awaits_a_response():
    rec = builders.recommendation(factories.panel(), referred_days_ago=None)
    assert rec.status == "draft" and rec.response_due_on is None
    referred = TODAY() - datetime.timedelta(days=3)
    rec = services.refer_recommendation(rec, by=None, referred_on=referred)
    assert rec.response_due_on == services.clock.response_due(referred)
    assert rec.status == "awaiting" and not rec.is_overdue and rec.days_left > 50


def test_referral_before_the_meeting_or_in_the_future_is_refused():
    rec = builders.recommendation(factories.panel(), referred_days_ago=None)
    with pytest.raises(Refused, match="before the panel agreed it"):
        services.refer_recommendation(rec, by=None, referred_on=rec.meeting.date - datetime.timedelta(days=1))
    with pytest.raises(Refused, match="future"):
        services.refer_recommendation(rec, by=None, referred_on=TODAY() + datetime.timedelta(days=1))


def test_an_unanswered_recommendation_is_overdue_after_two_months():
    panel = factories.panel()
    late = builders.recommendation(panel, referred_days_ago=70)
    on_time = builders.recommendation(panel, referred_days_ago=10)
    assert late.is_overdue and late.days_left < 0
    assert not on_time.is_overdue
    assert list(Recommendation.objects.filter(panel=panel).overdue()) == [late]
    for rec in (late, on_time):
        assert rec.is_overdue_on(TODAY()) == Recommendation.objects.overdue(TODAY()).filter(pk=rec.pk).exists()


def test_a_late_response_is_recorded_and_shown_as_late():
    rec = builders.recommendation(factories.panel(), referred_days_ago=70)
    rec = services.record_response(
        rec, by=None, response="partially_accepted", text="Agreed in part.", responded_on=TODAY(), responded_by="Exec"
    )
    assert rec.status == "partially_accepted" and rec.answered_late and not rec.is_overdue
    assert not Recommendation.objects.filter(pk=rec.pk).overdue().exists()


def test_a_response_needs_a_referral_and_cannot_come_before_it():
    panel = factories.panel()
    draft = builders.recommendation(panel, referred_days_ago=None)
    with pytest.raises(Refused, match="referred first"):
        services.record_response(draft, by=None, response="accepted", text="", responded_on=TODAY(), responded_by="")
    rec = builders.recommendation(panel, referred_days_ago=5)
    with pytest.raises(Refused, match="cannot come before the referral"):
        services.record_response(
            rec,
            by=None,
            response="accepted",
            text="",
            responded_on=TODAY() - datetime.timedelta(days=6),
            responded_by="",
        )


def test_stale_versions_are_refused():
    rec = builders.recommendation(factories.panel())
    details = {
        "text": rec.text,
        "meeting": rec.meeting,
        "addressee_kind": rec.addressee_kind,
        "resolution": rec.resolution,
        "agenda_item": rec.agenda_item,
        "topic": rec.topic,
    }
    saved = services.update_recommendation(
        rec, by=None, version=rec.version, addressee="Executive Member for Children", **details
    )
    assert (saved.addressee, saved.version) == ("Executive Member for Children", rec.version + 1)
    with pytest.raises(StaleEdit):
        services.update_recommendation(rec, by=None, version=rec.version, addressee="Someone else", **details)


def test_action_plans_follow_acceptance_and_updates_come_from_later_meetings():
    panel = factories.panel()
    rec = builders.recommendation(panel)
    with pytest.raises(Refused, match="accepts"):
        services.add_action_plan_item(rec, by=None, description="Review", owner_text="Director")
    services.record_response(rec, by=None, response="accepted", text="Yes", responded_on=TODAY(), responded_by="Exec")
    with pytest.raises(Refused, match="who owns"):
        services.add_action_plan_item(rec, by=None, description="Review")
    step = services.add_action_plan_item(rec, by=None, description="Review", owner_text="Director", due_on=TODAY())
    assert step.position == 1
    earlier = factories.item(builders.past_meeting(panel, days_ago=200))
    with pytest.raises(Refused, match="later meeting"):
        services.add_monitoring_update(rec, by=None, agenda_item=earlier, text="x")
    later = factories.item(factories.meeting(panel))
    assert services.add_monitoring_update(rec, by=None, agenda_item=later, text="On track").agenda_item == later


# --- decisions and call-in ----------------------------------------------------------------------------------------


def test_publication_sets_the_call_in_deadline_from_the_councils_rules():
    panel = factories.panel()
    made = builders.decision(panel, published_days_ago=None)
    published = TODAY() - datetime.timedelta(days=1)
    made = services.publish_decision(made, by=None, published_on=published)
    assert made.call_in_deadline == services.clock.call_in_deadline(published, 5)
    CallInRules.objects.create(council=panel.council, working_days=3)
    other = builders.decision(panel, published_days_ago=1)
    assert other.call_in_deadline == services.clock.call_in_deadline(published, 3)


def test_decision_cannot_be_published_before_it_was_taken():
    made = builders.decision(factories.panel(), published_days_ago=None)
    with pytest.raises(Refused, match="before it was taken"):
        services.publish_decision(made, by=None, published_on=made.decided_on - datetime.timedelta(days=1))


def test_call_in_by_the_required_members_within_the_period():
    panel = factories.panel()
    made = builders.decision(panel)
    signatories = builders.members(panel, 3)
    call_in = services.request_call_in(
        made, by=None, requested_on=TODAY(), reasons="Not consulted.", signatories=signatories
    )
    made.refresh_from_db()
    assert made.status == ExecutiveDecision.Status.CALLED_IN
    assert set(call_in.signatories.all()) == set(signatories)
    with pytest.raises(Refused, match="already been called in"):
        services.request_call_in(made, by=None, requested_on=TODAY(), reasons="Again.", signatories=signatories)


def test_call_in_with_too_few_signatories_is_refused_and_the_number_is_configurable():
    panel = factories.panel()
    made = builders.decision(panel)
    two = builders.members(panel, 2)
    with pytest.raises(Refused, match="needs 3 members"):
        services.request_call_in(made, by=None, requested_on=TODAY(), reasons="Why.", signatories=two)
    CallInRules.objects.create(council=panel.council, members_required=2)
    assert services.request_call_in(made, by=None, requested_on=TODAY(), reasons="Why.", signatories=two)


def test_signatories_must_sit_on_the_panel_on_the_day():
    panel = factories.panel()
    made = builders.decision(panel)
    signatories = builders.members(panel, 2)
    outsider = Councillor.objects.create(council=panel.council, slug="outsider-x", initials="O", surname="Outsider")
    former = Councillor.objects.create(council=panel.council, slug="former-x", initials="F", surname="Former")
    Membership.objects.create(
        panel=panel,
        councillor=former,
        municipal_year=MunicipalYear.containing(TODAY()).start_year,
        ends_on=TODAY() - datetime.timedelta(days=1),
    )
    for third in (outsider, former):
        with pytest.raises(Refused, match=f"Not members.*{third.surname}"):
            services.request_call_in(
                made, by=None, requested_on=TODAY(), reasons="Why.", signatories=[*signatories, third]
            )
    assert not CallIn.objects.exists()


def test_call_in_after_the_deadline_or_of_a_draft_is_refused():
    panel = factories.panel()
    signatories = builders.members(panel, 3)
    old = builders.decision(panel, published_days_ago=20)
    with pytest.raises(Refused, match="call-in period ended"):
        services.request_call_in(old, by=None, requested_on=TODAY(), reasons="Why.", signatories=signatories)
    draft = builders.decision(panel, published_days_ago=None)
    with pytest.raises(Refused, match="Only a published decision"):
        services.request_call_in(draft, by=None, requested_on=TODAY(), reasons="Why.", signatories=signatories)


def test_call_in_on_the_deadline_day_is_accepted():
    panel = factories.panel()
    signatories = builders.members(panel, 3)
    made = builders.decision(panel, published_days_ago=40)
    made.call_in_deadline = TODAY()  # the last day of the period is still inside it
    made.save()
    assert services.request_call_in(made, by=None, requested_on=TODAY(), reasons="Why.", signatories=signatories)


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        ("no_further_action", ExecutiveDecision.Status.NO_FURTHER_ACTION),
        ("referred_back", ExecutiveDecision.Status.REFERRED_BACK),
        ("referred_to_council", ExecutiveDecision.Status.REFERRED_TO_COUNCIL),
    ],
)
def test_the_decisions_status_follows_the_outcome(outcome, status):
    panel = factories.panel()
    made = builders.decision(panel)
    call_in = services.request_call_in(
        made, by=None, requested_on=TODAY(), reasons="Why.", signatories=builders.members(panel, 3)
    )
    with pytest.raises(Refused, match="agenda item"):
        services.record_call_in_outcome(call_in, by=None, outcome=outcome, outcome_on=TODAY())
    other_panel_item = factories.item(factories.meeting(factories.panel(), date=TODAY()))
    with pytest.raises(Refused, match="meeting of the panel"):
        services.set_consideration_item(call_in, by=None, agenda_item=other_panel_item)
    item = factories.item(factories.meeting(panel, date=TODAY()))
    services.set_consideration_item(call_in, by=None, agenda_item=item)
    services.record_call_in_outcome(call_in, by=None, outcome=outcome, outcome_on=TODAY())
    made.refresh_from_db()
    assert made.status == status


def test_call_in_rules_are_kept_per_council_in_the_admin(client, django_user_model):
    admin_user = django_user_model.objects.create_superuser(email="root@example.org", password="a-long-admin-pass-1")
    client.force_login(admin_user)
    council = factories.council()
    response = client.post(
        "/admin/scrutiny/callinrules/add/", {"council": council.pk, "working_days": 4, "members_required": 2}
    )
    assert response.status_code == 302
    assert services.rules_for(council).working_days == 4
    other = Council.objects.create(name="Other Borough Council", slug="other-borough")
    refused = client.post(
        "/admin/scrutiny/callinrules/add/", {"council": other.pk, "working_days": 0, "members_required": 2}
    )
    assert refused.status_code == 200 and not CallInRules.objects.filter(council=other).exists()
