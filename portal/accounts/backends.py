"""Signing in and reading the signed-in user: Django's ModelBackend, with the user read on each request by a query
compiled once (portal.compiled)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from portal.compiled import compiled_once

ANY_USER = -(2**62)


def _user_query(pk):
    User = get_user_model()
    return User._default_manager.filter(pk=pk).values_list(*(field.attname for field in User._meta.concrete_fields))


_user_row = compiled_once(_user_query, ANY_USER)


class PortalModelBackend(ModelBackend):
    def get_user(self, user_id):
        User = get_user_model()
        try:
            pk = User._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        rows = _user_row(pk)
        if not rows:
            return None
        user = User.from_db("default", [field.attname for field in User._meta.concrete_fields], rows[0])
        return user if self.user_can_authenticate(user) else None
