"""Small hardening from the leak hunt: report classes, pack version 0, session length, the development server."""

import time

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse

from portal.management.commands.serve import is_loopback
from portal.sanitise import REPORT_CLASSES, clean_html
from tests import factories
from tests.conftest import PASSWORD

PANEL = "children-and-young-peoples-social-care-and-services"
FAKE_BANNER = (
    '<div class="exempt-banner notice notice-exempt">NOT FOR PUBLICATION</div>'
    '<p class="button button-primary report-header">Sign in to read the exempt papers</p>'
    '<blockquote class="previous-findings">Found before</blockquote>'
)


def test_only_the_report_styles_classes_are_kept():
    cleaned = clean_html(FAKE_BANNER)
    assert "exempt" not in cleaned.split("</div>")[0].split(">")[0]
    assert 'class="report-header"' in cleaned and 'class="previous-findings"' in cleaned
    for forged in ("exempt-banner", "notice", "button", "button-primary"):
        assert forged not in cleaned.replace("NOT FOR PUBLICATION", "")
    assert clean_html('<p class="signature">Signed</p>') == '<p class="signature">Signed</p>'


def test_every_class_the_report_style_keeps_has_a_use():
    """Each allowed class is in the seed's reports (the style they were written with) or the stylesheets."""
    from pathlib import Path

    sources = "".join(path.read_text() for path in Path(settings.BASE_DIR, "fixtures", "seed").glob("*.yaml"))
    sources += "".join(path.read_text() for path in Path(settings.BASE_DIR, "static", "css").glob("*.css"))
    assert all(name in sources for name in REPORT_CLASSES)


@pytest.mark.django_db
def test_a_report_cannot_draw_a_fake_banner_on_the_public_page(client):
    meeting = factories.published_meeting()
    item = factories.item(meeting, title="Budget")
    paper = factories.document(item, body_html=FAKE_BANNER)
    page = client.get(paper.get_absolute_url()).content.decode()
    assert "exempt-banner" not in page and "button-primary" not in page
    assert '<p class="report-header">Sign in to read the exempt papers</p>' in page


@pytest.mark.usefixtures("seed")
@pytest.mark.parametrize(("version", "status"), [("1", 200), ("0", 404), ("01", 404), ("-1", 404), ("99", 404)])
def test_pack_versions_count_from_one(client, version, status):
    url = f"/panels/{PANEL}/meetings/2021-09-21/packs/public-v{version}.pdf"
    assert client.get(url).status_code == status
    assert reverse(
        "meetings:pack_version", kwargs={"slug": PANEL, "date": "2021-09-21", "variant": "public", "version": 1}
    ).endswith("public-v1.pdf")


def test_sessions_last_a_working_day_of_idleness_by_default():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60


@pytest.mark.django_db
def test_a_signed_in_session_moves_on_while_used_without_writing_on_every_request(officer_user, monkeypatch):
    import portal.middleware

    client = Client()
    assert client.post("/accounts/sign-in/", {"username": officer_user.email, "password": PASSWORD}).status_code == 302
    assert int(client.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == settings.SESSION_COOKIE_AGE
    # Straight after signing in, reading pages does not write the session.
    assert settings.SESSION_COOKIE_NAME not in client.get("/panels/").cookies
    # Some minutes later the expiry moves on: another SESSION_COOKIE_AGE from now.
    later = time.time() + portal.middleware.SESSION_REFRESH_EVERY + 1
    monkeypatch.setattr(portal.middleware.time, "time", lambda: later)
    response = client.get("/panels/")
    assert int(response.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == settings.SESSION_COOKIE_AGE
    session = SessionStore(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)
    assert session.get_expiry_age() > settings.SESSION_COOKIE_AGE - 60
    # An anonymous reader gets no session cookie, so their pages stay cacheable.
    assert settings.SESSION_COOKIE_NAME not in Client().get("/panels/").cookies


@pytest.mark.parametrize(
    ("addrport", "loopback"),
    [
        ("127.0.0.1:8000", True),
        ("8000", True),
        ("localhost:8000", True),
        ("[::1]:8000", True),
        ("0.0.0.0:8000", False),
        ("192.168.1.20:8000", False),
        ("[::]:8000", False),
        ("example.org:80", False),
    ],
)
def test_loopback_addresses(addrport, loopback):
    assert is_loopback(addrport) is loopback


@override_settings(DEBUG=True)
def test_the_development_server_refuses_the_network_with_debug_on():
    with pytest.raises(CommandError, match="Refusing to serve on 0.0.0.0:8000 with DEBUG on"):
        call_command("serve", "0.0.0.0:8000")
