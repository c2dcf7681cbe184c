"""Councillors: their own page, apologies and private notes, each only for those allowed."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings.models import Apology
from meetings.services import publish_agenda
from minutes.models import Action
from portal.models import PrivateNote
from tests import factories

pytestmark = pytest.mark.usefixtures("seed")

HOME = "/accounts/my/"


@pytest.fixture
def coming_meeting(panel_with_councillors, officer_user):
    """A published meeting of the councillor's panel with a public paper and an exempt paper."""
    panel, _, _ = panel_with_councillors
    meeting = factories.meeting(panel, date=timezone.localdate() + datetime.timedelta(days=20))
    public_item = factories.item(meeting, title="Budget", published_at=None)
    factories.document(public_item, slug="budget-report", title="Budget report", published_at=None)
    exempt_item = factories.item(meeting, title="Contract award", exempt_paragraph=3, published_at=None)
    factories.document(
        exempt_item, slug="tender", title="Tender evaluation 5521", body_html="<p>EXEMPT-5521</p>", published_at=None
    )
    publish_agenda(meeting, by=officer_user)
    return meeting


def test_councillor_home_shows_meetings_packs_new_and_exempt_papers(councillor_client, coming_meeting):
    content = councillor_client.get(HOME).content.decode()
    assert "Councillor A Member" in content
    assert coming_meeting.panel.name in content
    assert "Members’ pack, version 1" in content and "Public pack, version 1" in content
    assert "Budget report" in content
    assert "Tender evaluation 5521" in content and "Exempt, paragraph 3" in content
    assert "Send apologies" in content


def test_councillor_of_another_panel_sees_none_of_it(other_councillor_client, coming_meeting):
    content = other_councillor_client.get(HOME).content.decode()
    assert "Tender evaluation 5521" not in content and coming_meeting.panel.name not in content


@pytest.mark.parametrize("who", ["anonymous", "officer"])
def test_councillor_home_is_for_councillors(who, officer_client):
    client = officer_client if who == "officer" else Client()
    response = client.get(HOME)
    assert response.status_code == (404 if who == "officer" else 302)


def test_marking_papers_seen_empties_the_new_papers_list(councillor_client, coming_meeting):
    councillor_client.post(reverse("accounts:papers_seen"))
    content = councillor_client.get(HOME).content.decode()
    assert "No new papers since" in content


def test_open_actions_of_my_panels(councillor_client, panel_with_councillors):
    panel, _, _ = panel_with_councillors
    minutes = factories.minutes(factories.meeting(panel, date=timezone.localdate() - datetime.timedelta(days=10)))
    entry = factories.minute_entry(minutes)
    Action.objects.create(entry=entry, description="Send the figures on school places", due_text="in due course")
    assert "Send the figures on school places" in councillor_client.get(HOME).content.decode()


def test_sending_changing_and_withdrawing_apologies(councillor_client, councillor_user, coming_meeting, officer_client):
    url = reverse("meetings:apologies", kwargs={"slug": coming_meeting.panel.slug, "date": coming_meeting.date})
    response = councillor_client.post(url, {"message": "Hospital appointment"})
    assert response.status_code == 302
    apology = Apology.objects.get(meeting=coming_meeting)
    assert apology.councillor == councillor_user.councillor and apology.message == "Hospital appointment"
    agenda = officer_client.get(
        reverse("manage:agenda", kwargs={"slug": coming_meeting.panel.slug, "date": coming_meeting.date})
    ).content.decode()
    assert "Apologies received" in agenda and "Councillor A Member" in agenda
    assert "Hospital appointment" not in Client().get(coming_meeting.get_absolute_url()).content.decode()
    councillor_client.post(url, {"withdraw": "1"})
    assert not Apology.objects.filter(meeting=coming_meeting).exists()


def test_apologies_only_from_members_and_only_before_the_meeting(
    other_councillor_client, councillor_client, officer_client, panel_with_councillors
):
    panel, _, _ = panel_with_councillors
    coming = factories.meeting(panel, date=timezone.localdate() + datetime.timedelta(days=5))
    url = reverse("meetings:apologies", kwargs={"slug": panel.slug, "date": coming.date})
    assert other_councillor_client.post(url, {"message": "x"}).status_code == 404
    assert officer_client.get(url).status_code == 404
    assert Client().get(url).status_code == 302
    past = factories.meeting(panel, date=timezone.localdate() - datetime.timedelta(days=5))
    past_url = reverse("meetings:apologies", kwargs={"slug": panel.slug, "date": past.date})
    councillor_client.post(past_url, {"message": "late"})
    assert not Apology.objects.filter(meeting=past).exists()
    assert "can no longer be sent" in councillor_client.get(past_url).content.decode()


def test_private_notes_are_seen_by_their_author_only_and_outlive_pack_versions(
    councillor_client, councillor_user, other_councillor_client, officer_client, officer_user, coming_meeting
):
    paper = coming_meeting.documents.get(slug="budget-report")
    note_url = reverse(
        "meetings:document_note",
        kwargs={"slug": coming_meeting.panel.slug, "date": coming_meeting.date, "document": paper.slug},
    )
    councillor_client.post(note_url, {"text": "Ask about the reserves NOTE-8812"})
    assert PrivateNote.objects.get(author=councillor_user).text == "Ask about the reserves NOTE-8812"
    assert "NOTE-8812" in councillor_client.get(paper.get_absolute_url()).content.decode()
    for other in (other_councillor_client, officer_client, Client()):
        assert "NOTE-8812" not in other.get(paper.get_absolute_url()).content.decode()
    # A revised pack does not lose it: the note belongs to the paper, not to a pack.
    factories.item(coming_meeting, title="Late item", published_at=None)
    publish_agenda(coming_meeting, by=officer_user)
    assert "NOTE-8812" in councillor_client.get(paper.get_absolute_url()).content.decode()
    councillor_client.post(note_url, {"text": "  "})
    assert not PrivateNote.objects.exists()


def test_notes_only_on_papers_the_reader_may_open(other_councillor_client, councillor_client, coming_meeting):
    exempt = coming_meeting.documents.get(slug="tender")
    url = reverse(
        "meetings:document_note",
        kwargs={"slug": coming_meeting.panel.slug, "date": coming_meeting.date, "document": exempt.slug},
    )
    assert other_councillor_client.post(url, {"text": "x"}).status_code == 404
    assert Client().post(url, {"text": "x"}).status_code == 302
    assert councillor_client.post(url, {"text": "Fine for a member"}).status_code == 302
    assert PrivateNote.objects.count() == 1


# Query budgets: the same whatever the number of seats, meetings and pack versions ----------------------------


def test_councillor_home_and_meeting_page_query_budgets(
    councillor_client, councillor_user, coming_meeting, officer_user, django_assert_num_queries
):
    """Session, user, the audience (seats and attendance in one query), then the page's own reads (the meeting
    page's eleventh lists the reports' background papers, s100D; its twelfth, with the tests' in-process cache,
    reads the reader version of the shared agenda, which production keeps in Redis). The meeting page is read
    rendered: the cache is emptied first, since the test's changes never commit to move the version on."""
    from django.core.cache import cache

    from meetings.models import AgendaPack, Membership
    from meetings.municipal_year import MunicipalYear
    from meetings.services import withdraw_pack

    # 12: the page's reads include the recommendations of the councillor's panels awaiting a response.
    with django_assert_num_queries(12):
        assert councillor_client.get(HOME).status_code == 200
    with django_assert_num_queries(12):
        assert councillor_client.get(coming_meeting.get_absolute_url()).status_code == 200

    # Many more seats, meetings and versions (one withdrawn): the same number of queries.
    year = MunicipalYear.containing(timezone.localdate()).start_year
    for n in range(8):
        panel = factories.panel()
        Membership.objects.create(panel=panel, councillor=councillor_user.councillor, municipal_year=year - n - 1)
        Membership.objects.create(panel=panel, councillor=councillor_user.councillor, municipal_year=year)
        meeting = factories.meeting(panel, date=timezone.localdate() + datetime.timedelta(days=5 + n))
        factories.document(factories.item(meeting, published_at=None), published_at=None)
        publish_agenda(meeting, by=officer_user)
    factories.document(coming_meeting.agenda_items.first(), title="Late paper", published_at=None)
    publish_agenda(coming_meeting, by=officer_user)
    withdraw_pack(
        AgendaPack.objects.get(meeting=coming_meeting, variant="public", version=1), reason="Exempt", by=officer_user
    )
    # 12: the page's reads include the recommendations of the councillor's panels awaiting a response.
    with django_assert_num_queries(12):
        assert councillor_client.get(HOME).status_code == 200
    cache.clear()
    with django_assert_num_queries(12):
        content = councillor_client.get(coming_meeting.get_absolute_url()).content.decode()
    assert "Withdrawn" in content
