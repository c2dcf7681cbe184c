"""Caching of public pages for anonymous readers, safe by construction.

Every cached page is keyed by a site-wide content version. Any save or delete of a meeting, agenda, paper,
minute or pack moves the version on (at once and again when the transaction commits), so the next reader gets a
freshly rendered page; nothing is served stale for more than `PAGE_TTL` seconds even if a change slipped past the
signals. The version is a PostgreSQL sequence, not a cache entry: a change made by any process (another web
worker, the pack-build worker, a command) is seen by every process at once, even when each has its own
in-memory cache. Reading it costs one tiny query; moving it on never waits for a lock and never rolls back.

Only anonymous GET and HEAD requests for full pages are cached: signed-in readers may see exempt papers, so their pages
are never stored, and anonymous pages carry no CSRF token or other per-reader content.
"""

import hashlib
from functools import wraps

from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse

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
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_value FROM portal_content_version")
        return cursor.fetchone()[0]


def bump_content_version(**_signal_kwargs) -> None:
    def bump():
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval('portal_content_version')")

    bump()
    # A reader who rendered the page between the change and the commit cached the old content under the new
    # version; moving on again at commit makes that entry unreachable.
    transaction.on_commit(bump)


def cache_public_page(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        cacheable = (
            request.method in ("GET", "HEAD")
            and not request.user.is_authenticated
            and not getattr(request, "htmx", False)
        )
        if not cacheable:
            return view(request, *args, **kwargs)
        # Hashed: an address may be long or hold any character, a cache key should not.
        address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"page:{content_version()}:{address}"
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

    shown = [model for label in ("meetings", "minutes") for model in apps.get_app_config(label).get_models()]
    shown.append(apps.get_model("portal", "AccessibilityTest"))  # the accessibility statement shows the latest
    for model in shown:
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"page-cache-save-{model._meta.label}")
        post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"page-cache-delete-{model._meta.label}")
    m2m_changed.connect(bump_content_version, dispatch_uid="page-cache-m2m")
