"""The public pages: every page answers, shows the seed content, and hides what the public may not read."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Meeting
from tests import factories

pytestmark = pytest.mark.usefixtures("seed")

PANEL = "children-and-young-peoples-social-care-and-services"


def meeting_url(date: str, slug: str = PANEL) -> str:
    return reverse("meetings:meeting_detail", kwargs={"slug": slug, "date": date})


def test_home_lists_panels_and_latest_papers(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Children and Young People’s Social Care and Services Scrutiny Panel" in content
    assert "Locality Working: Background and Business Case" in content


def test_panel_list(client):
    response = client.get(reverse("meetings:panel_list"))
    assert response.status_code == 200
    assert "Overview and Scrutiny Board" in response.content.decode()


def test_panel_page_shows_members_vacancy_meetings_work_programme_and_contact(client):
    response = client.get(reverse("meetings:panel_detail", kwargs={"slug": PANEL}))
    assert response.status_code == 200
    content = response.content.decode()
    for name in [
        "D Davison",
        "T Higgins",
        "T Mawston",
        "M Nugent",
        "Z Uddin",
        "M Storey",
        "J Walker",
        "G Wilson",
    ]:
        assert f"Councillor {name}" in content
    assert "+ 1 vacancy" in content
    assert "Membership 2021/22" in content
    assert "Tuesday 21 September 2021" in content
    assert "PACE bed provision." in content
    assert "Full review" in content and "Regular update" in content
    assert "joanne_dixon@middlesbrough.gov.uk" in content
    assert "Overview and Scrutiny Board" in content


def test_meeting_page_shows_the_agenda_in_order(client):
    response = client.get(meeting_url("2021-09-21"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "4.00pm" in content and "Virtual" in content
    assert "livestreamed via the Council’s YouTube channel" in content
    positions = [content.index(f">Item {n}: <") for n in range(1, 11)]
    assert positions == sorted(positions)
    assert "To seek nominations and appoint a Chair ‘Pro-Tem’ for this meeting." in content
    assert "Presented by S Butcher, Executive Director of Children’s Services" in content
    assert "Locality Working: Background and Business Case" in content
    assert "Monday 13 September 2021 by Charlotte Benjamin, Director of Legal and Governance Services" in content


def test_meeting_page_links_published_minutes(client):
    content = client.get(meeting_url("2021-07-27")).content.decode()
    assert reverse("minutes:minutes_detail", kwargs={"slug": PANEL, "date": "2021-07-27"}) in content
    assert "Confirmed as a correct record" in content


def test_moved_meeting_old_date_redirects_to_new_date(client):
    response = client.get(meeting_url("2022-04-18"))
    assert response.status_code == 301
    assert response["Location"] == meeting_url("2022-04-26")
    content = client.get(meeting_url("2022-04-26")).content.decode()
    assert "moved from Monday 18 April 2022 to Tuesday 26 April 2022 at 4.00pm" in content


def test_document_page_renders_report_as_html(client):
    url = reverse(
        "meetings:document_detail",
        kwargs={"slug": PANEL, "date": "2021-09-21", "document": "locality-working"},
    )
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<table" in content and "<caption>Table 2 – Qualitative Benefits</caption>" in content
    assert '<th scope="row">MS17</th>' in content


def test_minutes_document_redirects_to_minutes_page(client):
    url = reverse(
        "meetings:document_detail",
        kwargs={"slug": PANEL, "date": "2021-09-21", "document": "minutes-2021-07-27"},
    )
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("minutes:minutes_detail", kwargs={"slug": PANEL, "date": "2021-07-27"})


def test_minutes_page_shows_attendance_entries_and_resolutions(client):
    response = client.get(reverse("minutes:minutes_detail", kwargs={"slug": PANEL, "date": "2021-07-27"}))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Councillor Garvey (Chair)" in content
    assert "Councillor Dodds (Vice Chair)" in content
    assert "S Bonner, S Butcher and J Dixon" in content
    assert "Councillors M Nugent, M Storey and J Walker" in content
    assert "There were no Declarations of Interest made by Members at this point in the meeting." in content
    assert content.count("AGREED") == 5
    assert "in due course" in content
    assert "Approved as a correct record" in content


@pytest.mark.parametrize(
    "url",
    [
        "/panels/no-such-panel/",
        f"/panels/{PANEL}/meetings/2021-09-22/",
        f"/panels/{PANEL}/meetings/2021-02-30/",
        "/panels/overview-and-scrutiny-board/meetings/2021-09-21/",
        f"/panels/{PANEL}/meetings/2021-09-21/documents/no-such-paper/",
        f"/panels/{PANEL}/meetings/2021-10-11/minutes/",
        "/no-such-page/",
    ],
)
def test_unknown_addresses_answer_404(client, url):
    assert client.get(url).status_code == 404


def test_pages_refuse_post(client):
    assert client.post(meeting_url("2021-09-21")).status_code == 405


# Exempt items -----------------------------------------------------------------------------------------------


@pytest.fixture
def exempt_meeting(db):
    meeting = factories.published_meeting(factories.panel())
    factories.item(meeting, title="Budget monitoring", description="Public description.")
    exempt = factories.item(meeting, title="Contract award", description="SECRET-DESCRIPTION-7731", exempt_paragraph=3)
    factories.document(exempt, slug="exempt-paper", title="Tender evaluation", body_html="<p>SECRET-BODY-7731</p>")
    public_item = factories.item(meeting, title="Open item")
    factories.document(
        public_item,
        slug="exempt-appendix",
        title="Exempt appendix",
        exempt_paragraph=1,
        body_html="<p>SECRET-APPENDIX-7731</p>",
    )
    return meeting


def test_public_sees_exempt_item_listed_with_paragraph_but_no_content(client, exempt_meeting):
    content = client.get(exempt_meeting.get_absolute_url()).content.decode()
    assert "Contract award" in content
    assert "Exempt: paragraph 3 of Schedule 12A" in content
    assert "SECRET" not in content
    assert "Tender evaluation" not in content and "Exempt appendix" not in content


def test_public_gets_404_for_exempt_papers(client, exempt_meeting):
    for slug in ["exempt-paper", "exempt-appendix"]:
        url = reverse(
            "meetings:document_detail",
            kwargs={"slug": exempt_meeting.panel.slug, "date": exempt_meeting.date, "document": slug},
        )
        response = client.get(url)
        assert response.status_code == 404
        assert b"SECRET" not in response.content


def test_officer_sees_exempt_content_marked_not_for_publication(officer_client, exempt_meeting):
    content = officer_client.get(exempt_meeting.get_absolute_url()).content.decode()
    assert "SECRET-DESCRIPTION-7731" in content
    assert "Not for publication" in content
    url = reverse(
        "meetings:document_detail",
        kwargs={"slug": exempt_meeting.panel.slug, "date": exempt_meeting.date, "document": "exempt-paper"},
    )
    assert "SECRET-BODY-7731" in officer_client.get(url).content.decode()


def test_public_home_never_lists_exempt_papers(client, exempt_meeting):
    content = client.get(reverse("home")).content.decode()
    assert "Tender evaluation" not in content and "Exempt appendix" not in content


def test_unpublished_agenda_items_are_hidden_from_the_public(client):
    meeting = factories.meeting()
    factories.item(meeting, title="Draft item not yet published", published_at=None)
    content = client.get(meeting.get_absolute_url()).content.decode()
    assert "Draft item not yet published" not in content
    assert "has not been published yet" in content


# Query budgets ----------------------------------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    """Queries for a first (uncached) anonymous visit: one of them reads the page cache's content version."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def build_meeting(items: int, papers_per_item: int) -> Meeting:
    meeting = factories.published_meeting(factories.panel())
    for n in range(items):
        item = factories.item(meeting, exempt_paragraph=3 if n % 5 == 0 else None)
        for _ in range(papers_per_item):
            factories.document(item)
    return meeting


def test_meeting_page_query_count_is_fixed_whatever_the_number_of_items(client):
    small, large = build_meeting(2, 1), build_meeting(25, 3)
    # 9: the ninth lists the reports' background papers (s100D), for every paper at once.
    assert count_queries(client, small.get_absolute_url()) == count_queries(client, large.get_absolute_url()) <= 9


def test_panel_page_query_count_is_fixed_whatever_the_number_of_meetings(client):
    small, large = factories.panel(), factories.panel()
    factories.published_meeting(small)
    for n in range(30):
        factories.meeting(large, date=datetime.date(2031, 1, 1) + datetime.timedelta(days=n))
    small_count = count_queries(client, small.get_absolute_url())
    assert small_count == count_queries(client, large.get_absolute_url()) <= 9


def test_minutes_page_query_count_is_fixed_whatever_the_number_of_entries(client):
    def build(entries: int):
        minutes = factories.minutes(factories.meeting())
        for _ in range(entries):
            entry = factories.minute_entry(minutes)
            factories.resolution(entry)
        return minutes

    small, large = build(1), build(30)
    assert count_queries(client, small.get_absolute_url()) == count_queries(client, large.get_absolute_url()) <= 8


def test_seed_pages_stay_within_query_budgets(client):
    assert count_queries(client, meeting_url("2021-09-21")) <= 9  # the ninth: background papers
    # The tenth: the work programme topics' recommendations, one query for the whole programme.
    assert count_queries(client, reverse("meetings:panel_detail", kwargs={"slug": PANEL})) <= 10
    assert count_queries(client, reverse("home")) <= 5


def test_a_one_page_pack_is_called_one_page(client):
    from meetings.services import build_meeting_packs

    meeting = factories.published_meeting()
    factories.item(meeting, title="Verbal update on recruitment")
    assert build_meeting_packs(meeting)[0].pack.page_count == 1
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "(PDF, 1 page," in page and "1 pages" not in page


def meeting_for(panel, items: int) -> Meeting:
    from django.utils import timezone

    from meetings.municipal_year import MunicipalYear

    day = MunicipalYear.containing(timezone.localdate()).first_day + datetime.timedelta(days=30 + items)
    meeting = factories.published_meeting(panel, date=day)
    for n in range(items):
        factories.document(factories.item(meeting, exempt_paragraph=3 if n % 5 == 0 else None))
    return meeting


def test_signed_in_meeting_page_queries_are_fixed_whatever_the_items_and_the_seats(
    councillor_client, panel_with_councillors, django_assert_max_num_queries
):
    """A councillor's meeting page, rendered (its shared agenda not yet cached: tests/portal/test_page_cache.py):
    the same queries for 2 items or 40, and for one seat or fifteen (the seats go to the database as arrays)."""
    from django.core.cache import cache
    from django.utils import timezone

    from meetings.models import Membership
    from meetings.municipal_year import MunicipalYear

    panel, member, _ = panel_with_councillors
    small, large = meeting_for(panel, 2), meeting_for(panel, 40)
    # Session, user, seats, the reader version (from its sequence with the tests' in-process cache); the meeting
    # with its items, papers, background papers, schedule changes, meeting papers, packs and minutes.
    counts = []
    for meeting in (small, large):
        with django_assert_max_num_queries(12):
            response = councillor_client.get(meeting.get_absolute_url())
        assert response.status_code == 200 and "Exempt: paragraph 3" in response.content.decode()
        cache.clear()
        counts.append(count_queries(councillor_client, meeting.get_absolute_url()))
    year = MunicipalYear.containing(timezone.localdate()).start_year
    Membership.objects.bulk_create(
        Membership(panel=factories.panel(), councillor=member, municipal_year=year) for _ in range(14)
    )
    cache.clear()
    counts.append(count_queries(councillor_client, large.get_absolute_url()))
    assert counts[0] == counts[1] == counts[2] > 3


def test_meeting_page_reverses_a_fixed_number_of_addresses_whatever_the_papers(client, monkeypatch):
    """Paper addresses are built once per meeting (reversing twice per paper was a sixth of a 200-item page), and
    they are the papers' own addresses."""
    from django.urls.resolvers import URLResolver

    from meetings.audience import PUBLIC
    from meetings.models import Document

    reversed_ = []
    original = URLResolver._reverse_with_prefix

    def counting(self, lookup_view, _prefix, *args, **kwargs):
        reversed_.append(lookup_view)
        return original(self, lookup_view, _prefix, *args, **kwargs)

    monkeypatch.setattr(URLResolver, "_reverse_with_prefix", counting)
    counts = []
    for meeting in (build_meeting(2, 1), build_meeting(25, 3)):
        reversed_.clear()
        page = client.get(meeting.get_absolute_url()).content.decode()
        counts.append(len(reversed_))
        found = set(re.findall(r'href="([^"]*/documents/[^"]*)"', page))
        expected = set()
        for document in Document.objects.visible_to(PUBLIC).filter(meeting=meeting):
            kwargs = {"slug": meeting.panel.slug, "date": meeting.date, "document": document.slug}
            expected |= {document.get_absolute_url(), reverse("meetings:document_pdf", kwargs=kwargs)}
        assert found == expected and len(expected) >= 2
    assert counts[0] == counts[1]
