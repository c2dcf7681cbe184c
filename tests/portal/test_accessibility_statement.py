"""The accessibility statement (Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility
Regulations 2018): linked from every page, in the model statement's form, with each council's contact and the
last test as officers recorded it, and honest when none is recorded."""

import datetime
import re

import pytest
from django.urls import reverse

from meetings.models import Council
from portal.models import AccessibilityTest
from tests import factories

URL = "/accessibility/"
pytestmark = pytest.mark.usefixtures("seed")


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/panels/",
        "/panels/children-and-young-peoples-social-care-and-services/meetings/2021-09-21/",
        "/search/?q=locality",
        "/meetings/",
        "/accounts/sign-in/",
        "/no-such-page/",
    ],
)
def test_every_page_links_the_statement_from_its_footer(client, path):
    content = client.get(path).content.decode()
    footer = content[content.index('<footer class="site-footer">') :]
    assert f'<a href="{reverse("accessibility_statement")}"' in footer and "Accessibility statement</a>" in footer


def test_officer_pages_link_it_too(officer_client):
    footer = officer_client.get("/manage/").content.decode().split('<footer class="site-footer">')[1]
    assert URL in footer


def test_the_statement_has_every_section_of_the_model_statement(client):
    page = text(client.get(URL))
    for heading in [
        "How accessible this website is",
        "What to do if you cannot access parts of this website",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Technical information about this website's accessibility",
        "Compliance status",
        "Non-accessible content",
        "Disproportionate burden",
        "Content that's not within the scope of the accessibility regulations",
        "Preparation of this accessibility statement",
    ]:
        assert heading.replace("'", "&#x27;") in page or heading in page, heading
    assert "Equality and Human Rights Commission (EHRC)" in page
    assert "Equality Advisory and Support Service (EASS)" in page
    assert "Web Content Accessibility Guidelines version 2.2 AA standard" in page


def test_without_a_recorded_test_it_says_so_and_claims_no_status(client):
    assert not AccessibilityTest.objects.exists()
    page = text(client.get(URL))
    assert "No accessibility test of this website has been recorded yet" in page
    assert "has not yet been tested for accessibility" in page
    assert "was last tested on" not in page
    assert "fully compliant with" not in page and "partially compliant with" not in page


def test_the_last_recorded_test_gives_the_date_who_how_and_the_status(client):
    AccessibilityTest.objects.create(
        tested_on=datetime.date(2024, 3, 1),
        tested_by="An older audit",
        method="Old method.",
        compliance=AccessibilityTest.Compliance.NONE,
    )
    AccessibilityTest.objects.create(
        tested_on=datetime.date(2026, 11, 20),
        tested_by="Democratic services, with the council's digital team",
        method="Twenty pages sampled, checked with NVDA and the keyboard.",
        compliance=AccessibilityTest.Compliance.PARTIAL,
        findings="Some appendix tables have no header cells.\n\nThe calendar grid is long for a screen reader.",
    )
    page = text(client.get(URL))
    assert "This website was last tested on Friday 20 November 2026 against the WCAG 2.2 AA standard" in page
    assert "carried out by Democratic services, with the council&#x27;s digital team" in page
    assert "Twenty pages sampled, checked with NVDA and the keyboard." in page
    assert "This website is partially compliant with the" in page
    assert "Some appendix tables have no header cells." in page
    assert "The calendar grid is long for a screen reader." in page
    assert "An older audit" not in page and "No accessibility test" not in page


def test_a_test_recorded_after_an_anonymous_visit_shows_at_once(client, committed):
    assert "No accessibility test" in text(client.get(URL))  # now cached for the public
    with committed():
        AccessibilityTest.objects.create(
            tested_on=datetime.date(2026, 11, 20), tested_by="Us", method="Checks.", compliance="full"
        )
    assert "This website is fully compliant with the" in text(client.get(URL))


def test_contacts_come_from_each_councils_settings(client):
    council = Council.objects.get(pk=1)
    council.email = "accessibility@council.example"
    council.telephone = "01642 000000"
    council.accessible_format_days = 5
    council.save()
    other = factories.council()
    other.email = "access@test-borough.example"
    other.save()
    page = text(client.get(URL))
    assert "accessibility@council.example" in page and "01642 000000" in page
    assert "get back to you in 5 working days" in page
    assert "Test Borough Council" in page and "access@test-borough.example" in page
    assert "get back to you in 10 working days" in page  # the other council's default


def test_a_council_without_its_own_contact_points_to_its_panels_officers(client):
    page = text(client.get(URL))
    # The seed council gives no accessibility contact: its panel's democratic services officer is named.
    assert "Joanne Dixon" in page and "joanne_dixon@middlesbrough.gov.uk" in page


def test_the_operating_council_comes_from_settings(client, settings):
    settings.PORTAL_SITE_NAME = "Anytown Borough Council"
    page = text(client.get(URL))
    assert "This website is run by Anytown Borough Council" in page


def test_the_statement_page_has_a_query_budget(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get(URL).status_code == 200
