"""Item numbers that stay put: once an agenda is published its items keep their numbers; a late item placed
after item 5 is "5A" (then "5B"), in the section the officer chooses; moving items never renumbers published
ones. Before publication, numbers follow the order as they always did."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from meetings.services import move_item, publish_agenda
from tests import factories

pytestmark = pytest.mark.django_db


def numbers(meeting: Meeting) -> list[tuple[str, str]]:
    return list(meeting.agenda_items.order_by("position").values_list("number", "title"))


def agenda_version(meeting: Meeting) -> int:
    meeting.refresh_from_db(fields=["agenda_version"])
    return meeting.agenda_version


@pytest.fixture
def published(officer_user):
    meeting = factories.meeting(factories.panel(), date=timezone.localdate() + datetime.timedelta(days=20))
    part_two = factories.section(meeting, heading="Part II: press and public excluded", excludes_public=True)
    for title in ["Apologies", "Minutes", "Budget", "Housing", "Schools"]:
        factories.item(meeting, title=title, published_at=None)
    factories.item(meeting, title="Land sale", exempt_paragraph=3, section=part_two, published_at=None)
    publish_agenda(meeting, by=officer_user)
    meeting.refresh_from_db()
    return meeting, part_two


def add_late(client, meeting: Meeting, title: str, after, **fields):
    data = {
        "new-title": title,
        "new-kind": "report",
        "new-agenda_version": agenda_version(meeting),
        "new-after": after.pk if after else "",
    } | {f"new-{key}": value for key, value in fields.items()}
    return client.post(reverse("manage:item_add", kwargs={"slug": meeting.panel.slug, "date": meeting.date}), data)


def test_a_late_item_after_item_5_is_5a_and_the_next_5b(officer_client, published):
    meeting, _ = published
    schools = meeting.agenda_items.get(title="Schools")
    assert add_late(officer_client, meeting, "Urgent: flooding", schools).status_code == 302
    assert add_late(officer_client, meeting, "Urgent: bus route", schools).status_code == 302
    assert numbers(meeting) == [
        ("1", "Apologies"),
        ("2", "Minutes"),
        ("3", "Budget"),
        ("4", "Housing"),
        ("5", "Schools"),
        ("5A", "Urgent: flooding"),
        ("5B", "Urgent: bus route"),
        ("6", "Land sale"),
    ]
    late = meeting.agenda_items.get(title="Urgent: flooding")
    assert late.is_late and late.section_id is None


def test_a_late_item_goes_in_the_section_chosen(officer_client, published):
    meeting, part_two = published
    land = meeting.agenda_items.get(title="Land sale")
    add_late(
        officer_client,
        meeting,
        "Depot lease",
        land,
        section=part_two.pk,
        exempt_paragraph="3",
        exemption_reasons="Commercial terms still under negotiation.",
    )
    assert numbers(meeting)[-2:] == [("6", "Land sale"), ("6A", "Depot lease")]
    assert meeting.agenda_items.get(title="Depot lease").section == part_two


def test_moving_items_after_publication_keeps_the_published_numbers(officer_client, officer_user, published):
    meeting, _ = published
    housing = meeting.agenda_items.get(title="Housing")
    add_late(officer_client, meeting, "Late report", None)
    late = meeting.agenda_items.get(title="Late report")
    assert late.number == "6A"
    move_item(housing, offset=1, agenda_version=agenda_version(meeting), by=officer_user)
    assert [number for number, _ in numbers(meeting)] == ["1", "2", "3", "5", "4", "6", "6A"]
    publish_agenda(meeting, by=officer_user)  # the supplementary agenda: the late item keeps 6A from now on
    move_item(late, offset=-1, agenda_version=agenda_version(meeting), by=officer_user)
    assert numbers(meeting)[-2:] == [("6A", "Late report"), ("6", "Land sale")]


def test_before_publication_numbers_follow_the_order(officer_user):
    meeting = factories.meeting(factories.panel(), date=timezone.localdate() + datetime.timedelta(days=20))
    first = factories.item(meeting, title="First", published_at=None)
    factories.item(meeting, title="Second", published_at=None)
    move_item(first, offset=1, agenda_version=agenda_version(meeting), by=officer_user)
    assert numbers(meeting) == [("1", "Second"), ("2", "First")]


def test_placing_after_an_item_of_another_meeting_is_refused(officer_client, published):
    meeting, _ = published
    elsewhere = factories.item(factories.meeting(factories.panel()), title="Elsewhere")
    response = add_late(officer_client, meeting, "Stray", elsewhere)
    assert response.status_code == 422
    assert "Choose an item of this agenda, or the end of the agenda." in response.content.decode()
    assert not meeting.agenda_items.filter(title="Stray").exists()
