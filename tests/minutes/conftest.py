"""Fixtures for the minutes tests. (Their browser tests use the suite's browser fixtures, tests/browser/fixtures.py.)"""

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The role fixtures create accounts for every test; a cheap hasher keeps the role matrix quick. (Password
    strength is tested with the real hasher in tests/portal.)"""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
