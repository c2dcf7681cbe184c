"""htmx requests: when a view answers with a fragment of its page instead of the whole page."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx request that swaps part of the page. A history-restore request also carries HX-Request, but it
    needs the whole page (the browser is putting a page back after the back button)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def page_or_fragment(request: HttpRequest, template: str, fragment: str) -> str:
    """The page's template, or its `{% partialdef fragment %}` when htmx swaps only that part."""
    return f"{template}#{fragment}" if wants_fragment(request) else template
