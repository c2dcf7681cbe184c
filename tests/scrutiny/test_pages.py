"""The public tracker and decision pages, the officers' pages, the councillor's countdown, the API and the feed:
what each shows, for whom, and at what query cost."""

import datetime

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from minutes.scrutiny import services
from minutes.scrutiny.models import ExecutiveDecision, Recommendation
from tests import factories
from tests.scrutiny import builders

SEED_PANEL = "children-and-young-peoples-social-care-and-services"
TODAY = timezone.localdate


# --- the seed -----------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("seed")
def test_the_seed_recommendation_awaits_the_boards_answer_due_two_months_after_referral():
    rec = Recommendation.objects.get(panel__slug=SEED_PANEL, number=1)
    assert rec.resolution.text.startswith("AGREED that the topics, as listed above, be submitted")
    assert rec.referred_on == datetime.date(2021, 7, 28)
    assert rec.response_due_on == services.clock.response_due(rec.referred_on) == datetime.date(2021, 9, 28)
    assert rec.status == "awaiting" and rec.response == "" and rec.is_overdue
    assert not rec.is_statutory  # the Board is not the executive: s9FE does not bind it


@pytest.mark.usefixtures("seed")
def test_the_public_tracker_shows_the_seed_recommendation_overdue(client, django_assert_max_num_queries):
    url = reverse("scrutiny:tracker", kwargs={"slug": SEED_PANEL})
    with django_assert_max_num_queries(6):
        page = client.get(url).content.decode()
    assert "Overview and Scrutiny Board" in page and "Overdue" in page and "28 September 2021" in page
    assert "Overview and Scrutiny Board" in client.get(url + "?overdue=yes").content.decode()
    assert "No recommendations match" in client.get(url + "?status=accepted").content.decode()
    assert "No recommendations match" not in client.get(url + "?status=nonsense&topic=x").content.decode()


@pytest.mark.usefixtures("seed")
def test_the_recommendation_page(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get(reverse("scrutiny:recommendation_detail", kwargs={"slug": SEED_PANEL, "number": 1}))
    assert "No response has been recorded yet" in response.content.decode()
    assert (
        client.get(reverse("scrutiny:recommendation_detail", kwargs={"slug": SEED_PANEL, "number": 99})).status_code
        == 404
    )


# --- filters, overdue first, topics ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_tracker_lists_overdue_first_and_filters_by_status_and_topic(client):
    panel = factories.panel()
    topic = panel.work_programme.create(municipal_year=2021, category="full_review", title="Fostering")
    soon = builders.recommendation(panel, referred_days_ago=10, text="Soon due")
    late = builders.recommendation(panel, referred_days_ago=80, text="Long overdue", topic=topic)
    answered = builders.recommendation(panel, referred_days_ago=20, text="Answered")
    services.record_response(answered, by=None, response="rejected", text="No.", responded_on=TODAY(), responded_by="X")
    builders.recommendation(panel, referred_days_ago=None, text="Draft only")
    url = reverse("scrutiny:tracker", kwargs={"slug": panel.slug})
    page = client.get(url).content.decode()
    assert page.index("Long overdue") < page.index("Soon due")
    assert "Draft only" not in page  # not referred: not yet public
    assert "Answered" not in client.get(url + "?status=awaiting").content.decode()
    assert "Soon due" not in client.get(url + f"?topic={topic.pk}").content.decode()
    assert "Soon due" not in client.get(url + "?overdue=yes").content.decode()
    assert soon and late


# --- officers ------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_officer_records_refers_and_answers_a_recommendation(officer_client, django_assert_max_num_queries):
    panel = factories.panel()
    meeting = builders.past_meeting(panel, days_ago=100)
    add = reverse("scrutiny_manage:recommendation_add", kwargs={"slug": panel.slug})
    refused = officer_client.post(add, {"text": "", "meeting": meeting.pk, "addressee_kind": "executive"})
    assert "Write the recommendation, as agreed." in refused.content.decode()
    response = officer_client.post(
        add,
        {
            "text": "That the Executive reviews allowances.",
            "meeting": meeting.pk,
            "addressee_kind": "executive",
            "addressee": "The Executive",
        },
    )
    assert response.status_code == 302
    page_url = reverse("scrutiny_manage:recommendation", kwargs={"slug": panel.slug, "number": 1})
    kwargs = {"slug": panel.slug, "number": 1}
    future = (TODAY() + datetime.timedelta(days=3)).isoformat()
    refused = officer_client.post(reverse("scrutiny_manage:refer", kwargs=kwargs), {"referred_on": future})
    assert "cannot be in the future" in refused.content.decode()
    referred = (TODAY() - datetime.timedelta(days=70)).isoformat()
    officer_client.post(reverse("scrutiny_manage:refer", kwargs=kwargs), {"referred_on": referred})
    with django_assert_max_num_queries(25):
        page = officer_client.get(page_url).content.decode()
    assert "Overdue by" in page
    officer_client.post(
        reverse("scrutiny_manage:respond", kwargs=kwargs),
        {
            "response": "accepted",
            "response_text": "Agreed.",
            "responded_on": TODAY().isoformat(),
            "responded_by": "Exec",
        },
    )
    rec = Recommendation.objects.get(panel=panel, number=1)
    assert rec.response == "accepted" and rec.answered_late
    refused = officer_client.post(reverse("scrutiny_manage:add_step", kwargs=kwargs), {"description": "Do it"})
    assert "Say who owns the action" in refused.content.decode()
    officer_client.post(
        reverse("scrutiny_manage:add_step", kwargs=kwargs), {"description": "Do it", "owner_text": "Director"}
    )
    assert rec.action_plan.get().owner_name == "Director"


@pytest.mark.django_db
def test_officers_pages_are_for_officers_only(non_officer_client):
    _, client = non_officer_client
    panel = factories.panel()
    for name in ("recommendations", "decisions", "recommendation_add", "decision_add"):
        response = client.get(reverse(f"scrutiny_manage:{name}", kwargs={"slug": panel.slug}))
        assert response.status_code in (302, 404)
    assert client.get(reverse("scrutiny_manage:open_to_call_in")).status_code in (302, 404)


@pytest.mark.django_db
def test_an_officer_records_a_decision_its_call_in_and_the_outcome(officer_client, django_assert_max_num_queries):
    panel = factories.panel()
    signatories = builders.members(panel, 3)
    add = reverse("scrutiny_manage:decision_add", kwargs={"slug": panel.slug})
    decided = (TODAY() - datetime.timedelta(days=2)).isoformat()
    refused = officer_client.post(add, {"reference": "bad ref!", "decided_on": decided})
    assert "Use only letters, numbers and hyphens" in refused.content.decode()
    fields = {
        "reference": "ed-1",
        "title": "Home closure",
        "decision": "Close it.",
        "decision_maker": "The Executive",
        "decided_on": decided,
        "reasons": "Unfit.",
        "is_key_decision": "on",
    }
    assert officer_client.post(add, fields).status_code == 302
    kwargs = {"slug": panel.slug, "reference": "ed-1"}
    officer_client.post(reverse("scrutiny_manage:publish", kwargs=kwargs), {"published_on": TODAY().isoformat()})
    with django_assert_max_num_queries(12):
        glance = officer_client.get(reverse("scrutiny_manage:open_to_call_in")).content.decode()
    assert "Home closure" in glance
    too_few = officer_client.post(
        reverse("scrutiny_manage:call_in", kwargs=kwargs),
        {"requested_on": TODAY().isoformat(), "reasons": "Not consulted.", "signatories": [signatories[0].pk]},
    )
    assert "needs 3 members" in too_few.content.decode()
    officer_client.post(
        reverse("scrutiny_manage:call_in", kwargs=kwargs),
        {"requested_on": TODAY().isoformat(), "reasons": "Not consulted.", "signatories": [c.pk for c in signatories]},
    )
    item = factories.item(factories.meeting(panel, date=TODAY()))
    officer_client.post(reverse("scrutiny_manage:consideration", kwargs=kwargs), {"agenda_item": item.pk})
    officer_client.post(
        reverse("scrutiny_manage:outcome", kwargs=kwargs),
        {"outcome": "referred_back", "outcome_on": TODAY().isoformat()},
    )
    decision = ExecutiveDecision.objects.get(reference="ed-1")
    assert decision.status == ExecutiveDecision.Status.REFERRED_BACK
    with django_assert_max_num_queries(8):
        public = officer_client.get(decision.get_absolute_url()).content.decode()
    assert "referred back to the decision-maker" in public


# --- the councillor's page ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_councillor_sees_the_countdown_for_their_panels(
    panel_with_councillors, councillor_client, other_councillor_client
):
    panel, _, _ = panel_with_councillors
    builders.recommendation(panel, referred_days_ago=80, text="Review the allowances")
    page = councillor_client.get(reverse("accounts:councillor_home")).content.decode()
    assert "Review the allowances" in page and "Overdue by" in page
    other = other_councillor_client.get(reverse("accounts:councillor_home")).content.decode()
    assert "Review the allowances" not in other


# --- API and feed -------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("seed")
def test_the_api_lists_recommendations_with_filters(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        body = client.get("/api/recommendations/").json()
    [rec] = [r for r in body["results"] if r["panel"]["slug"] == SEED_PANEL]
    assert rec["response_due_on"] == "2021-09-28" and rec["is_overdue"] and rec["status"] == "awaiting"
    assert client.get(f"/api/recommendations/?panel={SEED_PANEL}&overdue=true").json()["count"] >= 1
    assert client.get(f"/api/recommendations/?panel={SEED_PANEL}&status=accepted").json()["count"] == 0
    assert client.get("/api/recommendations/?status=maybe").status_code == 400


@pytest.mark.django_db
def test_the_api_lists_published_decisions_with_their_call_in(client, django_assert_max_num_queries):
    panel = factories.panel()
    made = builders.decision(panel)
    builders.decision(panel, published_days_ago=None, reference="draft-one")
    services.request_call_in(
        made, by=None, requested_on=TODAY(), reasons="Why.", signatories=builders.members(panel, 3)
    )
    with django_assert_max_num_queries(8):
        body = client.get(f"/api/decisions/?panel={panel.slug}").json()
    assert [d["reference"] for d in body["results"]] == [made.reference]
    assert len(body["results"][0]["call_in"]["signatories"]) == 3
    assert client.get(f"/api/decisions/?panel={panel.slug}&open_to_call_in=true").json()["count"] == 0


@pytest.mark.django_db
def test_the_feed_carries_referrals_responses_and_decisions(client):
    panel = factories.panel()
    rec = builders.recommendation(panel, referred_days_ago=30)
    services.record_response(rec, by=None, response="accepted", text="Yes.", responded_on=TODAY(), responded_by="X")
    builders.decision(panel, title="Library hours")
    response = client.get(reverse("scrutiny_feed", kwargs={"slug": panel.slug}))
    feed = feedparser.parse(response.content)
    titles = [entry.title for entry in feed.entries]
    assert "Recommendation 1: Accepted" in titles and any("Library hours" in t for t in titles)
    assert not feed.bozo


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ["recommendation_list", "decision_list"])
def test_api_list_query_count_is_fixed_whatever_the_number_of_records(client, endpoint):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def build(count: int) -> str:
        panel = factories.panel()
        signatories = builders.members(panel, 3)
        for n in range(count):
            builders.recommendation(panel)
            made = builders.decision(panel, reference=f"d-{n}")
            made.papers.set([factories.document(factories.item(factories.meeting(panel), published_at=timezone.now()))])
            services.request_call_in(made, by=None, requested_on=TODAY(), reasons="Why.", signatories=signatories)
        return panel.slug

    def queries(slug: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(f"api:{endpoint}") + f"?panel={slug}").status_code == 200
        return len(captured)

    small, large = build(2), build(8)
    assert queries(small) == queries(large) <= 8


@pytest.mark.django_db
def test_decision_lists_cost_the_same_whatever_their_length(client, officer_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(test_client, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert test_client.get(url).status_code == 200
        return len(captured)

    counts = []
    for count in (1, 6):
        panel = factories.panel()
        for n in range(count):
            made = builders.decision(panel, reference=f"d-{n}")
            made.papers.set([factories.document(factories.item(factories.meeting(panel), published_at=timezone.now()))])
        counts.append(
            (
                queries(client, reverse("scrutiny:decision_list", kwargs={"slug": panel.slug})),
                queries(officer_client, reverse("scrutiny_manage:decisions", kwargs={"slug": panel.slug})),
            )
        )
    assert counts[0] == counts[1]
    assert counts[0][0] <= 5


def _topic(panel, title: str):
    from meetings.models import WorkProgrammeTopic
    from meetings.municipal_year import MunicipalYear

    year = MunicipalYear.containing(timezone.localdate()).start_year
    return WorkProgrammeTopic.objects.create(panel=panel, municipal_year=year, category="one_off", title=title)


@pytest.mark.django_db
def test_the_panel_page_shows_each_topics_recommendations_and_their_state(client, committed):
    panel = factories.panel()
    topic = _topic(panel, "Fostering allowances")
    overdue = builders.recommendation(panel, topic=topic, referred_days_ago=70, addressee="The Executive")
    awaiting = builders.recommendation(panel, topic=topic, referred_days_ago=5, addressee="The Executive Member")
    _topic(panel, "Youth services")  # no recommendations: no list, no link
    with committed():
        pass  # what the test set up is taken as committed before the page is cached
    page = client.get(panel.get_absolute_url()).content.decode()
    section = page[page.index('id="work-programme-heading"') :]
    fostering, youth = section.split("Youth services")
    assert f"No. {overdue.number}</a>, to The Executive: " in fostering and "Overdue" in fostering
    assert f"No. {awaiting.number}</a>, to The Executive Member: " in fostering and "Awaiting response" in fostering
    assert f"?topic={topic.pk}" in fostering and "Recommendations:" not in youth

    # The page is cached for the public: a response recorded (and committed) shows at once.
    with committed():
        services.record_response(
            overdue,
            by=None,
            response="accepted",
            text="Agreed.",
            responded_on=timezone.localdate(),
            responded_by="The Executive",
        )
    after = client.get(panel.get_absolute_url()).content.decode()
    assert "Accepted" in after and "(answered late)" in after


@pytest.mark.django_db
def test_the_panel_page_reads_every_topics_recommendations_in_one_query(client):
    def queries_with(count: int) -> int:
        panel = factories.panel()
        for n in range(count):
            builders.recommendation(panel, topic=_topic(panel, f"Topic {n}"))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(panel.get_absolute_url()).status_code == 200
        return len(captured)

    assert queries_with(1) == queries_with(6) <= 10


@pytest.mark.django_db
def test_an_exempt_recommendation_is_not_on_the_public_panel_page(client, officer_client):
    panel = factories.panel()
    topic = _topic(panel, "Children's homes contract")
    meeting = builders.past_meeting(panel, days_ago=5, agenda_published_at=timezone.now())
    secret = factories.item(meeting, title="Contract", exempt_paragraph=3)
    builders.recommendation(
        panel, meeting=meeting, agenda_item=secret, topic=topic, addressee="QZBIDDER", referred_days_ago=1
    )
    assert "QZBIDDER" not in client.get(panel.get_absolute_url()).content.decode()
    assert "QZBIDDER" in officer_client.get(panel.get_absolute_url()).content.decode()
