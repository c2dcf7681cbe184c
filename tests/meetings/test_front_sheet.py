"""The front sheet as signed-in readers see it (issue 14, defect 2): the pack they get, with its page ranges,
and no empty links; the officer's live preview likewise. Also the seed pack's publication date (defect 9)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import AgendaPack, Membership, Panel
from tests import factories
from tests.meetings.manage.test_agenda import HTMX, future_meeting, url, version

PANEL = "children-and-young-peoples-social-care-and-services"
FRONT_SHEET = reverse("meetings:front_sheet", kwargs={"slug": PANEL, "date": "2021-09-21"})
pytestmark = pytest.mark.usefixtures("seed")


@pytest.fixture
def seed_councillor_client(councillor_user):
    """A councillor who sat on the seed panel in 2021/22: they may read its members' material."""
    Membership.objects.create(
        panel=Panel.objects.get(pk=1), councillor=councillor_user.councillor, municipal_year=2021, position=10
    )
    client = Client()
    client.force_login(councillor_user)
    return client


def seed_ranges() -> list[str]:
    pack = AgendaPack.objects.get(meeting__panel__slug=PANEL, meeting__date="2021-09-21", variant="public", version=1)
    return [f"{first} - {last}" for first, last in pack.page_ranges.values()]


@pytest.mark.parametrize("who", ["anonymous", "officer", "seed_councillor"])
def test_everyone_sees_the_published_front_sheet_with_its_page_ranges(who, request):
    reader = Client() if who == "anonymous" else request.getfixturevalue(f"{who}_client")
    content = reader.get(FRONT_SHEET).content.decode()
    assert "No pack has been published yet" not in content
    assert "version 1 of the pack" in content
    # No exempt papers, so no members' pack: nobody is told to keep a public agenda to themselves.
    assert "Members’ pack" not in content and "Do not share" not in content
    for pages in seed_ranges():
        assert f'<td class="col-pages">{pages}</td>' in content
    assert not re.search(r"<a [^>]*>\s*</a>", content), "an empty link"


def test_the_officers_live_preview_shows_the_current_packs_ranges(officer_client):
    content = officer_client.get(f"/manage/panels/{PANEL}/meetings/2021-09-21/agenda/").content.decode()
    preview = content[content.index('id="preview-heading"') :]
    for pages in seed_ranges():
        assert pages in preview
    assert not re.search(r"<a [^>]*>\s*</a>", preview)
    assert "Not numbered yet" not in preview


def test_the_live_preview_of_an_unbuilt_agenda_says_the_pages_are_not_numbered_yet(officer_client):
    meeting = future_meeting()
    factories.document(meeting.agenda_items.last(), published_at=None)
    preview = officer_client.get(url("agenda", meeting)).content.decode().split('id="preview-heading"')[1]
    assert "Not numbered yet" in preview
    assert not re.search(r"<a [^>]*>\s*</a>", preview)
    assert '<td class="col-pages"> - </td>' not in preview


def test_the_seed_pack_carries_its_dispatch_date(client):
    pack = AgendaPack.objects.get(meeting__panel__slug=PANEL, meeting__date="2021-09-21", variant="public", version=1)
    assert pack.built_at == pack.meeting.agenda_published_at  # 13 September 2021, the dispatch date
    content = client.get(reverse("meetings:meeting_detail", kwargs={"slug": PANEL, "date": "2021-09-21"})).content
    assert "published 13 September 2021" in content.decode()


def test_after_up_or_down_the_focus_stays_on_the_button_and_the_move_is_announced(officer_client):
    meeting = future_meeting()
    first, second, third = meeting.agenda_items.order_by("position")
    response = officer_client.post(
        url("item_move", meeting, item_id=third.pk), {"agenda_version": version(meeting), "direction": "up"}, **HTMX
    )
    content = response.content.decode()
    assert re.search(rf'id="move-item-{third.pk}-up"[^>]* data-autofocus', content)
    assert content.count("data-autofocus") == 1
    assert '<p class="visually-hidden" data-announce>Item 2, Budget monitoring, moved: now 2 of 3.</p>' in content
    # At the top, Up is disabled: the focus goes to Down.
    content = officer_client.post(
        url("item_move", meeting, item_id=third.pk), {"agenda_version": version(meeting), "direction": "up"}, **HTMX
    ).content.decode()
    assert re.search(rf'id="move-item-{third.pk}-down"[^>]* data-autofocus', content)
    assert "now 1 of 3" in content


def test_without_javascript_the_move_is_reported_at_the_top_of_the_page(officer_client):
    meeting = future_meeting()
    third = meeting.agenda_items.order_by("position").last()
    response = officer_client.post(
        url("item_move", meeting, item_id=third.pk),
        {"agenda_version": version(meeting), "direction": "up"},
        follow=True,
    )
    assert "Item 2, Budget monitoring, moved: now 2 of 3." in response.content.decode()


def test_the_agenda_page_has_a_live_region_outside_the_swapped_workspace(officer_client):
    content = officer_client.get(url("agenda", future_meeting())).content.decode()
    announcer = content.index('id="workspace-announcer"')
    assert 'role="status"' in content[announcer - 80 : announcer + 120]
    assert announcer < content.index('<div id="workspace"')
