"""The API's routes, included under /api/ with the namespace "api": every operation of portal.api.views, each
described in the OpenAPI document; and, after them, a JSON 404 for any other address under /api/."""

import functools

from django.urls import URLPattern, re_path

from portal.api import views
from portal.api.application import api


def answering_head(pattern: URLPattern) -> URLPattern:
    """HEAD answered as GET (Django leaves the body out), as every read view of the site does: link checkers,
    monitors and caches ask with HEAD. Done at the route, so the OpenAPI document still lists GET alone."""
    view = pattern.callback

    @functools.wraps(view)
    def head_as_get(request, *args, **kwargs):
        if request.method == "HEAD":
            request.method = "GET"
            try:
                return view(request, *args, **kwargs)
            finally:
                request.method = "HEAD"
        return view(request, *args, **kwargs)

    pattern.callback = head_as_get
    return pattern


# Ninja adds a root route of its own (a 404 that points at its docs page); the index answers at the root here.
urlpatterns = [answering_head(pattern) for pattern in api.urls[0] if pattern.name != "api-root"]

# Only addresses ending in "/": for one without, Django's APPEND_SLASH redirect runs first (as it does today for
# /api/meetings), and the address with the slash then answers here if it is not a route either.
not_found_urlpatterns = [re_path(r"^(?P<path>(?:.*/)?)$", views.not_found, name="not_found")]
