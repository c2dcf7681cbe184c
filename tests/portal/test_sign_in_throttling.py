"""Sign-in lock-out (django-axes): case variants of an email share one count, and behind a trusted proxy each
client is counted by its own address, which a client cannot forge."""

import pytest
from django.test import Client, override_settings

from tests.conftest import PASSWORD

SIGN_IN = "/accounts/sign-in/"
BALANCER = "10.0.0.1"
LIMIT = 5


@pytest.fixture(autouse=True)
def _limit():
    with override_settings(AXES_FAILURE_LIMIT=LIMIT):
        yield


def sign_in(email: str, password: str, *, forwarded_for: str | None = None, remote: str = "192.0.2.10"):
    headers = {"REMOTE_ADDR": remote}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return Client().post(SIGN_IN, {"username": email, "password": password}, **headers)


def is_locked_out(response) -> bool:
    return response.status_code == 429


@pytest.mark.django_db
def test_changing_the_case_of_the_email_does_not_buy_more_attempts(officer_user):
    variants = ["officer@example.org", "Officer@Example.org", "OFFICER@EXAMPLE.ORG", "oFFicer@example.ORG"]
    for n in range(LIMIT):
        response = sign_in(variants[n % len(variants)], "wrong password")
        assert not is_locked_out(response) or n == LIMIT - 1
    for variant in variants:
        assert is_locked_out(sign_in(variant, PASSWORD)), variant
    # Another client (another address) is not locked out of the account.
    assert sign_in("Officer@Example.org", PASSWORD, remote="192.0.2.99").status_code == 302


@pytest.mark.django_db
@override_settings(PORTAL_TRUSTED_PROXIES=1)
def test_behind_one_trusted_proxy_each_client_is_locked_out_by_its_own_address(officer_user):
    attacker, officer = "203.0.113.5", "198.51.100.7"
    for _ in range(LIMIT):
        # The attacker writes the officer's address into the header; the balancer appends the attacker's own.
        sign_in("officer@example.org", "wrong", forwarded_for=f"{officer}, {attacker}", remote=BALANCER)
    assert is_locked_out(sign_in("officer@example.org", PASSWORD, forwarded_for=attacker, remote=BALANCER))
    assert is_locked_out(
        sign_in("officer@example.org", PASSWORD, forwarded_for=f"1.2.3.4, {attacker}", remote=BALANCER)
    )
    # The officer, behind the same balancer, signs in: the lock-out is not on the balancer's address.
    response = sign_in("officer@example.org", PASSWORD, forwarded_for=officer, remote=BALANCER)
    assert response.status_code == 302


@pytest.mark.django_db
def test_without_trusted_proxies_the_forwarded_header_is_ignored(officer_user):
    for n in range(LIMIT):
        sign_in("officer@example.org", "wrong", forwarded_for=f"203.0.113.{n}", remote="192.0.2.50")
    assert is_locked_out(sign_in("officer@example.org", PASSWORD, forwarded_for="198.51.100.7", remote="192.0.2.50"))


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "192.0.2.1"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (2, "203.0.113.5", "192.0.2.1"),  # not through both proxies: the peer's own address
        (1, "not-an-address", "192.0.2.1"),
        (1, "2001:db8::1", "2001:db8::1"),
        (1, "", "192.0.2.1"),
    ],
)
def test_client_address_counts_trusted_proxies_from_the_right(rf, proxies, forwarded, expected):
    from portal.accounts.throttling import client_address

    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(PORTAL_TRUSTED_PROXIES=proxies):
        assert client_address(request) == expected
