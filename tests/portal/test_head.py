"""Every read view answers HEAD as it answers GET (status and headers, no body): link checkers, monitors and
caches ask with HEAD."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Councillor, Meeting

pytestmark = pytest.mark.usefixtures("seed")

PANEL = "children-and-young-peoples-social-care-and-services"
MEETING = {"slug": PANEL, "date": "2021-09-21"}
PREVIOUS = {"slug": PANEL, "date": "2021-07-27"}

# (role, route name, arguments): one of each kind of page, file, feed, calendar and API answer.
PAGES = [
    ("anonymous", "home", {}),
    ("anonymous", "health", {}),
    ("anonymous", "search", {}),
    ("anonymous", "calendar_list", {}),
    ("anonymous", "calendar_month", {"year": 2021, "month": 9}),
    ("anonymous", "calendar_ics", {}),
    ("anonymous", "panel_calendar_ics", {"slug": PANEL}),
    ("anonymous", "feed_latest", {}),
    ("anonymous", "panel_feed", {"slug": PANEL}),
    ("anonymous", "meetings:panel_list", {}),
    ("anonymous", "meetings:panel_detail", {"slug": PANEL}),
    ("anonymous", "meetings:meeting_detail", MEETING),
    ("anonymous", "meetings:document_detail", MEETING | {"document": "locality-working"}),
    ("anonymous", "meetings:document_pdf", MEETING | {"document": "locality-working"}),
    ("anonymous", "meetings:pack_latest", MEETING),
    ("anonymous", "meetings:pack_version", MEETING | {"variant": "public", "version": 1}),
    ("anonymous", "meetings:front_sheet", MEETING),
    ("anonymous", "minutes:minutes_detail", PREVIOUS),
    ("anonymous", "minutes:actions_tracker", {"slug": PANEL}),
    ("anonymous", "accounts:login", {}),
    ("anonymous", "api:index", {}),
    ("anonymous", "api:openapi", {}),
    ("anonymous", "api:panel_list", {}),
    ("anonymous", "api:panel_detail", {"slug": PANEL}),
    ("anonymous", "api:panel_members", {"slug": PANEL}),
    ("anonymous", "api:meeting_list", {}),
    ("anonymous", "api:meeting_detail", "seed meeting id"),
    ("anonymous", "api:agenda_item_list", {}),
    ("anonymous", "api:document_list", {}),
    ("anonymous", "api:minutes_list", {}),
    ("anonymous", "api:resolution_list", {}),
    ("anonymous", "api:work_programme_list", {}),
    ("councillor", "accounts:landing", {}),
    ("councillor", "accounts:councillor_home", {}),
    # Signed in, never from the page cache (the members' pack is served by the same view as the public one).
    ("councillor", "meetings:meeting_detail", MEETING),
    ("councillor", "meetings:pack_latest", MEETING),
    ("officer", "manage:dashboard", {}),
    ("officer", "manage:agenda", MEETING),
    ("officer", "manage:meeting_history", MEETING),
    ("officer", "manage:schedule", {"slug": PANEL, "year": 2021}),
    ("officer", "manage:work_programme", {"slug": PANEL, "year": 2021}),
    ("officer", "minutes_manage:editor", PREVIOUS),
    ("officer", "minutes_manage:history", PREVIOUS),
    ("officer", "minutes_manage:tracker", {"slug": PANEL}),
]


def client_for(role: str, django_user_model) -> Client:
    """The public, a councillor of the seed panel, or an officer."""
    client = Client()
    if role != "anonymous":
        linked = Councillor.objects.get(slug="d-davison") if role == "councillor" else None
        client.force_login(
            django_user_model.objects.create_user(email=f"head.{role}@example.org", role=role, councillor=linked)
        )
    return client


def address(name: str, kwargs) -> str:
    if kwargs == "seed meeting id":
        kwargs = {"pk": Meeting.objects.get(panel__slug=PANEL, date=MEETING["date"]).pk}
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(("role", "name", "kwargs"), PAGES, ids=[f"{role}-{name}" for role, name, _ in PAGES])
def test_head_answers_like_get_without_a_body(django_user_model, role, name, kwargs):
    client = client_for(role, django_user_model)
    url = address(name, kwargs)
    got = client.get(url)
    headed = client.head(url)
    assert got.status_code in (200, 302), url  # the landing page sends each reader on to their own page
    assert headed.status_code == got.status_code, url
    assert headed["Content-Type"] == got["Content-Type"]
    assert headed.get("Location") == got.get("Location")
    body = b"".join(headed.streaming_content) if headed.streaming else headed.content
    assert body == b""


def test_head_of_a_public_page_is_served_from_the_page_cache():
    url = reverse("meetings:meeting_detail", kwargs=MEETING)
    Client().get(url)
    with CaptureQueriesContext(connection) as queries:
        assert Client().head(url).status_code == 200
    assert len(queries) == 1  # the content version, nothing else


def test_writes_still_refuse_head_and_reads_refuse_post(django_user_model):
    publish = reverse("minutes_manage:publish", kwargs=PREVIOUS)
    assert client_for("officer", django_user_model).head(publish).status_code == 405
    assert Client().post(reverse("meetings:panel_list")).status_code == 405
