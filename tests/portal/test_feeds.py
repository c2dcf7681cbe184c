"""The Atom feeds of newly published agendas, papers and minutes, for everyone and per panel."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from tests import factories
from tests.portal.test_api import assert_no_secrets, build_exempt_meeting

pytestmark = pytest.mark.usefixtures("seed")

ATOM = "{http://www.w3.org/2005/Atom}"
PANEL = "children-and-young-peoples-social-care-and-services"
BOARD = "overview-and-scrutiny-board"


def feed(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root: ET.Element) -> dict[str, ET.Element]:
    return {entry.findtext(f"{ATOM}title"): entry for entry in root.iter(f"{ATOM}entry")}


def test_latest_feed_lists_the_seed_agenda_papers_and_minutes(client):
    titles = entries(feed(client, reverse("feed_latest")))
    assert "Locality Working: Background and Business Case" in titles
    assert "12 month review report into Children's Services in Middlesbrough" in titles
    panel = "Children and Young People’s Social Care and Services Scrutiny Panel"
    assert f"Agenda: {panel}, 21 September 2021" in titles
    assert f"Minutes: {panel}, 27 July 2021" in titles
    paper = titles["Locality Working: Background and Business Case"]
    link = paper.find(f"{ATOM}link").get("href")
    assert link == f"http://testserver/panels/{PANEL}/meetings/2021-09-21/documents/locality-working/"


def test_every_entry_has_an_id_and_an_updated_date_as_atom_requires(client):
    root = feed(client, reverse("feed_latest"))
    assert root.findtext(f"{ATOM}updated")
    ids = [entry.findtext(f"{ATOM}id") for entry in root.iter(f"{ATOM}entry")]
    assert len(ids) == len(set(ids)) and all(id_.startswith("tag:testserver,") for id_ in ids)
    for entry in root.iter(f"{ATOM}entry"):
        datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))


def test_entries_are_newest_first_across_agendas_papers_and_minutes(client):
    """The three kinds are read separately; the feed interleaves them by date (here the newest is a paper, then
    minutes, then an agenda: the opposite of the order they are read in)."""
    now = timezone.now()
    panel = factories.panel()
    older = factories.meeting(
        panel, status=Meeting.Status.AGENDA_PUBLISHED, agenda_published_at=now - datetime.timedelta(hours=9)
    )
    factories.document(factories.item(older), title="Late report", published_at=now - datetime.timedelta(hours=1))
    factories.minutes(older, published_at=now - datetime.timedelta(hours=2))
    newer = factories.meeting(
        panel, status=Meeting.Status.AGENDA_PUBLISHED, agenda_published_at=now - datetime.timedelta(hours=3)
    )
    root = feed(client, reverse("feed_latest"))
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    assert titles[:4] == [
        "Late report",
        f"Minutes: {panel.name}, {older.date.day} {older.date:%B %Y}",
        f"Agenda: {panel.name}, {newer.date.day} {newer.date:%B %Y}",
        f"Agenda: {panel.name}, {older.date.day} {older.date:%B %Y}",
    ]
    updated = [datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) for entry in root.iter(f"{ATOM}entry")]
    assert updated == sorted(updated, reverse=True)


def test_panel_feed_has_only_that_panels_publications(client):
    titles = entries(feed(client, reverse("panel_feed", kwargs={"slug": PANEL})))
    assert "Locality Working: Background and Business Case" in titles
    assert entries(feed(client, reverse("panel_feed", kwargs={"slug": BOARD}))) == {}
    assert client.get(reverse("panel_feed", kwargs={"slug": "no-such-panel"})).status_code == 404


def test_confirmed_minutes_are_updated_when_confirmed(client):
    titles = entries(feed(client, reverse("feed_latest")))
    minutes = titles["Minutes: Children and Young People’s Social Care and Services Scrutiny Panel, 27 July 2021"]
    assert minutes.findtext(f"{ATOM}published").startswith("2021-09-12T23:00:00")
    assert minutes.findtext(f"{ATOM}updated") == "2021-09-21T16:00:00+01:00"


def test_feed_query_count_is_fixed_whatever_the_number_of_papers(client):
    def build(papers: int) -> str:
        meeting = factories.published_meeting(factories.panel())
        item = factories.item(meeting)
        for _ in range(papers):
            factories.document(item)
        factories.minutes(meeting, published_at=timezone.now())
        return meeting.panel.slug

    def count(slug: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("panel_feed", kwargs={"slug": slug})).status_code == 200
        return len(queries)

    small, large = build(1), build(25)
    assert count(small) == count(large) <= 4


# Exempt content never appears -------------------------------------------------------------------------------


def test_no_role_gets_exempt_or_draft_content_from_the_feeds(role_client, panel_with_councillors):
    """Feeds are public: they are the same whoever asks, the panel's own councillors and officers included."""
    role, client = role_client
    meeting, _ = build_exempt_meeting(panel_with_councillors[0])
    for url in [reverse("feed_latest"), reverse("panel_feed", kwargs={"slug": meeting.panel.slug})]:
        root = feed(client, url)
        titles = entries(root)
        assert f"Agenda: {meeting.panel.name}, {meeting.date.day} {meeting.date:%B %Y}" in titles, url
        assert (
            "Open paper" in titles
            and f"Minutes: {meeting.panel.name}, {meeting.date.day} {meeting.date:%B %Y}" in titles
        )
        assert_no_secrets(ET.tostring(root, encoding="unicode"), f"{url} for {role}")


def test_feeds_are_read_only(client):
    assert client.post(reverse("feed_latest")).status_code == 405
