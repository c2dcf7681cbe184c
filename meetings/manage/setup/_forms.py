"""One way for the set-up views to run a service from a valid form and show its refusal on the form."""

from collections.abc import Callable

from django import forms

from portal.errors import Refused, show_refusal


def run_service[T](form: forms.Form, service: Callable[[], T]) -> T | None:
    """The service's result, or None with its refusal added to the form (on the field it names, or above the
    form when it names none the form shows)."""
    try:
        return service()
    except Refused as refusal:
        show_refusal(form, refusal)  # the set-up pages show a refusal with 200, even one that collided
        return None
