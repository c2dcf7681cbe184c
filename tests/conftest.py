"""Shared fixtures: the seed data, role clients and small builders."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings

from meetings.models import Council


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
def seed(db):
    """The seed data (reloaded if a transactional test flushed it)."""
    if not Council.objects.filter(pk=1).exists():
        call_command("load_seed", verbosity=0)


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
