"""Issue 12 item 5: the exclusion resolution names the items it covers by their numbers, and its wording follows
them: before publication they follow the order, after it a late exempt item placed among them is named as "6A"."""

import datetime

import pytest
from django.utils import timezone

from meetings.models import AgendaItem
from meetings.services import add_item, move_item, publish_agenda
from minutes import services as minutes_services
from tests import factories

pytestmark = pytest.mark.django_db


def agenda_version(meeting) -> int:
    meeting.refresh_from_db(fields=["agenda_version"])
    return meeting.agenda_version


@pytest.fixture
def meeting():
    meeting = factories.meeting(factories.panel(), date=timezone.localdate() + datetime.timedelta(days=20))
    for title in ["Apologies", "Budget", "Housing"]:
        factories.item(meeting, title=title, published_at=None)
    factories.item(meeting, title="Exclusion", kind=AgendaItem.Kind.EXCLUSION, published_at=None)
    factories.item(meeting, title="Land sale", exempt_paragraph=3, published_at=None)
    return meeting


def test_the_agenda_names_the_exempt_items_and_follows_their_numbers(committed, client, officer_user, meeting):
    # Before publication numbers follow the order: the land sale becomes item 4.
    apologies = meeting.agenda_items.get(title="Apologies")
    move_item(apologies, offset=4, agenda_version=agenda_version(meeting), by=officer_user)
    with committed():  # the public page is cached until the change commits
        publish_agenda(meeting, by=officer_user)
    content = client.get(meeting.get_absolute_url()).content.decode()
    assert (
        "to exclude the press and public from the meeting for item 4 on the grounds that it involves the likely "
        "disclosure of exempt information as defined in paragraph 3 of Part 1 of Schedule 12A" in content
    )
    # A late exempt item placed after the land sale is 4A, and the wording names both.
    add_item(
        meeting,
        agenda_version=agenda_version(meeting),
        by=officer_user,
        after=meeting.agenda_items.get(title="Land sale"),
        title="Land purchase",
        exempt_paragraph=1,
        urgency_reason="The vendor's offer ends before the next meeting.",
    )
    with committed():  # the public page is cached until the change commits
        publish_agenda(meeting, by=officer_user)
    content = client.get(meeting.get_absolute_url()).content.decode()
    assert "for items 4 and 4A on the grounds that they involve" in content
    assert "defined in paragraphs 1 and 3 of Part 1" in content


def test_an_exclusion_item_with_no_exempt_item_after_it_proposes_nothing(officer_user, meeting):
    from meetings.exclusion import name_excluded_items

    items = list(meeting.agenda_items.order_by("position"))
    items.reverse()  # the exempt item now comes before the exclusion item
    name_excluded_items(items)
    assert next(item for item in items if item.kind == "exclusion").exclusion_wording == ""


def test_the_minuted_resolution_names_the_items_by_their_agenda_numbers(officer_user, meeting):
    publish_agenda(meeting, by=officer_user)
    meeting.date = timezone.localdate() - datetime.timedelta(days=1)
    meeting.save()
    minutes = minutes_services.start_minutes(meeting, by=officer_user)
    exclusion = minutes.entries.get(heading="Exclusion")
    assert exclusion.excludes_public
    assert (
        "excluded from the meeting for the following item of business (item 5) on the grounds that it involves"
        in exclusion.resolutions.get().text
    )
