"""Browser tests: their fixtures live in tests/browser/fixtures.py, registered once for the whole suite by
tests/conftest.py, so the minutes' browser tests share this worker's one Playwright browser."""

from tests.browser.fixtures import AXE, CHROMIUM, CHROMIUM_ARGS, axe_violations, sign_in  # noqa: F401
