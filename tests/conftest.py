"""Shared fixtures: the seed data, role clients and small builders; the test database bootstrap.

The suite runs in parallel (pytest-xdist), each worker on its own test database (pytest-django suffixes its
name: test_portal_gw0, ...). No test may rely on another having run before it: a test that needs the seed data
asks for the `seed` fixture, which reloads it if a transactional test flushed it.
"""

import os

import pytest
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings

from meetings.models import Council
from tests.ports import free_port

# Playwright's fixtures, once for the whole suite: one browser per worker, shared by every browser test.
pytest_plugins = ["tests.browser.fixtures"]


def pytest_configure(config):
    """Without DATABASE_URL the run uses the embedded PostgreSQL, started once, here, by the controlling process
    before any xdist worker exists; the workers inherit its URL and never start or stop a server themselves."""
    from portal import database

    database.allow_embedded_database()
    if not os.environ.get("DATABASE_URL") and not os.environ.get("PYTEST_XDIST_WORKER"):
        os.environ["DATABASE_URL"] = database.embedded_database_url()
    # Each test runs inside one transaction (pytest-django) that may sit idle while the test waits for a browser or
    # a subprocess: the web role's idle-in-transaction timeout would end it. (The last setting of a name wins.)
    from django.conf import settings

    options = settings.DATABASES["default"]["OPTIONS"]
    options["options"] = f"{options.get('options', '')} -c idle_in_transaction_session_timeout=0".strip()
    # Each worker's live server (browser tests) on a port of its own; within PORTAL_TEST_PORTS when set.
    if os.environ.get("PORTAL_TEST_PORTS") and not config.getoption("liveserver", None):
        os.environ["DJANGO_LIVE_TEST_SERVER_ADDRESS"] = f"localhost:{free_port()}"


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory):
    """Uploads and packs written by tests go to a throwaway folder, never to var/media; background tasks run
    at once, in the test's own transaction."""
    override = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
    )
    override.enable()
    yield
    override.disable()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, media_root):
    """Load the seed fixtures (and build the seed meeting's pack) once; each test runs in a transaction on top."""
    with django_db_blocker.unblock():
        call_command("load_seed", verbosity=0)
        call_command("build_packs", "--all", verbosity=0)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the block as if it were a transaction of its own that commits. Tests run inside one
    transaction that never commits, so what the test did before is taken as committed first: the once-per-commit
    work it left waiting (a page-cache version move, a meeting's re-index) runs, then the block's own commit work."""
    import contextlib

    from django.db import connection

    from portal.after_commit import OnceOnCommit

    @contextlib.contextmanager
    def block():
        for _savepoints, waiting, _robust in list(connection.run_on_commit):
            if isinstance(waiting, OnceOnCommit) and not waiting.ran:
                waiting()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield callbacks

    return block


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached pages must never outlive the data a test rolled back."""
    from django.core.cache import cache

    cache.clear()


def pytest_collection_modifyitems(config, items):
    """Tests that commit (transactional ones, and browser tests sharing the live server) flush the database when
    they finish, so they run after every test that relies on the seed data loaded at the start of the session."""

    def flushes(item) -> bool:
        marker = item.get_closest_marker("django_db")
        return bool(item.get_closest_marker("browser")) or bool(marker and marker.kwargs.get("transaction"))

    items[:] = [item for item in items if not flushes(item)] + [item for item in items if flushes(item)]


@pytest.fixture
def seed(db):
    """The seed data (reloaded, with its packs, if a transactional test flushed it)."""
    if not Council.objects.filter(pk=1).exists():
        call_command("load_seed", verbosity=0)
        call_command("build_packs", "--all", verbosity=0)


PASSWORD = "a-long-test-password-1"


@pytest.fixture
def officer_user(db, django_user_model):
    return django_user_model.objects.create_user(email="officer@example.org", password=PASSWORD, role="officer")


@pytest.fixture
def anonymous_client(client):
    return client


@pytest.fixture
def officer_client(officer_user):
    client = Client()
    client.force_login(officer_user)
    return client


@pytest.fixture
def panel_with_councillors(db):
    """A panel with a councillor who sits on it this municipal year, and one who sits on another panel."""
    from django.utils import timezone

    from meetings.models import Councillor, Membership
    from meetings.municipal_year import MunicipalYear
    from tests import factories

    year = MunicipalYear.containing(timezone.localdate()).start_year
    panel, other_panel = factories.panel(), factories.panel()
    member = Councillor.objects.create(council=panel.council, slug="test-member", initials="A", surname="Member")
    outsider = Councillor.objects.create(council=panel.council, slug="test-outsider", initials="B", surname="Outsider")
    Membership.objects.create(panel=panel, councillor=member, municipal_year=year, role="chair", position=1)
    Membership.objects.create(panel=other_panel, councillor=outsider, municipal_year=year, position=1)
    return panel, member, outsider


@pytest.fixture
def councillor_user(panel_with_councillors, django_user_model):
    """A councillor of `panel_with_councillors`' panel."""
    _, member, _ = panel_with_councillors
    return django_user_model.objects.create_user(
        email="member@example.org", password=PASSWORD, role="councillor", councillor=member
    )


@pytest.fixture
def other_councillor_user(panel_with_councillors, django_user_model):
    """A councillor of a different panel."""
    _, _, outsider = panel_with_councillors
    return django_user_model.objects.create_user(
        email="outsider@example.org", password=PASSWORD, role="councillor", councillor=outsider
    )


@pytest.fixture
def councillor_client(councillor_user):
    client = Client()
    client.force_login(councillor_user)
    return client


@pytest.fixture
def other_councillor_client(other_councillor_user):
    client = Client()
    client.force_login(other_councillor_user)
    return client


@pytest.fixture(params=["anonymous", "other_councillor", "councillor", "officer"])
def role_client(request):
    """Each role in turn, as (role name, client): parametrise access tests over every role."""
    if request.param == "anonymous":
        return request.param, Client()
    return request.param, request.getfixturevalue(f"{request.param}_client")


@pytest.fixture(params=["anonymous", "other_councillor", "councillor"])
def non_officer_client(request):
    """Every role that is not an officer, as (role name, client)."""
    if request.param == "anonymous":
        return request.param, Client()
    return request.param, request.getfixturevalue(f"{request.param}_client")
