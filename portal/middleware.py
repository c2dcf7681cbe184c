"""Request middleware: the reader's audience, worked out once per request; sessions that end when idle; a plain
503 page when the database goes away."""

import time

from django.contrib.auth import SESSION_KEY
from django.utils.functional import SimpleLazyObject

from meetings.audience import audience_for
from portal.collisions import COLLISION_MESSAGE, is_collision


class AudienceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.audience = SimpleLazyObject(lambda: audience_for(request.user))
        return self.get_response(request)


SESSION_REFRESHED = "_refreshed_at"
# How often a signed-in reader's requests move the session's expiry on (seconds): often enough that the idle
# timeout is exact to a few minutes, seldom enough that reading pages does not write the session every time.
SESSION_REFRESH_EVERY = 300


def mark_session_fresh(sender, request, user, **kwargs) -> None:
    """On sign-in (connected to user_logged_in): the session is new, and saved by the sign-in itself."""
    request.session[SESSION_REFRESHED] = int(time.time())


class SessionIdleMiddleware:
    """Move a signed-in session's expiry (SESSION_COOKIE_AGE from now) on as its reader keeps using the site, so
    it ends after that long without a request rather than that long after signing in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Signed in: the session holds the user's id (read without loading the user).
        if session is None or session.is_empty() or SESSION_KEY not in session:
            return response
        now = int(time.time())
        if now - session.get(SESSION_REFRESHED, 0) >= SESSION_REFRESH_EVERY:
            session[SESSION_REFRESHED] = now  # modified: the session middleware saves it with a new expiry
        return response


class DatabaseUnavailableMiddleware:
    """If the database goes away in the middle of a request, answer with a plain "try again shortly" page (503)
    instead of an error trace, and drop the broken connection so the next request connects afresh. A change refused
    because another was saved at the same moment (deadlock, serialisation failure) is no outage: 409, see below."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import DatabaseError, InterfaceError, OperationalError, connections
        from django.http import HttpResponse
        from django.template.loader import render_to_string

        if is_collision(exception):
            return collision_response(request)
        if not isinstance(exception, OperationalError | InterfaceError) and not (
            isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
        ):
            return None
        import logging

        logging.getLogger("portal.database").error("Database unavailable during %s: %s", request.path, exception)
        for connection in connections.all(initialized_only=True):
            try:
                if not connection.is_usable():
                    connection.close()
            except Exception:  # noqa: BLE001 - a broken connection may fail even to close; drop it regardless
                connection.connection = None
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response


def collision_response(request):
    """A change that collided with another in the database and that its view did not show again itself: nothing
    was saved, so say so (409) and give back what was typed, with a button to send it again."""
    from django.shortcuts import render

    fields = [(name, value) for name, values in request.POST.lists() for value in values]
    resend = [(name, value) for name, value in fields if name != "csrfmiddlewaretoken" and "password" not in name]
    typed = [(name, value) for name, value in resend if any(character.isalpha() for character in value)]
    response = render(request, "409.html", {"message": COLLISION_MESSAGE, "typed": typed, "resend": resend}, status=409)
    response["Cache-Control"] = "no-store"
    if getattr(request, "htmx", False):
        response["HX-Retarget"], response["HX-Reswap"] = "body", "innerHTML"
    return response
