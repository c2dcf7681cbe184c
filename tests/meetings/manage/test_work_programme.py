"""The work programme: topics by category and year, their status and approval, links to the agenda items that
take them forward, the officers' pages against every role, and what the public panel page then shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import work_programme as services
from meetings.models import AgendaItem, Panel, WorkProgrammeTopic
from meetings.municipal_year import MunicipalYear
from portal.errors import Refused
from tests import factories
from tests.meetings.manage.builders import (
    HTMX,
    assert_refused,
    assert_well_formed_page,
    days_ago,
    days_ahead,
    is_fragment,
    this_year,
)

pytestmark = pytest.mark.usefixtures("seed")

Category, Status = WorkProgrammeTopic.Category, WorkProgrammeTopic.Status
SEED_PANEL = "children-and-young-peoples-social-care-and-services"


@pytest.fixture
def board():
    return factories.panel(name="Overview and Scrutiny Board (test)", kind=Panel.Kind.SCRUTINY_BOARD)


@pytest.fixture
def panel(panel_with_councillors, board):
    panel = panel_with_councillors[0]
    panel.parent = board
    panel.save()
    return panel


@pytest.fixture
def topic(panel, officer_user):
    return services.add_topic(panel, this_year().start_year, Category.FULL_REVIEW, "Locality working", by=officer_user)


@pytest.fixture
def report_item(panel):
    meeting = factories.meeting(panel, date=days_ahead(20))
    return factories.item(meeting, title="Locality working: introduction", kind=AgendaItem.Kind.REPORT)


def programme_url(panel: Panel, year: int | None = None) -> str:
    return reverse("manage:work_programme", kwargs={"slug": panel.slug, "year": year or this_year().start_year})


def topic_url(name: str, topic: WorkProgrammeTopic, **kwargs) -> str:
    return reverse(f"manage:{name}", kwargs={"slug": topic.panel.slug, "pk": topic.pk, **kwargs})


# Services ----------------------------------------------------------------------------------------------------


def test_topics_are_added_proposed_at_the_end_of_their_category(panel, officer_user):
    year = this_year().start_year
    first = services.add_topic(panel, year, Category.FULL_REVIEW, "  Locality   working ", by=officer_user)
    second = services.add_topic(panel, year, Category.FULL_REVIEW, "PACE beds", by=officer_user, notes=" Visits ")
    other = services.add_topic(panel, year, Category.REGULAR_UPDATE, "Covid recovery", by=officer_user)
    assert (first.title, first.position, first.status) == ("Locality working", 1, Status.PROPOSED)
    assert (second.position, second.notes) == (2, "Visits")
    assert other.position == 1
    assert first.history.get().history_user == officer_user


@pytest.mark.parametrize(("title", "message"), [("   ", "Enter the topic"), ("x" * 301, "300 characters")])
def test_a_topic_needs_a_sensible_title(panel, officer_user, title, message):
    with pytest.raises(Refused) as refused:
        services.add_topic(panel, this_year().start_year, Category.ONE_OFF, title, by=officer_user)
    assert refused.value.field == "title" and message in str(refused.value)
    assert not panel.work_programme.exists()


def test_an_unknown_category_is_refused(panel, officer_user):
    with pytest.raises(Refused):
        services.add_topic(panel, this_year().start_year, "gossip", "Topic", by=officer_user)


def test_approval_records_the_body_and_date(topic, board, officer_user):
    approved_on = days_ago(3)
    topic = services.set_topic_status(
        topic, Status.APPROVED, by=officer_user, approved_by=board, approved_on=approved_on
    )
    assert (topic.status, topic.approved_by, topic.approved_on) == (Status.APPROVED, board, approved_on)
    record = topic.history.latest()
    assert record.history_user == officer_user and record.history_change_reason == "Status: Approved"


@pytest.mark.parametrize(
    ("status", "fields", "field", "message"),
    [
        (Status.APPROVED, {}, "approved_by", "Choose the body"),
        (Status.APPROVED, {"approved_by": "board"}, "approved_on", "Enter the date"),
        (Status.APPROVED, {"approved_by": "board", "approved_on": days_ahead(5)}, "approved_on", "in the future"),
        (Status.PROPOSED, {"approved_by": "board"}, "approved_by", "has not been approved"),
        (Status.SUBMITTED, {"approved_on": days_ago(1)}, "approved_on", "has not been approved"),
        (Status.APPROVED, {"approved_by": "own", "approved_on": days_ago(1)}, "approved_by", "its own"),
        (Status.IN_PROGRESS, {"approved_by": "board"}, "approved_on", "Enter the date"),
        (Status.COMPLETE, {"approved_on": days_ago(1)}, "approved_by", "Choose the body"),
    ],
)
def test_approval_must_make_sense(topic, board, officer_user, status, fields, field, message):
    fields = {name: {"board": board, "own": topic.panel}.get(value, value) for name, value in fields.items()}
    with pytest.raises(Refused) as refused:
        services.set_topic_status(topic, status, by=officer_user, **fields)
    assert refused.value.field == field and message in str(refused.value)
    topic.refresh_from_db()
    assert topic.status == Status.PROPOSED and topic.approved_by is None


def test_a_topic_can_be_carried_into_another_year_and_category(topic, officer_user):
    year = this_year().start_year + 1
    services.add_topic(topic.panel, year, Category.REGULAR_UPDATE, "Already there", by=officer_user)
    edited = services.edit_topic(
        topic,
        by=officer_user,
        title="Locality working (phase 2)",
        category=Category.REGULAR_UPDATE,
        municipal_year=year,
    )
    assert (edited.municipal_year, edited.category, edited.position) == (year, Category.REGULAR_UPDATE, 2)
    assert edited.history.latest().history_user == officer_user


def test_linking_and_unlinking_items_is_recorded(topic, report_item, officer_user):
    services.link_agenda_item(topic, report_item, by=officer_user)
    services.link_agenda_item(topic, report_item, by=officer_user)  # twice is once
    assert list(topic.agenda_items.all()) == [report_item]
    linked = topic.history.latest()
    assert linked.history_user == officer_user and linked.history_change_reason.startswith("Linked item 1 of")

    services.unlink_agenda_item(topic, report_item, by=officer_user)
    assert not topic.agenda_items.exists()
    assert topic.history.latest().history_change_reason.startswith("Unlinked item 1 of")


def test_items_of_another_panel_cannot_be_linked(topic, officer_user):
    stranger = factories.item(factories.meeting(factories.panel(), date=days_ahead(3)))
    with pytest.raises(Refused):
        services.link_agenda_item(topic, stranger, by=officer_user)
    assert not topic.agenda_items.exists()


def test_topics_move_up_and_down_within_their_category(panel, officer_user):
    year = this_year().start_year
    a, b, c = (services.add_topic(panel, year, Category.ONE_OFF, name, by=officer_user) for name in "ABC")
    services.move_topic(c, "up", by=officer_user)
    services.move_topic(a, "up", by=officer_user)  # already first: stays
    order = list(panel.work_programme.order_by("position").values_list("title", flat=True))
    assert order == ["A", "C", "B"]


# The public panel page ----------------------------------------------------------------------------------------


def test_the_public_panel_page_shows_status_and_approval(client, topic, board, report_item, officer_user, committed):
    from meetings.services import publish_agenda

    services.set_topic_status(topic, Status.APPROVED, by=officer_user, approved_by=board, approved_on=days_ago(2))
    services.link_agenda_item(topic, report_item, by=officer_user)
    content = client.get(topic.panel.get_absolute_url()).content.decode()
    approved_on = days_ago(2)
    assert f"Work programme {this_year()}" in content
    assert "Locality working" in content and ">Approved<" in content
    assert f"Approved by the {board.name} on {approved_on.day} {approved_on:%B %Y}." in content
    # An unpublished agenda item is not shown to the public; once published it is.
    assert "Taken forward at" not in content
    with committed():
        publish_agenda(report_item.meeting, by=officer_user)
    assert "Taken forward at" in client.get(topic.panel.get_absolute_url()).content.decode()


def test_markup_in_a_topic_title_is_text_on_the_public_page(client, panel, officer_user):
    services.add_topic(
        panel,
        this_year().start_year,
        Category.ONE_OFF,
        '<script>alert("x")</script> Youth <b>services</b>',
        by=officer_user,
        notes="<img src=x onerror=alert(1)>",
    )
    content = client.get(panel.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Youth &lt;b&gt;services&lt;/b&gt;" in content
    assert "<script>alert" not in content and "<img src=x" not in content
    stored = panel.work_programme.get()
    assert stored.title == '<script>alert("x")</script> Youth <b>services</b>'


# Who may use the pages ------------------------------------------------------------------------------------------


def test_pages_answer_by_role(role_client, panel, topic):
    role, client = role_client
    urls = [
        programme_url(panel),
        reverse("manage:add_topic", kwargs={"slug": panel.slug, "year": this_year().start_year}),
        topic_url("topic", topic),
    ]
    for url in urls:
        response = client.get(url)
        if role == "officer":
            assert response.status_code == 200, url
            assert_well_formed_page(response.content.decode())
        else:
            assert_refused(role, response)
    current = client.get(reverse("manage:work_programme_current", kwargs={"slug": panel.slug}))
    if role == "officer":
        assert current.status_code == 302 and current["Location"] == programme_url(panel)
    else:
        assert_refused(role, current)


def test_posts_by_role_change_nothing_unless_officer(role_client, panel, topic, board, report_item, officer_user):
    role, client = role_client
    linked = factories.item(report_item.meeting, title="Covid update", kind=AgendaItem.Kind.VERBAL_UPDATE)
    services.link_agenda_item(topic, linked, by=officer_user)
    second = services.add_topic(panel, this_year().start_year, Category.FULL_REVIEW, "Second", by=officer_user)
    posts = [
        (
            reverse("manage:add_topic", kwargs={"slug": panel.slug, "year": this_year().start_year}),
            {"title": "Youth justice", "category": Category.ONE_OFF},
        ),
        (
            topic_url("edit_topic", topic),
            {"title": "Renamed", "category": Category.FULL_REVIEW, "municipal_year": topic.municipal_year},
        ),
        (
            topic_url("topic_status", topic),
            {"status": Status.APPROVED, "approved_by": board.pk, "approved_on": days_ago(1).isoformat()},
        ),
        (topic_url("reorder_topic", second), {"direction": "up"}),
        (topic_url("link_item", topic), {"agenda_item": report_item.pk}),
        (topic_url("unlink_item", topic, item_pk=linked.pk), {}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        if role == "officer":
            assert response.status_code == 302, (url, response.content.decode()[:3000])
        else:
            assert_refused(role, response)
    topic.refresh_from_db()
    second.refresh_from_db()
    if role == "officer":
        assert panel.work_programme.filter(title="Youth justice").exists()
        assert (topic.title, topic.status, topic.approved_by) == ("Renamed", Status.APPROVED, board)
        assert second.position == 1
        assert list(topic.agenda_items.all()) == [report_item]
    else:
        assert panel.work_programme.count() == 2
        assert (topic.title, topic.status, topic.approved_by) == ("Locality working", Status.PROPOSED, None)
        assert second.position == 2
        assert list(topic.agenda_items.all()) == [linked]


def test_get_is_refused_on_action_urls(officer_client, topic):
    for name in ["edit_topic", "topic_status", "reorder_topic", "link_item"]:
        assert officer_client.get(topic_url(name, topic)).status_code == 405


def test_topics_of_another_panel_answer_404(officer_client, topic):
    other = factories.panel()
    url = reverse("manage:topic", kwargs={"slug": other.slug, "pk": topic.pk})
    assert officer_client.get(url).status_code == 404
    status_url = reverse("manage:topic_status", kwargs={"slug": other.slug, "pk": topic.pk})
    assert officer_client.post(status_url, {"status": Status.COMPLETE}).status_code == 404
    topic.refresh_from_db()
    assert topic.status == Status.PROPOSED


# The officers' pages ---------------------------------------------------------------------------------------------


def test_seed_work_programme_page_lists_the_topics_by_category(officer_client):
    panel = Panel.objects.get(slug=SEED_PANEL)
    content = officer_client.get(programme_url(panel, 2021)).content.decode()
    assert "Work programme 2021/22" in content
    for heading in ["Full review", "Update on previous review", "Task and finish", "Regular update"]:
        assert f">{heading}</h2>" in content
    assert "PACE bed provision." in content
    assert "Submitted to the Overview and Scrutiny Board of 28 July 2021." in content
    assert reverse("manage:agenda", kwargs={"slug": SEED_PANEL, "date": "2021-09-21"}) in content


def test_adding_a_topic_with_htmx_updates_the_list_in_place(officer_client, panel):
    url = reverse("manage:add_topic", kwargs={"slug": panel.slug, "year": this_year().start_year})
    response = officer_client.post(url, {"title": "Youth justice", "category": Category.ONE_OFF}, **HTMX)
    content = response.content.decode()
    assert response.status_code == 200 and is_fragment(content) and "HX-Request" in response["Vary"]
    assert "Added “Youth justice” to the work programme as proposed." in content
    assert ">One-off</h2>" in content


def test_adding_a_topic_without_javascript_redirects(officer_client, panel):
    url = reverse("manage:add_topic", kwargs={"slug": panel.slug, "year": this_year().start_year})
    response = officer_client.post(url, {"title": "Youth justice", "category": Category.ONE_OFF})
    topic = panel.work_programme.get()
    assert response.status_code == 302 and response["Location"] == programme_url(panel) + f"#topic-{topic.pk}"


def test_a_bad_topic_keeps_the_input_and_says_what_to_do(officer_client, panel):
    url = reverse("manage:add_topic", kwargs={"slug": panel.slug, "year": this_year().start_year})
    response = officer_client.post(url, {"title": "", "category": "", "notes": "Keep <em>these</em> notes"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Enter the topic" in content and "Choose a category." in content
    assert "Keep &lt;em&gt;these&lt;/em&gt; notes" in content
    assert_well_formed_page(content)
    assert not panel.work_programme.exists()


def test_status_change_with_htmx_updates_in_place(officer_client, topic, board):
    response = officer_client.post(
        topic_url("topic_status", topic),
        {"status": Status.APPROVED, "approved_by": board.pk, "approved_on": days_ago(1).isoformat()},
        **HTMX,
    )
    content = response.content.decode()
    assert response.status_code == 200 and is_fragment(content)
    assert "Status changed to approved." in content and f"Approved by the {board.name}" in content


def test_the_prefilled_approving_body_is_not_an_approval_without_a_date(officer_client, topic, board):
    page = officer_client.get(topic_url("topic", topic)).content.decode()
    assert f'<option value="{board.pk}" selected>' in page
    response = officer_client.post(
        topic_url("topic_status", topic), {"status": Status.IN_PROGRESS, "approved_by": board.pk, "approved_on": ""}
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert (topic.status, topic.approved_by, topic.approved_on) == (Status.IN_PROGRESS, None, None)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": Status.APPROVED, "approved_on": "2026-02-30"}, "Enter a real date"),
        ({"status": Status.APPROVED}, "Choose the body that approved the topic."),
        ({"status": "adopted"}, "Choose one of the statuses."),
    ],
)
def test_bad_status_input_is_refused_clearly(officer_client, topic, data, message):
    for extra in ({}, HTMX):
        response = officer_client.post(topic_url("topic_status", topic), data, **extra)
        assert response.status_code == 200 and message in response.content.decode()
    topic.refresh_from_db()
    assert topic.status == Status.PROPOSED


def test_linking_with_htmx_offers_only_the_panels_substantive_items(officer_client, topic, report_item):
    factories.item(report_item.meeting, title="Apologies for Absence", kind=AgendaItem.Kind.APOLOGIES)
    stranger = factories.item(factories.meeting(factories.panel(), date=days_ahead(4)), title="Elsewhere")
    page = officer_client.get(topic_url("topic", topic)).content.decode()
    assert "Locality working: introduction" in page
    assert "Apologies for Absence" not in page and "Elsewhere" not in page

    refused = officer_client.post(topic_url("link_item", topic), {"agenda_item": stranger.pk}, **HTMX)
    assert "Choose one of the agenda items." in refused.content.decode()
    response = officer_client.post(topic_url("link_item", topic), {"agenda_item": report_item.pk}, **HTMX)
    content = response.content.decode()
    assert is_fragment(content) and "Linked item 1 of" in content and "Not published" in content
    assert list(topic.agenda_items.all()) == [report_item]

    response = officer_client.post(topic_url("unlink_item", topic, item_pk=report_item.pk), **HTMX)
    assert "Unlinked item 1 of" in response.content.decode()
    assert not topic.agenda_items.exists()


def test_editing_details_without_javascript(officer_client, topic):
    response = officer_client.post(
        topic_url("edit_topic", topic),
        {"title": "", "category": Category.FULL_REVIEW, "municipal_year": topic.municipal_year},
    )
    assert response.status_code == 200 and "Enter the topic" in response.content.decode()
    response = officer_client.post(
        topic_url("edit_topic", topic),
        {"title": "Locality", "category": Category.ONE_OFF, "notes": "n", "municipal_year": topic.municipal_year},
    )
    assert response.status_code == 302 and response["Location"] == topic_url("topic", topic)
    topic.refresh_from_db()
    assert (topic.title, topic.category, topic.notes) == ("Locality", Category.ONE_OFF, "n")


def test_reordering_with_htmx(officer_client, panel, officer_user):
    year = this_year().start_year
    first = services.add_topic(panel, year, Category.ONE_OFF, "First", by=officer_user)
    second = services.add_topic(panel, year, Category.ONE_OFF, "Second", by=officer_user)
    response = officer_client.post(topic_url("reorder_topic", second), {"direction": "up"}, **HTMX)
    content = response.content.decode()
    assert is_fragment(content) and "Moved “Second” up." in content
    assert content.index(">Second<") < content.index(">First<")
    first.refresh_from_db()
    assert first.position == 2


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_work_programme_page_queries_do_not_grow_with_topics(officer_client, officer_user, board):
    small, large = factories.panel(parent=board), factories.panel(parent=board)
    year = this_year().start_year
    services.add_topic(small, year, Category.ONE_OFF, "Only topic", by=officer_user)
    meeting = factories.meeting(large, date=days_ahead(10))
    for n in range(15):
        topic = services.add_topic(large, year, list(Category.values)[n % 5], f"Topic {n}", by=officer_user)
        services.set_topic_status(topic, Status.APPROVED, by=officer_user, approved_by=board, approved_on=days_ago(1))
        services.link_agenda_item(topic, factories.item(meeting, title=f"Report {n}"), by=officer_user)
    small_count, large_count = (
        _queries(officer_client, programme_url(small)),
        _queries(officer_client, programme_url(large)),
    )
    assert small_count == large_count
    # Session, user, panel, topics, their items, the meetings for the "chosen at" choice.
    assert large_count <= 6, "a new query on the work programme page needs a reason"


def test_topic_page_queries_do_not_grow_with_items(officer_client, officer_user, panel, topic, board):
    small_url = topic_url("topic", topic)
    big = services.add_topic(panel, this_year().start_year, Category.ONE_OFF, "Big", by=officer_user)
    for n in range(10):
        meeting = factories.meeting(panel, date=days_ahead(30 + n))
        services.link_agenda_item(big, factories.item(meeting, title=f"Report {n}"), by=officer_user)
        factories.item(meeting, title=f"Unlinked {n}")
    assert _queries(officer_client, small_url) == _queries(officer_client, topic_url("topic", big))


def test_year_navigation_reaches_other_years(officer_client, panel):
    content = officer_client.get(programme_url(panel, 2021)).content.decode()
    assert programme_url(panel, 2020) in content and programme_url(panel, 2022) in content
    assert "There are no topics in the work programme for 2021/22 yet." in content
    assert officer_client.get(programme_url(panel, 1066)).status_code == 404


def test_a_topic_carried_to_next_year_moves_pages(officer_client, topic):
    next_year = topic.municipal_year + 1
    officer_client.post(
        topic_url("edit_topic", topic),
        {"title": topic.title, "category": topic.category, "municipal_year": next_year},
    )
    assert topic.title in officer_client.get(programme_url(topic.panel, next_year)).content.decode()
    assert MunicipalYear(next_year).label in officer_client.get(topic_url("topic", topic)).content.decode()


def test_approval_date_field_offers_no_future(officer_client, topic):
    content = officer_client.get(topic_url("topic", topic)).content.decode()
    assert f'max="{days_ahead(0).isoformat()}"' in content
