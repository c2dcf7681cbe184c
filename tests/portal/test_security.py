"""Production settings and security headers: deploy checks pass, a strict CSP holds, no page has inline script."""

import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PANEL = "/panels/children-and-young-peoples-social-care-and-services"


def production_env(**extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # the browser tests set the last one
    }
    env.update(DEBUG="false", ALLOWED_HOSTS="scrutiny.example.org", SMTP_HOST="smtp.example.org")
    env.update(extra)
    return env


def test_deploy_checks_pass_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(SECRET_KEY=secrets.token_urlsafe(60)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "Set SECRET_KEY" in result.stderr


@pytest.mark.usefixtures("seed")
def test_security_headers_on_every_response(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


class InlineScriptFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            if "src" not in attrs:
                self._in_script = True
            elif not attrs["src"].startswith("/static/"):
                self.problems.append(f"script from elsewhere: {attrs['src']}")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"inline handler {name} on <{tag}>")
            if name in {"href", "src", "action"} and value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL on <{tag}>")
            if name == "style":
                self.problems.append(f"inline style on <{tag}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append("inline <script> block")


PAGES = [
    "/",
    "/panels/",
    f"{PANEL}/",
    f"{PANEL}/meetings/2021-09-21/",
    f"{PANEL}/meetings/2021-07-27/minutes/",
    f"{PANEL}/meetings/2021-09-21/documents/locality-working/",
    f"{PANEL}/meetings/2021-09-21/front-sheet/",
    "/accounts/sign-in/",
    "/accounts/password/reset/",
]
OFFICER_PAGES = [
    "/manage/",
    "/manage/panels/children-and-young-peoples-social-care-and-services/meetings/2021-09-21/agenda/",
    "/manage/panels/children-and-young-peoples-social-care-and-services/meetings/2021-09-21/agenda/publish/",
    "/manage/panels/children-and-young-peoples-social-care-and-services/meetings/2021-09-21/history/",
]


@pytest.mark.usefixtures("seed")
def test_no_page_carries_inline_script_or_style(client, officer_client):
    for who, pages in ((client, PAGES), (officer_client, OFFICER_PAGES)):
        for page in pages:
            response = who.get(page)
            assert response.status_code == 200, page
            finder = InlineScriptFinder()
            finder.feed(response.content.decode())
            assert finder.problems == [], f"{page}: {finder.problems}"


def test_templates_have_no_inline_script():
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        for match in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{template.relative_to(ROOT)}: {match.group(0)}")
    assert offenders == []
