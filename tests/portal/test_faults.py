"""Faults: the database going away mid-request gives a plain 503 page, and the next request works again."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings

import meetings.selectors

PANEL = "/panels/children-and-young-peoples-social-care-and-services"


@pytest.mark.django_db(transaction=True)
def test_database_going_away_mid_request_gives_a_page_and_the_app_recovers(monkeypatch):
    from django.core.management import call_command

    call_command("load_seed", verbosity=0)
    client = Client(raise_request_exception=False)
    assert client.get(f"{PANEL}/").status_code == 200
    original = meetings.selectors.panel_page

    def database_goes_away(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")  # the request has started talking to the database...
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")  # ...and the server drops it
        return original(*args, **kwargs)

    monkeypatch.setattr(meetings.selectors, "panel_page", database_goes_away)
    cache.clear()  # the first visit was cached; this one must reach the database
    response = client.get(f"{PANEL}/")
    assert response.status_code == 503
    content = response.content.decode()
    assert "could not reach its database" in content and "Traceback" not in content
    assert response["Retry-After"] == "30"

    monkeypatch.setattr(meetings.selectors, "panel_page", original)
    cache.clear()
    recovered = client.get(f"{PANEL}/")
    assert recovered.status_code == 200 and "Children and Young People" in recovered.content.decode()


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_an_unexpected_error_shows_a_plain_page_without_a_trace(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("internal detail that must not be shown")

    monkeypatch.setattr(meetings.selectors, "panels_for_listing", broken)
    response = Client(raise_request_exception=False).get("/panels/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Sorry, something went wrong" in content and "internal detail" not in content


@pytest.mark.django_db
def test_not_found_page_helps_the_reader(client):
    response = client.get("/panels/no-such-panel/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
