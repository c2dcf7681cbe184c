"""Queries compiled once (sessions, the signed-in user, a councillor's seats) read what the ORM would read."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.compiled import compiled_once

pytestmark = pytest.mark.django_db

STAND_IN = -(2**62)


def test_a_compiled_query_is_built_once_and_reads_what_the_queryset_reads(officer_user, django_user_model):
    other = django_user_model.objects.create_user(email="second@example.org", role="officer")
    built = []

    def build(pk):
        built.append(pk)
        return django_user_model.objects.filter(pk=pk).values_list("email")

    emails = compiled_once(build, STAND_IN)
    assert emails(officer_user.pk) == [("officer@example.org",)]
    assert emails(other.pk) == [("second@example.org",)]
    assert emails(0) == []
    assert built == [STAND_IN]
    named = compiled_once(
        lambda pk: django_user_model.objects.filter(pk=pk).values("email", "role"), STAND_IN, named=True
    )
    assert named(other.pk) == [{"email": "second@example.org", "role": "officer"}]


def test_a_query_that_drops_its_stand_in_is_refused(django_user_model):
    rows = compiled_once(lambda pk: django_user_model.objects.values_list("email"), STAND_IN)
    with pytest.raises(ValueError, match="no stand-in"):
        rows(1)


def test_sessions_sign_in_keep_and_end_as_djangos_own(officer_user):
    from django.contrib.sessions.models import Session

    from tests.conftest import PASSWORD

    client = Client()
    assert (
        client.post(reverse("accounts:login"), {"username": officer_user.email, "password": PASSWORD}).status_code
        == 302
    )
    assert client.get("/manage/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/manage/").status_code == 302  # expired: signed out, sent to sign in


def test_an_unknown_or_forged_session_key_is_a_new_empty_session(officer_client):
    from portal.sessions import SessionStore

    for key in ("x" * 32, "not even long enough", ""):
        store = SessionStore(session_key=key)
        assert store.load() == {} and store.session_key is None
    forged = Client()
    key = officer_client.cookies["sessionid"].value
    forged.cookies["sessionid"] = key[:-1] + ("y" if key.endswith("z") else "z")  # never the key itself
    assert forged.get("/manage/").status_code == 302


def test_the_signed_in_user_is_read_as_the_orm_reads_it_and_refused_when_inactive(officer_user):
    from portal.accounts.backends import PortalModelBackend

    backend = PortalModelBackend()
    user = backend.get_user(officer_user.pk)
    stored = get_user_model().objects.get(pk=officer_user.pk)
    fields = [field.attname for field in stored._meta.concrete_fields]
    assert [getattr(user, name) for name in fields] == [getattr(stored, name) for name in fields]
    assert not user._state.adding and user._state.db == "default"
    assert backend.get_user("not a number") is None and backend.get_user(officer_user.pk + 1000) is None
    officer_user.is_active = False
    officer_user.save()
    assert backend.get_user(officer_user.pk) is None
