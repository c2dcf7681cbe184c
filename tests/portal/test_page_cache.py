"""Public pages are cached for anonymous readers only, and any change makes the next reader see it."""

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.usefixtures("seed")


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_second_anonymous_visit_is_served_from_the_cache():
    meeting = factories.published_meeting()
    factories.item(meeting, title="Budget")
    first, _ = queries_for(Client(), meeting.get_absolute_url())
    second, page = queries_for(Client(), meeting.get_absolute_url())
    # The only query of a cached visit reads the content version.
    assert first > 1 and second == 1 and "Budget" in page


def test_a_change_made_by_another_process_is_seen_at_once():
    """Each process may have its own in-memory cache; the version lives in the database, so a change saved by
    another web worker or by the pack-build worker invalidates this process's cached pages too."""
    meeting = factories.published_meeting()
    factories.item(meeting, title="Budget")
    queries_for(Client(), meeting.get_absolute_url())
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other_process:
        other_process.execute("SELECT nextval('portal_content_version')")
    again, _ = queries_for(Client(), meeting.get_absolute_url())
    assert again > 1


def test_any_change_is_seen_at_once():
    meeting = factories.published_meeting()
    item = factories.item(meeting, title="Budget", description="Open text")
    Client().get(meeting.get_absolute_url())
    item.title, item.description, item.exempt_paragraph = "Contract award", "SECRET-CACHE-3141", 3
    item.save()
    page = Client().get(meeting.get_absolute_url()).content.decode()
    assert "Contract award" in page and "SECRET-CACHE-3141" not in page and "paragraph 3" in page


def test_signed_in_readers_are_never_served_or_stored_in_the_cache(officer_client):
    meeting = factories.published_meeting()
    factories.item(meeting, title="Contract award", description="SECRET-OFFICER-2718", exempt_paragraph=3)
    url = meeting.get_absolute_url()
    rendered, officer_page = queries_for(officer_client, url)
    assert "SECRET-OFFICER-2718" in officer_page
    # Not stored: the first anonymous visit after the officer's is rendered afresh, and without the secret...
    anonymous_first, anonymous_page = queries_for(Client(), url)
    assert anonymous_first > 1 and "SECRET-OFFICER-2718" not in anonymous_page
    # ...and stored for the next anonymous reader, who is served it with the one version query.
    assert queries_for(Client(), url)[0] == 1
    # Not served: with the public copy in the cache, the officer's page is rendered again, secret included.
    again, officer_page = queries_for(officer_client, url)
    assert again == rendered > 1 and "SECRET-OFFICER-2718" in officer_page


def test_queryset_updates_in_publication_move_the_version_on(officer_user):
    from meetings.services import publish_agenda

    meeting = factories.meeting()
    factories.item(meeting, title="Not yet public", published_at=None)
    assert "Not yet public" not in Client().get(meeting.get_absolute_url()).content.decode()
    publish_agenda(meeting, by=officer_user)
    assert "Not yet public" in Client().get(meeting.get_absolute_url()).content.decode()


def test_anonymous_pages_carry_no_csrf_token():
    page = Client().get("/").content.decode()
    assert "csrfmiddlewaretoken" not in page and "X-CSRFToken" not in page


def test_cached_pages_keep_the_headers_their_view_set(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from portal.page_cache import cache_public_page

    @cache_public_page
    def view(request):
        response = HttpResponse("x", content_type="text/calendar")
        response["Cache-Control"] = "public, max-age=600"
        response["Access-Control-Allow-Origin"] = "*"
        return response

    for _ in range(2):
        request = rf.get("/somewhere/")
        request.user = AnonymousUser()
        response = view(request)
        assert response["Content-Type"] == "text/calendar"
        assert response["Cache-Control"] == "public, max-age=600" and response["Access-Control-Allow-Origin"] == "*"
