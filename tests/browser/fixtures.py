"""Browser fixtures: Playwright driving Debian's chromium (never a downloaded browser) against the live server.

Registered once, as a plugin of tests/conftest.py: Playwright's sync API allows one instance per thread, so every
browser test of a worker (tests/browser and tests/minutes alike) shares one session-wide browser."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"

# Playwright's sync API runs an event loop in this thread; the tests also use the ORM directly.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def playwright_browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.fail(f"Browser tests need Debian's chromium at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _context(browser, **options):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", **options)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def page(playwright_browser):
    """A page with the site's Content Security Policy enforced; it records script errors and CSP violations,
    which the test should assert are none (`page.problems`)."""
    context = _context(playwright_browser)
    page = context.new_page()
    page.problems = []
    page.on("dialog", lambda dialog: dialog.accept())  # "Are you sure?" confirmations: the reader says yes
    page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))
    page.on(
        "console", lambda message: page.problems.append(f"console: {message.text}") if message.type == "error" else None
    )
    yield page
    context.close()


@pytest.fixture
def axe_page(playwright_browser):
    """A page for accessibility checks: axe-core is injected as an inline script, so CSP is bypassed here."""
    context = _context(playwright_browser, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def anonymous_page(playwright_browser):
    """A second reader, never signed in: the public."""
    context = _context(playwright_browser)
    yield context.new_page()
    context.close()


@pytest.fixture
def no_js_page(playwright_browser):
    context = _context(playwright_browser, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture
def seeded_live_server(live_server, django_db_blocker):
    """The live server with the seed data (a transactional test starts from an empty database)."""
    from django.core.management import call_command

    from meetings.models import Council

    with django_db_blocker.unblock():
        if not Council.objects.filter(pk=1).exists():
            call_command("load_seed", verbosity=0)
            call_command("build_packs", "--all", verbosity=0)
    return live_server


def sign_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page as it stands."""
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(
        """async () => {
            const results = await axe.run(document, {runOnly: {type: "tag",
                values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}});
            return results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
        }"""
    )
    return result
