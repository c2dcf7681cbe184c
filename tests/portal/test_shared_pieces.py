"""The shared pieces at the bottom of the layers: date formats, the htmx fragment check, who made a change."""

import datetime

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django_htmx.middleware import HtmxMiddleware

from meetings.models import AgendaItem
from portal.formats import clock_time, council_time, long_date, machine_datetime, short_date
from portal.history import REASON_LENGTH, delete_by, save_by
from portal.htmx import page_or_fragment, wants_fragment
from tests import factories


def test_dates_and_times_print_as_council_papers_print_them():
    day = datetime.date(2021, 9, 7)
    assert short_date(day) == "7 September 2021"
    assert long_date(day) == "Tuesday 7 September 2021"
    assert council_time(datetime.time(16, 0)) == "4.00pm"
    assert council_time(datetime.time(0, 5)) == "12.05am"
    assert council_time(datetime.time(12, 30)) == "12.30pm"
    assert clock_time(datetime.datetime(2021, 9, 7, 9, 5, 3)) == "09:05:03"
    assert machine_datetime(datetime.datetime(2021, 9, 7, 9, 5, 3, 999_999)) == "2021-09-07T09:05:03"
    assert short_date(None) == long_date(None) == council_time(None) == machine_datetime(None) == ""


def _request(**headers):
    request = RequestFactory().get("/search/", headers=headers)
    HtmxMiddleware(lambda request: HttpResponse())(request)
    return request


def test_a_history_restore_gets_the_whole_page_not_a_fragment():
    assert wants_fragment(_request(**{"HX-Request": "true"}))
    assert not wants_fragment(_request())
    assert not wants_fragment(_request(**{"HX-Request": "true", "HX-History-Restore-Request": "true"}))
    assert page_or_fragment(_request(**{"HX-Request": "true"}), "portal/search.html", "results") == (
        "portal/search.html#results"
    )
    assert page_or_fragment(_request(), "portal/search.html", "results") == "portal/search.html"


@pytest.mark.django_db
def test_the_history_records_who_when_and_why_even_outside_a_request(officer_user):
    meeting = factories.meeting()
    when = datetime.datetime(2021, 9, 7, 10, 0, tzinfo=datetime.UTC)
    meeting.venue = "Committee Room 2"
    save_by(meeting, officer_user, when=when, reason="Moved " + "x" * 200)
    record = meeting.history.get(history_type="~")
    assert record.history_user == officer_user
    assert record.history_date == when
    assert record.history_change_reason == ("Moved " + "x" * 200)[:REASON_LENGTH]

    item = factories.item(meeting)
    item_id = item.pk
    delete_by(item, officer_user, reason="Removed")
    deleted = AgendaItem.history.filter(id=item_id, history_type="-").get()
    assert (deleted.history_user, deleted.history_change_reason) == (officer_user, "Removed")
