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
# The second engine: HTML_CodeSniffer, the one pa11y runs (BSD licence, from the html_codesniffer npm package).
HTMLCS = Path(__file__).parent / "vendor" / "HTMLCS-2.5.1.js"
REFLOW_WIDTH = 320  # WCAG 1.4.10: content reflows at 320 CSS pixels without scrolling in two dimensions

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


def htmlcs_errors(page) -> list[dict]:
    """Run HTML_CodeSniffer's WCAG 2 AA standard on the page as it stands; its errors (not warnings or notices,
    which ask a person to judge), as pa11y reports them."""
    if not page.evaluate("typeof HTMLCS !== 'undefined'"):
        page.add_script_tag(content=HTMLCS.read_text())
    return page.evaluate(
        """() => new Promise(resolve => {
            const done = () => resolve(HTMLCS.getMessages().filter(m => m.type === HTMLCS.ERROR).map(m => ({
                code: m.code, message: m.msg,
                element: m.element && m.element.outerHTML ? m.element.outerHTML.slice(0, 160) : String(m.element)})));
            HTMLCS.process("WCAG2AA", document, done, () => resolve([{code: "HTMLCS failed to run"}]), "en");
        })"""
    )


def reflow_overflow(page) -> dict | None:
    """At 320 CSS pixels wide: how far the page scrolls sideways, and the widest elements, or None if it fits."""
    size = page.viewport_size
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
    try:
        result = page.evaluate(
            """() => {
                const root = document.documentElement;
                const overflow = root.scrollWidth - root.clientWidth;
                if (overflow <= 1) { return null; }
                const wide = [...document.querySelectorAll("body *")]
                    .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1)
                    .slice(0, 4)
                    .map(e => e.tagName.toLowerCase()
                              + (e.className ? "." + String(e.className).split(" ").join(".") : "")
                              + " right=" + Math.round(e.getBoundingClientRect().right));
                return {overflow, wide};
            }"""
        )
    finally:
        page.set_viewport_size(size)
    return result


def conformance_problems(page) -> dict[str, object]:
    """Every browser checker on the page as it stands: axe-core, HTML_CodeSniffer, reflow at 320px."""
    problems = {"axe-core": axe_violations(page), "HTML_CodeSniffer": htmlcs_errors(page)}
    problems["reflow at 320px"] = reflow_overflow(page)
    return {checker: found for checker, found in problems.items() if found}
