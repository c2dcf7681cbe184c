"""Fixtures for the minutes tests."""

import asyncio

import pytest

# The browser fixtures (Playwright driving Debian's chromium, axe-core) live with the browser tests; the minutes
# workflow's browser tests use them too, with a browser of their own (below).
from tests.browser.conftest import (  # noqa: F401
    CHROMIUM,
    CHROMIUM_ARGS,
    axe_page,
    no_js_page,
    page,
    seeded_live_server,
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The role fixtures create accounts for every test; a cheap hasher keeps the role matrix quick. (Password
    strength is tested with the real hasher in tests/portal.)"""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def playwright_browser():
    """This module's own browser, closed when its tests end: Playwright's sync API allows one instance per thread,
    so the minutes' browser tests run before tests/browser starts its session-wide one (see the hook below)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        pytest.skip("another Playwright instance is running in this worker; run tests/minutes/test_browser.py alone")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Browser tests run last (they flush the database); among them, the minutes' ones first."""

    def order(item) -> tuple[bool, bool]:
        browser = item.get_closest_marker("browser") is not None
        return (browser, browser and not item.nodeid.startswith("tests/minutes/"))

    items.sort(key=order)
