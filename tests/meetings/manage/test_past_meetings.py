"""The record of the past: an officer enters a meeting already held, from the council's records. No notice check,
no publication that pretends to have been on time; the public page says when it was entered; the history says
who did it; its packs are built when the officer puts the record online. Scheduling keeps refusing past dates."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaPack, Meeting
from tests import factories

pytestmark = pytest.mark.django_db

SECRET = "QZX-RECORD-EXEMPT-8840"


def manage(name: str, meeting: Meeting, **kwargs) -> str:
    return reverse(f"manage:{name}", kwargs={"slug": meeting.panel.slug, "date": meeting.date, **kwargs})


def enter(client, panel, date: datetime.date, **fields):
    data = {"date": date.isoformat(), "start_time": "16:00", "venue": "Council Chamber"} | fields
    return client.post(reverse("manage:enter_past_meeting", kwargs={"slug": panel.slug}), data)


def test_an_officer_enters_a_meeting_held_years_ago_as_a_record(officer_client, officer_user):
    panel = factories.panel()
    held = timezone.localdate() - datetime.timedelta(days=5 * 365)
    page = officer_client.get(reverse("manage:enter_past_meeting", kwargs={"slug": panel.slug}))
    assert page.status_code == 200 and "Enter a past meeting" in page.content.decode()

    response = enter(officer_client, panel, held)

    meeting = Meeting.objects.get(panel=panel, date=held)
    assert response.status_code == 302 and response["Location"] == manage("agenda", meeting)
    assert meeting.status == Meeting.Status.HELD and meeting.is_historical_record
    assert meeting.agenda_published_at is None and meeting.dispatch_date is None
    record = meeting.history.get()
    assert record.history_user == officer_user and record.history_change_reason == "Entered from the council's records"
    assert not meeting.agenda_items.exists(), "no standard items invented for a past agenda"


def test_a_date_still_to_come_or_a_day_taken_is_refused_with_a_clear_message(officer_client):
    panel = factories.panel()
    today = timezone.localdate()
    response = enter(officer_client, panel, today)
    assert response.status_code == 200
    assert "has not passed yet. Add a meeting still to come to the schedule instead." in response.content.decode()
    taken = factories.meeting(panel, date=today - datetime.timedelta(days=30))
    response = enter(officer_client, panel, taken.date)
    assert response.status_code == 200 and "The panel already meets on" in response.content.decode()
    response = officer_client.post(
        reverse("manage:enter_past_meeting", kwargs={"slug": panel.slug}), {"date": "2019-02-30", "venue": "Hall"}
    )
    assert response.status_code == 200 and "Enter a real date" in response.content.decode()
    assert Meeting.objects.filter(panel=panel).count() == 1


def test_scheduling_still_refuses_past_dates(officer_client):
    panel = factories.panel()
    past = timezone.localdate() - datetime.timedelta(days=3)
    response = officer_client.post(
        reverse("manage:add_meeting", kwargs={"slug": panel.slug}), {"date": past.isoformat(), "venue": "Hall"}
    )
    assert response.status_code == 200 and "has passed" in response.content.decode()
    assert not Meeting.objects.filter(panel=panel).exists()


def test_putting_the_record_online_builds_its_packs_without_pretending_it_was_published_on_time(
    officer_client, client, committed
):
    panel = factories.panel()
    held = timezone.localdate() - datetime.timedelta(days=400)
    enter(officer_client, panel, held)
    meeting = Meeting.objects.get(panel=panel, date=held)
    item = factories.item(meeting, title="Budget outturn", published_at=None)
    factories.document(item, title="Outturn report", published_at=None)
    secret = factories.item(meeting, title="Land sale", exempt_paragraph=3, published_at=None)
    factories.document(secret, title="Valuation", body_html=f"<p>{SECRET}</p>", published_at=None)
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert "Budget outturn" not in client.get(meeting.get_absolute_url()).content.decode()

    publish_page = officer_client.get(manage("publish", meeting)).content.decode()
    assert "Put the record online" in publish_page and "Reason for urgency" not in publish_page
    with committed():
        response = officer_client.post(manage("publish", meeting), {"agenda_version": meeting.agenda_version})
    assert response.status_code == 302

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD and meeting.dispatch_date is None and not meeting.urgency_reason
    assert set(AgendaPack.objects.filter(meeting=meeting).values_list("variant", flat=True)) == {"public", "members"}
    assert not meeting.agenda_items.filter(is_late=True).exists()
    public = client.get(meeting.get_absolute_url()).content.decode()
    entered = timezone.localdate(meeting.entered_from_records_at)
    assert f"entered on {entered:%-d %B %Y} from the council’s records" in public
    assert "Budget outturn" in public and "Agenda issued" not in public and SECRET not in public

    # A paper added later goes online with the record, still no late item and no notice check.
    extra = factories.item(meeting, title="Appendix found later", published_at=None)
    meeting.refresh_from_db()
    officer_client.post(manage("publish", meeting), {"agenda_version": meeting.agenda_version})
    extra.refresh_from_db()
    assert extra.published_at is not None and not extra.is_late


def test_the_new_page_is_for_officers_only(non_officer_client):
    _, client = non_officer_client
    panel = factories.panel()
    url = reverse("manage:enter_past_meeting", kwargs={"slug": panel.slug})
    assert client.get(url).status_code in {302, 403, 404}
    response = client.post(url, {"date": "2020-01-07"})
    assert response.status_code in {302, 403, 404}
    assert not Meeting.objects.filter(panel=panel).exists()


def test_the_chair_check_reads_the_municipal_year_of_the_schedule_shown(officer_client):
    from meetings.models import Councillor, Membership
    from meetings.municipal_year import MunicipalYear

    panel = factories.panel()
    earlier = MunicipalYear.containing(timezone.localdate()).start_year - 4
    chair = Councillor.objects.create(council=panel.council, slug="chair-then", initials="A", surname="Chair")
    Membership.objects.create(panel=panel, councillor=chair, municipal_year=earlier, position=1, role="chair")
    url = reverse("manage:add_meeting", kwargs={"slug": panel.slug}) + f"?year={earlier}"
    page = officer_client.get(url).content.decode()
    assert f"The panel has a chair for {MunicipalYear(earlier)}" in page
    this_year = officer_client.get(reverse("manage:add_meeting", kwargs={"slug": panel.slug})).content.decode()
    assert "Ticked because the panel has no chair" in this_year
