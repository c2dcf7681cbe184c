"""One way for the set-up views to run a service from a valid form and show its refusal on the form."""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError


def run_service[T](form: forms.Form, service: Callable[[], T]) -> T | None:
    """The service's result, or None with its refusal added to the form (on the field it names, or above the
    form when it names none the form shows)."""
    try:
        return service()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None
