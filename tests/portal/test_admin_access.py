"""The Django admin is the administrators' back office: nobody else reaches it, not even officers."""

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("seed")

ADMIN_PAGES = [
    "/admin/",
    "/admin/meetings/document/",
    "/admin/meetings/agendaitem/1/change/",
    "/admin/minutes/minuteentry/",
    "/admin/meetings/agendapack/",
    "/admin/portal/user/",
]


def test_no_role_but_administrator_reaches_the_admin(role_client):
    role, client = role_client
    for page in ADMIN_PAGES:
        response = client.get(page)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], (role, page)


def test_administrators_do(django_user_model):
    admin = django_user_model.objects.create_user(email="admin@example.org", password="x" * 20, role="admin")
    assert admin.is_staff and admin.is_superuser
    client = Client()
    client.force_login(admin)
    for page in ADMIN_PAGES:
        assert client.get(page).status_code == 200, page


def test_changing_an_administrator_to_an_officer_takes_the_back_office_away(django_user_model):
    user = django_user_model.objects.create_user(email="x@example.org", password="x" * 20, role="admin")
    user.role = "officer"
    user.save()
    assert not user.is_staff and not user.is_superuser


def test_administrators_create_accounts_by_email(django_user_model):
    admin = django_user_model.objects.create_user(email="admin@example.org", password="x" * 20, role="admin")
    client = Client()
    client.force_login(admin)
    response = client.post(
        "/admin/portal/user/add/",
        {
            "email": "New.Officer@Example.org",
            "role": "officer",
            "password1": "a-long-new-password-42",
            "password2": "a-long-new-password-42",
        },
    )
    assert response.status_code == 302
    created = django_user_model.objects.get(email="new.officer@example.org")
    assert created.is_officer and not created.is_staff


def test_private_notes_are_not_in_the_back_office():
    from django.contrib import admin

    from portal.models import PrivateNote

    assert not admin.site.is_registered(PrivateNote)
