"""Who a failed sign-in is counted against (django-axes): the account, whatever case its email is typed in, and
the client's own address, taken from the trusted proxies' X-Forwarded-For and never from what a client wrote."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def username_for_throttling(request: HttpRequest, credentials: dict | None = None) -> str:
    """The email address as accounts store it (stripped, lower case), so that Officer@Example.org and
    officer@example.org share one count of failed attempts."""
    field = settings.AXES_USERNAME_FORM_FIELD
    value = (credentials or {}).get(field)
    if value is None:
        value = request.POST.get(field, "") if request is not None else ""
    return str(value).strip().lower()


def client_address(request: HttpRequest) -> str:
    """The address of the client, as the nearest of PORTAL_TRUSTED_PROXIES proxies saw it.

    Each proxy appends the address it received the request from to X-Forwarded-For, so behind N trusted
    proxies the client is the N-th address from the right; anything further left was written by the client
    and may be anything. Without trusted proxies (the default) the header is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.PORTAL_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote  # it did not come through every proxy (a direct request from inside the network)
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
