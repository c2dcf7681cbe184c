"""Builders and checks shared by the officer workspace tests for planning and the work programme."""

import datetime

from django.urls import reverse
from django.utils import timezone

from meetings.models import Membership, Panel
from meetings.municipal_year import MunicipalYear
from tests.portal.test_page_structure import Structure

HTMX = {"HTTP_HX_REQUEST": "true"}


def days_ahead(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def this_year() -> MunicipalYear:
    return MunicipalYear.containing(timezone.localdate())


def give_chair(panel: Panel, on: datetime.date) -> Membership:
    """A chair for the panel in the municipal year containing `on`."""
    from meetings.models import Councillor

    councillor = Councillor.objects.create(
        council=panel.council, slug=f"chair-{panel.slug}-{on:%Y}", initials="C", surname="Chair"
    )
    return Membership.objects.create(
        panel=panel,
        councillor=councillor,
        municipal_year=MunicipalYear.containing(on).start_year,
        role=Membership.Role.CHAIR,
        position=1,
    )


def assert_refused(role: str, response) -> None:
    """Anonymous users are sent to sign in; signed-in non-officers get the same 404 as a missing page."""
    if role == "anonymous":
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == 404, response.status_code


def assert_well_formed_page(content: str) -> None:
    """One h1, unique ids, labelled navigation, headings that never skip a level on the way down."""
    page = Structure()
    page.feed(content)
    assert page.tags["h1"] == 1
    assert page.navs_without_label == 0
    assert [id_ for id_, count in page.ids.items() if count > 1] == []
    for previous, current in zip(page.headings, page.headings[1:], strict=False):
        assert current <= previous + 1, f"h{previous} followed by h{current}"


def is_fragment(content: str) -> bool:
    return "<html" not in content and "<h1" not in content
