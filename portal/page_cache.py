"""Caching of public pages for anonymous readers, safe by construction.

Every cached page is keyed by a site-wide content version. Any save or delete of a meeting, agenda, paper,
minute or pack moves the version on (at once and again when the transaction commits), so the next reader gets a
freshly rendered page; nothing is served stale for more than `PAGE_TTL` seconds even if a change slipped past the
signals. Only anonymous GET requests for full pages are cached: signed-in readers may see exempt papers, so their
pages are never stored, and anonymous pages carry no CSRF token or other per-reader content.
"""

from functools import wraps

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

VERSION_KEY = "portal:content-version"
PAGE_TTL = 60
# Headers a view sets itself that must come back with the cached page.
KEPT_HEADERS = (
    "Content-Type",
    "Cache-Control",
    "Content-Disposition",
    "Access-Control-Allow-Origin",
    "Vary",
    "Content-Language",
)


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_content_version(**_signal_kwargs) -> None:
    def bump():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, 2, timeout=None)

    bump()
    # A reader who rendered the page between the change and the commit cached the old content under the new
    # version; moving on again at commit makes that entry unreachable.
    transaction.on_commit(bump)


def cache_public_page(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        cacheable = (
            request.method == "GET" and not request.user.is_authenticated and not getattr(request, "htmx", False)
        )
        if not cacheable:
            return view(request, *args, **kwargs)
        key = f"page:{content_version()}:{request.get_full_path()}"
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            cache.set(key, (response.content, headers), PAGE_TTL)
        return response

    return wrapper


def connect_invalidation() -> None:
    """Move the content version on whenever anything a public page shows is saved or deleted."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for app_label in ("meetings", "minutes"):
        for model in apps.get_app_config(app_label).get_models():
            post_save.connect(bump_content_version, sender=model, dispatch_uid=f"page-cache-save-{model._meta.label}")
            post_delete.connect(
                bump_content_version, sender=model, dispatch_uid=f"page-cache-delete-{model._meta.label}"
            )
    m2m_changed.connect(bump_content_version, dispatch_uid="page-cache-m2m")
