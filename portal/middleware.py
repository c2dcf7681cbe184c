"""Request middleware: the reader's audience, worked out once per request."""

from django.utils.functional import SimpleLazyObject

from meetings.audience import audience_for


class AudienceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.audience = SimpleLazyObject(lambda: audience_for(request.user))
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """If the database goes away in the middle of a request, answer with a plain "try again shortly" page (503)
    instead of an error trace, and drop the broken connection so the next request connects afresh."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import DatabaseError, InterfaceError, OperationalError, connections
        from django.http import HttpResponse
        from django.template.loader import render_to_string

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
