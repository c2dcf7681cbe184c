"""Retention of the public record (s100C: six years; s100D: four years for background papers), counted from the
meeting's date: the portal refuses to delete or replace a public record inside its period, in the agenda editor,
its services and the admin, except to withdraw exempt content; the retention report says when each period ends."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, BackgroundPaper, Document, Meeting
from meetings.retention import (
    BACKGROUND_PAPERS,
    RECORD,
    background_papers_kept_until,
    period_end,
    record_kept_until,
    retention_schedule,
)
from meetings.services import (
    add_background_paper,
    remove_background_paper,
    remove_document,
    remove_item,
    update_background_paper,
    update_report,
)
from portal.errors import Refused
from tests import factories

pytestmark = pytest.mark.usefixtures("seed")

SEED_DATE = datetime.date(2021, 9, 21)


def today() -> datetime.date:
    return timezone.localdate()


def years_ago(years: int, days: int = 0) -> datetime.date:
    day = today()
    try:
        day = day.replace(year=day.year - years)
    except ValueError:
        day = day.replace(year=day.year - years, day=28)
    return day - datetime.timedelta(days=days)


def test_periods_begin_with_the_day_of_the_meeting():
    assert record_kept_until(SEED_DATE) == datetime.date(2027, 9, 20)
    assert background_papers_kept_until(SEED_DATE) == datetime.date(2025, 9, 20)
    # 29 February: the period ends on the last day of February of the year it ends.
    assert period_end(datetime.date(2020, 2, 29), 6) == datetime.date(2026, 2, 28)
    assert period_end(datetime.date(2024, 2, 29), 4) == datetime.date(2028, 2, 28)
    assert period_end(datetime.date(2021, 1, 1), 6) == datetime.date(2026, 12, 31)


def published_paper(meeting_date: datetime.date) -> Document:
    meeting = factories.published_meeting(date=meeting_date)
    return factories.document(factories.item(meeting), title="Depot report")


@pytest.mark.parametrize(
    ("meeting_date", "refused"),
    [
        (years_ago(6, days=-1), True),  # today is the last day of its six years
        (years_ago(6), False),  # the sixth anniversary: the six years ended yesterday
        (years_ago(7), False),
        (years_ago(1), True),
    ],
)
def test_a_public_paper_is_kept_for_six_years_from_its_meeting(meeting_date, refused, officer_user):
    paper = published_paper(meeting_date)
    meeting = paper.meeting
    if refused:
        with pytest.raises(Refused, match="section 100C"):
            remove_document(paper, agenda_version=meeting.agenda_version, by=officer_user)
        assert Document.objects.filter(pk=paper.pk).exists()
    else:
        remove_document(paper, agenda_version=meeting.agenda_version, by=officer_user)
        assert not Document.objects.filter(pk=paper.pk).exists()


def test_withdrawing_exempt_content_and_unpublished_drafts_are_not_refused(officer_user):
    paper = published_paper(today())
    meeting, pk = paper.meeting, paper.pk
    remove_document(paper, agenda_version=meeting.agenda_version, by=officer_user, as_exempt=True)
    record = Document.history.filter(id=pk, history_type="-").get()
    assert record.history_change_reason == "Removed: it held exempt information"
    draft = factories.document(factories.item(factories.meeting(), published_at=None), published_at=None)
    remove_document(draft, agenda_version=draft.meeting.agenda_version, by=officer_user)
    assert not Document.objects.filter(pk=draft.pk).exists()


def test_the_seed_record_from_2021_is_still_kept_and_the_editor_says_why(officer_client):
    """The seed meeting of 21 September 2021 is kept until 20 September 2027, whatever today's date."""
    meeting = Meeting.objects.get(date=SEED_DATE)
    item = meeting.agenda_items.filter(documents__isnull=False).first()
    paper = item.documents.first()
    url = reverse(
        "manage:paper_remove", kwargs={"slug": meeting.panel.slug, "date": meeting.date, "document_id": paper.pk}
    )
    response = officer_client.post(url, {"agenda_version": meeting.agenda_version}, follow=True)
    page = response.content.decode()
    assert "until 20 September 2027" in page and "section 100C of the Local Government Act 1972" in page
    assert Document.objects.filter(pk=paper.pk).exists()
    # The same with htmx: the workspace says it where the officer looks.
    item_url = reverse(
        "manage:item_remove", kwargs={"slug": meeting.panel.slug, "date": meeting.date, "item_id": item.pk}
    )
    meeting.refresh_from_db()
    fragment = officer_client.post(item_url, {"agenda_version": meeting.agenda_version}, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 422 and "cannot be removed before then" in fragment.content.decode()
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_a_published_item_is_kept_and_its_text_is_not_replaced(officer_user):
    paper = published_paper(today())
    item, meeting = paper.agenda_item, paper.meeting
    with pytest.raises(Refused, match="cannot be removed"):
        remove_item(item, agenda_version=meeting.agenda_version, by=officer_user)
    with pytest.raises(Refused, match="cannot be replaced"):
        update_report(paper, version=paper.version, by=officer_user, body_html="<p>Something else.</p>")
    # Its title, and making it exempt, are not replacements of the published text.
    saved = update_report(
        paper, version=paper.version, by=officer_user, title="Depot report (revised title)", body_html=paper.body_html
    )
    assert saved.title == "Depot report (revised title)"


def test_background_papers_are_kept_four_years(officer_user):
    recent = published_paper(years_ago(3))
    listed = add_background_paper(recent, title="Survey of depots", inspection="Democratic Services", by=officer_user)
    with pytest.raises(Refused, match="section 100D"):
        remove_background_paper(listed, by=officer_user)
    with pytest.raises(Refused, match="cannot be replaced"):
        update_background_paper(listed, title="Another survey", inspection="Library", url="", by=officer_user)
    linked = update_background_paper(
        listed, title=listed.title, inspection="Central Library", url="https://example.org/survey.pdf", by=officer_user
    )
    assert linked.url == "https://example.org/survey.pdf"
    # Five years on, the background paper may go; the report itself is kept for six.
    old = published_paper(years_ago(5))
    expired = add_background_paper(old, title="Old survey", inspection="Democratic Services", by=officer_user)
    remove_background_paper(expired, by=officer_user)
    assert not BackgroundPaper.objects.filter(pk=expired.pk).exists()
    with pytest.raises(Refused, match="section 100C"):
        remove_document(old, agenda_version=old.meeting.agenda_version, by=officer_user)


@pytest.fixture
def admin_client(django_user_model):
    admin = django_user_model.objects.create_user(email="admin@example.org", password="x" * 20, role="admin")
    client = Client()
    client.force_login(admin)
    return client


def test_the_admin_refuses_to_delete_a_kept_record(admin_client):
    paper = published_paper(today())
    meeting = paper.meeting
    assert admin_client.get(reverse("admin:meetings_document_delete", args=[paper.pk])).status_code == 403
    change = admin_client.get(reverse("admin:meetings_document_change", args=[paper.pk])).content.decode()
    assert "cannot be deleted before then" in change
    # The bulk action, and deleting the meeting (which would take its papers with it), are refused too.
    bulk = admin_client.post(
        reverse("admin:meetings_document_changelist"),
        {"action": "delete_selected", "_selected_action": [paper.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 403)
    assert admin_client.get(reverse("admin:meetings_meeting_delete", args=[meeting.pk])).status_code == 403
    assert Document.objects.filter(pk=paper.pk).exists() and Meeting.objects.filter(pk=meeting.pk).exists()
    # The text of a kept report cannot be edited in the admin either.
    assert 'name="body_html"' not in change
    # An unpublished draft can still be deleted there.
    draft = factories.document(factories.item(factories.meeting(), published_at=None), published_at=None)
    assert admin_client.get(reverse("admin:meetings_document_delete", args=[draft.pk])).status_code == 200


def test_the_admin_refuses_to_delete_kept_minutes(admin_client):
    from minutes.models import Minutes

    minutes = Minutes.objects.get(meeting__date=datetime.date(2021, 7, 27))
    assert minutes.is_public
    assert admin_client.get(reverse("admin:minutes_minutes_delete", args=[minutes.pk])).status_code == 403
    entry = minutes.entries.first()
    assert admin_client.get(reverse("admin:minutes_minuteentry_delete", args=[entry.pk])).status_code == 403


def test_the_retention_report_says_when_each_period_ends(officer_client, officer_user):
    old = published_paper(years_ago(7))
    add_background_paper(
        Document.objects.filter(meeting__date=SEED_DATE).first(),
        title="Ofsted letter",
        inspection="Democratic Services",
        by=officer_user,
    )
    record = retention_schedule(today(), RECORD)
    assert old.meeting in [row.meeting for row in record.ended]
    seed = Meeting.objects.get(date=SEED_DATE)
    kept = {row.meeting: row for row in record.ending_soon + record.later}
    assert kept[seed].ends == datetime.date(2027, 9, 20)
    background = retention_schedule(today(), BACKGROUND_PAPERS)
    assert [row.meeting for row in background.ended] == [seed]  # ended on 20 September 2025
    with CaptureQueriesContext(connection) as queries:
        page = officer_client.get(reverse("manage:retention")).content.decode()
    assert len(queries) <= 8
    assert "20 September 2027" in page and "20 September 2025" in page
    assert "section 100C" in page and "section 100D" in page


def test_only_officers_read_the_retention_report(non_officer_client):
    _, client = non_officer_client
    assert client.get(reverse("manage:retention")).status_code in (302, 403, 404)
