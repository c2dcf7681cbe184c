"""Shared fixtures: the seed data, role clients and small builders."""

import pytest
from django.core.management import call_command

from meetings.models import Council


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the seed fixtures once into the test database; each test runs in a transaction on top."""
    with django_db_blocker.unblock():
        call_command("load_seed", verbosity=0)


@pytest.fixture
def seed(db):
    """The seed data (reloaded if a transactional test flushed it)."""
    if not Council.objects.filter(pk=1).exists():
        call_command("load_seed", verbosity=0)


@pytest.fixture
def officer_user(db, django_user_model):
    return django_user_model.objects.create_user(
        username="officer@example.org",
        email="officer@example.org",
        password="a-long-test-password",
        is_staff=True,
    )


@pytest.fixture
def anonymous_client(client):
    return client


@pytest.fixture
def officer_client(client, officer_user):
    client.force_login(officer_user)
    return client
