"""Model rules that hold whatever the view: municipal years, names, sanitising, constraints."""

import datetime

import pytest
from django.db import IntegrityError

from meetings.models import Document, Membership
from meetings.municipal_year import MunicipalYear
from portal.templatetags.portal import council_time, long_date
from portal.wording import join_and
from tests import factories


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (datetime.date(2021, 4, 19), "2020/21"),
        (datetime.date(2021, 7, 27), "2021/22"),
        (datetime.date(2022, 4, 26), "2021/22"),
        (datetime.date(1999, 5, 1), "1999/00"),
    ],
)
def test_municipal_year_containing(day, label):
    assert MunicipalYear.containing(day).label == label


def test_municipal_year_labels_and_bounds():
    year = MunicipalYear.from_label("2024/25")
    assert (year.short_label, year.first_day, year.last_day) == (
        "24",
        datetime.date(2024, 5, 1),
        datetime.date(2025, 4, 30),
    )
    with pytest.raises(ValueError):
        MunicipalYear.from_label("2024/26")


def test_council_style_times_and_dates():
    assert council_time(datetime.time(16, 0)) == "4.00pm"
    assert council_time(datetime.time(9, 30)) == "9.30am"
    assert council_time(datetime.time(12, 5)) == "12.05pm"
    assert council_time(datetime.time(0, 0)) == "12.00am"
    assert long_date(datetime.date(2021, 9, 21)) == "Tuesday 21 September 2021"
    assert join_and(["S Bonner", "S Butcher", "J Dixon"]) == "S Bonner, S Butcher and J Dixon"


@pytest.mark.django_db
def test_authored_report_html_is_sanitised_on_save():
    item = factories.item(factories.published_meeting())
    paper = factories.document(item, body_html='<h2 onclick="x()">Title</h2><script>alert(1)</script><p>Text</p>')
    paper.refresh_from_db()
    assert paper.body_html == "<h2>Title</h2><p>Text</p>"


@pytest.mark.django_db
def test_a_paper_has_exactly_one_source():
    item = factories.item(factories.published_meeting())
    with pytest.raises(IntegrityError):
        Document.objects.create(meeting=item.meeting, agenda_item=item, slug="empty", title="Nothing in it")


@pytest.mark.django_db
def test_exempt_paragraph_must_be_in_schedule_12a():
    meeting = factories.published_meeting()
    with pytest.raises(IntegrityError):
        factories.item(meeting, exempt_paragraph=8)


@pytest.mark.django_db
def test_vacant_seat_cannot_hold_a_role():
    panel = factories.panel()
    with pytest.raises(IntegrityError):
        Membership.objects.create(panel=panel, councillor=None, municipal_year=2024, role="chair")
