"""The visibility querysets: the one rule for what each audience may read, and their instance twins."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.audience import ATTENDED_AS_MEMBER, OFFICER, PUBLIC, audience_for, members_of
from meetings.models import AgendaItem, AgendaPack, Document, Meeting, Membership, variant_for
from meetings.municipal_year import MunicipalYear, StartYearOf
from meetings.services import publish_agenda
from minutes import services as minutes_services
from minutes.models import Attendance, MinuteEntry
from tests import factories
from tests.minutes import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting_with_exempt_item():
    meeting = factories.published_meeting()
    factories.item(meeting, title="Public item", description="open")
    exempt = factories.item(meeting, title="Exempt item", description="closed", exempt_paragraph=1)
    factories.document(exempt, slug="closed-paper")
    factories.item(meeting, title="Unpublished", published_at=None)
    return meeting


def test_public_sees_published_items_with_exempt_description_blanked(meeting_with_exempt_item):
    items = {
        item.title: item for item in AgendaItem.objects.visible_to(PUBLIC).filter(meeting=meeting_with_exempt_item)
    }
    assert set(items) == {"Public item", "Exempt item"}
    assert items["Exempt item"].visible_description == "" and items["Exempt item"].is_restricted
    assert items["Public item"].visible_description == "open" and not items["Public item"].is_restricted


def test_the_panels_members_read_exempt_items(meeting_with_exempt_item):
    audience = members_of(meeting_with_exempt_item.pk)
    items = {
        item.title: item for item in AgendaItem.objects.visible_to(audience).filter(meeting=meeting_with_exempt_item)
    }
    assert items["Exempt item"].visible_description == "closed"
    assert Document.objects.visible_to(audience).filter(slug="closed-paper").exists()


def test_members_of_another_meeting_do_not(meeting_with_exempt_item):
    audience = members_of(factories.published_meeting().pk)
    items = {
        item.title: item for item in AgendaItem.objects.visible_to(audience).filter(meeting=meeting_with_exempt_item)
    }
    assert items["Exempt item"].visible_description == ""
    assert not Document.objects.visible_to(audience).filter(slug="closed-paper").exists()


def test_officers_see_everything_including_unpublished(meeting_with_exempt_item):
    titles = set(
        AgendaItem.objects.visible_to(OFFICER).filter(meeting=meeting_with_exempt_item).values_list("title", flat=True)
    )
    assert titles == {"Public item", "Exempt item", "Unpublished"}
    assert Document.objects.visible_to(OFFICER).filter(slug="closed-paper").exists()


def test_public_never_gets_exempt_or_unpublished_papers(meeting_with_exempt_item):
    public_item = meeting_with_exempt_item.agenda_items.get(title="Public item")
    factories.document(public_item, slug="draft-paper", published_at=None)
    factories.document(public_item, slug="exempt-appendix", exempt_paragraph=2)
    factories.document(public_item, slug="open-paper")
    slugs = set(
        Document.objects.visible_to(PUBLIC).filter(meeting=meeting_with_exempt_item).values_list("slug", flat=True)
    )
    assert slugs == {"open-paper"}


def test_audience_for_anonymous_and_staff(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert audience_for(AnonymousUser()) == PUBLIC
    officer = django_user_model.objects.create_user(email="s@example.org", password="x" * 20, role="officer")
    assert audience_for(officer).is_officer
    inactive = django_user_model.objects.create_user(
        email="i@example.org", password="x" * 20, role="officer", is_active=False
    )
    assert audience_for(inactive) == PUBLIC


# Minutes papers follow their minutes --------------------------------------------------------------------------


@pytest.fixture
def minutes_paper(panel_with_councillors, officer_user):
    """Published minutes, attached by publishing the next agenda as that agenda's paper."""
    panel, _, _ = panel_with_councillors
    today = timezone.localdate()
    held = factories.meeting(panel, date=today - datetime.timedelta(days=14))
    builders.agenda(held, "Budget")
    minutes = minutes_services.start_minutes(held, by=officer_user)
    minutes = minutes_services.publish_draft(minutes, by=officer_user)
    following = factories.meeting(panel, date=today + datetime.timedelta(days=14))
    item = factories.item(
        following, title="Minutes of the previous meeting", kind="previous_minutes", published_at=None
    )
    item.confirms_minutes.add(minutes)
    publish_agenda(following, by=officer_user)
    paper = Document.objects.get(meeting=following, minutes=minutes)
    return minutes, paper


def test_unpublished_minutes_take_their_paper_off_the_public_pages(minutes_paper, officer_user, client, committed):
    minutes, paper = minutes_paper
    meeting = paper.meeting
    pdf_url = reverse(
        "meetings:document_pdf", kwargs={"slug": meeting.panel.slug, "date": meeting.date, "document": paper.slug}
    )
    assert paper.title in client.get(meeting.get_absolute_url()).content.decode()
    assert client.get(pdf_url).status_code == 200

    with committed():
        minutes_services.unpublish_draft(minutes, by=officer_user)

    assert paper.title not in client.get(meeting.get_absolute_url()).content.decode()
    assert client.get(pdf_url).status_code == 404
    assert client.get(paper.get_absolute_url()).status_code == 404
    assert not Document.objects.visible_to(PUBLIC).filter(pk=paper.pk).exists()
    assert Document.objects.visible_to(OFFICER).filter(pk=paper.pk).exists()
    from portal.models import SearchEntry

    assert not SearchEntry.objects.visible_to(PUBLIC).filter(kind="document", object_id=paper.pk).exists()


def test_officers_get_404_not_500_for_the_pdf_of_unpublished_minutes(minutes_paper, officer_user, officer_client):
    minutes, paper = minutes_paper
    minutes_services.unpublish_draft(minutes, by=officer_user)
    meeting = paper.meeting
    url = reverse(
        "meetings:document_pdf", kwargs={"slug": meeting.panel.slug, "date": meeting.date, "document": paper.slug}
    )
    assert officer_client.get(url).status_code == 404


# An exempt item's minute is exempt --------------------------------------------------------------------------


def test_making_an_item_exempt_hides_its_minute_resolutions_and_actions(
    panel_with_councillors, officer_user, client, committed
):
    panel, _, _ = panel_with_councillors
    meeting = builders.meeting_this_year(panel)
    (item,) = builders.agenda(meeting, "Land at Riverside")
    minutes = factories.minutes(meeting)
    entry = factories.minute_entry(minutes, heading="Land at Riverside", agenda_item=item, body_html="<p>QX91</p>")
    factories.resolution(entry, "AGREED that QX92 be sold.")
    minutes_services.add_action(entry, minutes_services.ActionData(description="Value QX93"), by=officer_user)
    page = client.get(minutes.get_absolute_url()).content.decode()
    assert "QX91" in page and "QX92" in page and "QX93" in page

    item.exempt_paragraph = 3
    with committed():
        item.save()

    page = client.get(minutes.get_absolute_url()).content.decode()
    assert not any(marker in page for marker in ("QX91", "QX92", "QX93"))
    assert not MinuteEntry.objects.visible_to(PUBLIC).filter(pk=entry.pk).exists()
    from portal.models import SearchEntry

    assert not SearchEntry.objects.visible_to(PUBLIC).filter(kind__in=["minute", "resolution"], meeting=meeting)
    for path in ("/api/minutes/", "/api/resolutions/"):
        assert "QX9" not in client.get(path).content.decode()
    assert MinuteEntry.objects.visible_to(members_of(meeting.pk)).filter(pk=entry.pk).exists()
    assert MinuteEntry.objects.exempt().filter(pk=entry.pk).exists()
    assert MinuteEntry.objects.select_related("agenda_item").get(pk=entry.pk).is_exempt


# Seat dates -------------------------------------------------------------------------------------------------


@pytest.fixture
def panel_and_meetings():
    """A panel with meetings on 10 June, 10 September and 10 December of one municipal year."""
    panel = factories.panel()
    year = MunicipalYear(2031)
    dates = [datetime.date(2031, 6, 10), datetime.date(2031, 9, 10), datetime.date(2031, 12, 10)]
    return panel, year, [factories.published_meeting(panel, date=day) for day in dates]


def councillor_audience(django_user_model, councillor):
    user = django_user_model.objects.create_user(
        email=f"{councillor.slug}@example.org", password="x" * 20, role="councillor", councillor=councillor
    )
    return audience_for(user)


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "readable"),
    [
        (None, None, [True, True, True]),
        (None, datetime.date(2031, 7, 1), [True, False, False]),  # a former member: left in July
        (datetime.date(2031, 8, 1), None, [False, True, True]),  # joined mid-year
        (datetime.date(2031, 8, 1), datetime.date(2031, 9, 10), [False, True, False]),  # the last day counts
        (datetime.date(2031, 9, 10), datetime.date(2031, 9, 10), [False, True, False]),
    ],
)
def test_a_councillor_reads_exempt_papers_of_meetings_during_their_seat(
    panel_and_meetings, django_user_model, starts_on, ends_on, readable
):
    panel, year, meetings = panel_and_meetings
    councillor = builders.councillor("seat-holder", "Holder")
    Membership.objects.create(
        panel=panel, councillor=councillor, municipal_year=year.start_year, starts_on=starts_on, ends_on=ends_on
    )
    audience = councillor_audience(django_user_model, councillor)
    assert [audience.may_read_exempt(meeting) for meeting in meetings] == readable
    sql = set(Meeting.objects.exempt_readable_by(audience).filter(panel=panel).values_list("pk", flat=True))
    assert sql == {meeting.pk for meeting, yes in zip(meetings, readable, strict=True) if yes}
    assert [audience.sits_at(meeting) for meeting in meetings] == readable


def test_a_seat_of_another_year_or_panel_gives_nothing(panel_and_meetings, django_user_model):
    panel, year, meetings = panel_and_meetings
    councillor = builders.councillor("other-year", "Other")
    Membership.objects.create(panel=panel, councillor=councillor, municipal_year=year.start_year + 1)
    Membership.objects.create(panel=factories.panel(), councillor=councillor, municipal_year=year.start_year)
    audience = councillor_audience(django_user_model, councillor)
    assert not any(audience.may_read_exempt(meeting) for meeting in meetings)
    assert not Meeting.objects.exempt_readable_by(audience).filter(panel=panel).exists()


@pytest.mark.parametrize(
    ("category", "reads"),
    [("present", True), ("substitute", True), ("attending", False), ("apologies", False), ("absent", False)],
)
def test_a_councillor_who_attended_as_a_member_reads_that_meetings_exempt_papers(
    panel_and_meetings, django_user_model, category, reads
):
    panel, _, meetings = panel_and_meetings
    councillor = builders.councillor("substitute", "Sub")
    minutes = factories.minutes(meetings[1])
    Attendance.objects.create(minutes=minutes, category=category, councillor=councillor)
    audience = councillor_audience(django_user_model, councillor)
    assert [audience.may_read_exempt(meeting) for meeting in meetings] == [False, reads, False]
    assert Meeting.objects.exempt_readable_by(audience).filter(panel=panel).exists() == reads
    assert not audience.sits_at(meetings[1])  # attending is not a seat: no apologies for later meetings


def test_the_attended_categories_are_the_minutes_own():
    assert set(ATTENDED_AS_MEMBER) == {Attendance.Category.PRESENT, Attendance.Category.SUBSTITUTE}


def test_the_municipal_year_in_sql_is_the_one_in_python():
    days = [
        datetime.date(2031, 4, 30),
        datetime.date(2031, 5, 1),
        datetime.date(2031, 12, 31),
        datetime.date(2032, 1, 1),
    ]
    meeting = factories.meeting()
    for day in days:
        Meeting.objects.filter(pk=meeting.pk).update(date=day)
        year = Meeting.objects.filter(pk=meeting.pk).annotate(year=StartYearOf("date")).get().year
        assert year == MunicipalYear.containing(day).start_year, day


def test_the_filter_does_not_grow_with_the_number_of_seats(panel_and_meetings, django_user_model):
    panel, year, meetings = panel_and_meetings
    few, many = builders.councillor("few-seats", "Few"), builders.councillor("many-seats", "Many")
    Membership.objects.create(panel=panel, councillor=few, municipal_year=year.start_year)
    for n in range(12):
        Membership.objects.create(panel=factories.panel(), councillor=many, municipal_year=year.start_year - n)
    Membership.objects.create(panel=panel, councillor=many, municipal_year=year.start_year)

    def sql(councillor) -> str:
        audience = councillor_audience(django_user_model, councillor)
        statement, _ = Document.objects.visible_to(audience).query.sql_with_params()
        return statement

    assert sql(few) == sql(many)


# One variant_for, one exempt rule -------------------------------------------------------------------------


def test_variant_for_is_the_members_pack_only_for_those_who_may_read_exempt_papers(meeting_with_exempt_item):
    meeting = meeting_with_exempt_item
    assert variant_for(PUBLIC, meeting) == AgendaPack.Variant.PUBLIC
    assert variant_for(members_of(factories.meeting().pk), meeting) == AgendaPack.Variant.PUBLIC
    assert variant_for(members_of(meeting.pk), meeting) == AgendaPack.Variant.MEMBERS
    assert variant_for(OFFICER, meeting) == AgendaPack.Variant.MEMBERS


def test_is_this_paper_exempt_has_one_answer(meeting_with_exempt_item):
    open_item = meeting_with_exempt_item.agenda_items.get(title="Public item")
    factories.document(open_item, slug="appendix", exempt_paragraph=2)
    factories.document(open_item, slug="open")
    papers = Document.objects.filter(meeting=meeting_with_exempt_item).select_related("agenda_item")
    exempt = set(Document.objects.exempt().filter(meeting=meeting_with_exempt_item).values_list("slug", flat=True))
    assert exempt == {paper.slug for paper in papers if paper.is_exempt} == {"closed-paper", "appendix"}
