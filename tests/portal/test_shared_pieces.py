"""The shared pieces at the bottom of the layers: date formats, the htmx fragment check, who made a change and how
it reads back, the errors services refuse with."""

import datetime

import pytest
from django import forms
from django.http import HttpResponse
from django.test import RequestFactory
from django_htmx.middleware import HtmxMiddleware

from meetings.models import AgendaItem
from portal.collisions import COLLISION_MESSAGE
from portal.errors import STALE_MESSAGE, Change, Refused, SaveCollided, StaleEdit, show_refusal
from portal.formats import clock_time, council_time, long_date, machine_datetime, short_date
from portal.history import REASON_LENGTH, delete_by, history_entries, save_by
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


@pytest.mark.django_db
def test_the_history_reads_back_newest_first_with_old_and_new_values(officer_user):
    meeting = factories.meeting(venue="Town Hall")
    save_by(meeting, officer_user, when=datetime.datetime(2021, 9, 7, 10, 0, tzinfo=datetime.UTC))
    meeting.venue = "Committee Room 2"
    save_by(meeting, officer_user, when=datetime.datetime(2021, 9, 8, 10, 0, tzinfo=datetime.UTC))
    save_by(meeting, officer_user, when=datetime.datetime(2021, 9, 9, 10, 0, tzinfo=datetime.UTC))  # no change
    save_by(meeting, None, when=datetime.datetime(2021, 9, 10, 10, 0, tzinfo=datetime.UTC), reason="Checked")
    rows = meeting.history.filter(history_date__year=2021)  # not the factory's creation, dated today
    entries = history_entries([("Meeting", rows, lambda record: short_date(record.date))])
    assert [entry.note for entry in entries] == ["Checked", "", ""]  # the save without a change or reason is left out
    checked, moved, first = entries
    assert checked.who == "System or fixture load"
    assert moved.who == (officer_user.get_full_name() or officer_user.email)
    assert moved.action == "Changed" and moved.thing == f"Meeting: {short_date(meeting.date)}"
    assert moved.changes == [("Venue", "Town Hall", "Committee Room 2")]
    assert first.changes == []


def test_services_refuse_with_one_hierarchy():
    refused = Refused("Give the reason for urgency.", field="urgency_reason")
    assert (str(refused), refused.field) == ("Give the reason for urgency.", "urgency_reason")
    stale = StaleEdit(changes=[Change("Title", yours="Mine", theirs="Theirs")], loaded_version=3, by="A Officer")
    assert isinstance(stale, Refused) and str(stale) == STALE_MESSAGE and stale.field is None
    assert (stale.changes[0].theirs, stale.loaded_version, stale.by, stale.current, stale.at) == (
        "Theirs",
        3,
        "A Officer",
        None,
        None,
    )
    collided = SaveCollided()
    # A collision is not a stale page: nothing was saved and there is nothing newer to compare with.
    assert isinstance(collided, Refused) and not isinstance(collided, StaleEdit)
    assert str(collided) == COLLISION_MESSAGE


class _TitleForm(forms.Form):
    title = forms.CharField()


@pytest.mark.parametrize(
    ("refusal", "field", "status"),
    [
        (Refused("Enter the topic.", field="title"), "title", 200),
        (Refused("Choose one of this panel's meetings.", field="agreed_at"), None, 200),  # not a field of this form
        (Refused("Nobody may do that."), None, 200),
        (SaveCollided(), None, 409),
    ],
)
def test_a_refusal_is_shown_on_the_field_it_names_or_above_the_form(refusal, field, status):
    form = _TitleForm({"title": "Locality working"})
    assert form.is_valid()
    assert show_refusal(form, refusal) == status
    assert form.errors == {field or "__all__": [str(refusal)]}
