"""Exempt recommendations and decisions never reach the public: not the tracker, the pages, the feed or the API.
The querysets and their instance twins agree, for every role."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings.audience import OFFICER, PUBLIC, audience_for
from minutes.scrutiny import selectors
from minutes.scrutiny.models import ExecutiveDecision, Recommendation
from tests import factories
from tests.scrutiny import builders

MARKER = "QZSECRETREC"
pytestmark = pytest.mark.django_db


@pytest.fixture
def exempt_records(panel_with_councillors):
    panel, _, _ = panel_with_councillors
    meeting = builders.past_meeting(panel, days_ago=5, agenda_published_at=timezone.now())
    exempt_item = factories.item(meeting, title="Contract", exempt_paragraph=3)
    open_item = factories.item(meeting, title="Budget")
    from_item = builders.recommendation(
        panel, meeting=meeting, agenda_item=exempt_item, text=f"Award {MARKER}", referred_days_ago=1
    )
    minutes = factories.minutes(meeting, published_at=timezone.now())
    secret_entry = factories.minute_entry(minutes, heading="Bids", exempt_paragraph=3)
    from_minute = builders.recommendation(
        panel,
        meeting=meeting,
        resolution=factories.resolution(secret_entry),
        text=f"Bidder {MARKER}",
        referred_days_ago=1,
    )
    public = builders.recommendation(
        panel, meeting=meeting, agenda_item=open_item, text="Open to all", referred_days_ago=1
    )
    secret_paper = factories.document(exempt_item, title="Tender scores")
    by_paper = builders.decision(panel, title=f"Tender award {MARKER}", reference="by-paper")
    by_paper.papers.set([secret_paper])
    by_paragraph = builders.decision(panel, title=f"Staffing {MARKER}", reference="by-paragraph", exempt_paragraph=1)
    open_decision = builders.decision(panel, title="Library hours", reference="open-one")
    open_decision.papers.set([factories.document(open_item, title="Library report")])
    return panel, [from_item, from_minute], public, [by_paper, by_paragraph], open_decision


def _pages(panel, recommendations, decisions) -> list[str]:
    return [
        reverse("scrutiny:tracker", kwargs={"slug": panel.slug}),
        reverse("scrutiny:tracker", kwargs={"slug": panel.slug}) + "?overdue=yes",
        reverse("scrutiny:decision_list", kwargs={"slug": panel.slug}),
        reverse("scrutiny_feed", kwargs={"slug": panel.slug}),
        "/api/recommendations/",
        "/api/decisions/",
        f"/api/recommendations/?panel={panel.slug}",
        *[rec.get_absolute_url() for rec in recommendations],
        *[decision.get_absolute_url() for decision in decisions],
    ]


@pytest.mark.parametrize("who", ["anonymous", "other_councillor"])
def test_exempt_recommendations_and_decisions_never_reach_those_without_the_right(who, exempt_records, request):
    panel, secret_recs, public, secret_decisions, open_decision = exempt_records
    client = Client() if who == "anonymous" else request.getfixturevalue("other_councillor_client")
    for url in _pages(panel, secret_recs, secret_decisions):
        response = client.get(url)
        assert MARKER not in response.content.decode(), url
    for record in [*secret_recs, *secret_decisions]:
        assert client.get(record.get_absolute_url()).status_code == 404
    # Positive controls: the open records are there.
    assert "Open to all" in client.get(reverse("scrutiny:tracker", kwargs={"slug": panel.slug})).content.decode()
    assert "Library hours" in client.get("/api/decisions/").content.decode()
    assert client.get(open_decision.get_absolute_url()).status_code == 200


def test_a_member_of_the_panel_reads_exempt_recommendations_but_public_channels_never_carry_them(
    exempt_records, councillor_client
):
    panel, secret_recs, _, secret_decisions, _ = exempt_records
    assert MARKER in councillor_client.get(reverse("scrutiny:tracker", kwargs={"slug": panel.slug})).content.decode()
    for rec in secret_recs:
        assert councillor_client.get(rec.get_absolute_url()).status_code == 200
    for url in ("/api/recommendations/", "/api/decisions/", reverse("scrutiny_feed", kwargs={"slug": panel.slug})):
        assert MARKER not in councillor_client.get(url).content.decode(), url
    # No meeting considers these decisions' call-in: they stay with officers.
    for decision in secret_decisions:
        assert councillor_client.get(decision.get_absolute_url()).status_code == 404


def test_officers_read_everything(exempt_records, officer_client):
    panel, secret_recs, _, secret_decisions, _ = exempt_records
    for record in [*secret_recs, *secret_decisions]:
        assert officer_client.get(record.get_absolute_url()).status_code == 200
    page = officer_client.get(reverse("scrutiny_manage:recommendations", kwargs={"slug": panel.slug})).content.decode()
    assert MARKER in page and "Exempt" in page


def test_querysets_and_twins_agree_for_every_role(exempt_records, councillor_user, other_councillor_user):
    audiences = [PUBLIC, OFFICER, audience_for(councillor_user), audience_for(other_councillor_user)]
    for audience in audiences:
        visible = set(Recommendation.objects.visible_to(audience).values_list("pk", flat=True))
        for rec in Recommendation.objects.select_related(
            "meeting", "agenda_item", "resolution__entry__minutes", "resolution__entry__agenda_item"
        ):
            assert rec.is_visible_to(audience) == (rec.pk in visible), (audience, rec.text)
        visible = set(ExecutiveDecision.objects.visible_to(audience).values_list("pk", flat=True))
        for decision in ExecutiveDecision.objects.prefetch_related("papers__agenda_item"):
            assert decision.is_visible_to(audience) == (decision.pk in visible), (audience, decision.title)


def test_an_exempt_decision_is_read_by_members_who_may_read_the_meeting_that_considers_its_call_in(
    exempt_records, councillor_user, other_councillor_user
):
    panel, _, _, [by_paper, _], _ = exempt_records
    from minutes.scrutiny import services

    call_in = services.request_call_in(
        by_paper, by=None, requested_on=timezone.localdate(), reasons="Why.", signatories=builders.members(panel, 3)
    )
    meeting = factories.meeting(panel, date=timezone.localdate() + datetime.timedelta(days=3))
    services.set_consideration_item(call_in, by=None, agenda_item=factories.item(meeting))
    member, outsider = audience_for(councillor_user), audience_for(other_councillor_user)
    assert by_paper in selectors.panel_decisions(panel, member)
    assert by_paper not in selectors.panel_decisions(panel, outsider)
    assert by_paper not in selectors.panel_decisions(panel, PUBLIC)
