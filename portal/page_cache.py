"""Caching of public pages for anonymous readers, safe by construction.

Every cached page is keyed by a site-wide content version. A change the public can see (a published meeting,
agenda item, paper, pack or minutes; a panel, its members, its work programme) moves the version on once, when its
transaction commits, so the next reader gets a freshly rendered page; a change nobody but officers sees (a draft,
a history row, a pack build's job, the bookkeeping of agenda versions, the text of exempt information) leaves every
cached page in place. Nothing is served stale for more than `PAGE_TTL` seconds even if a change slipped past the
signals. The version is a PostgreSQL sequence: a change made by any process (another web worker, the pack-build
worker, a command) is seen by every process at once; moving it on never waits for a lock and never rolls back.

Reading it from the database would cost a query per visit, so where every process shares the cache (Redis) the
version is kept there too, beside the pages, and a visit is one cache round trip (the version and the page in one
MGET) with no query. Each move writes the new value to Redis after the sequence's `nextval`, and only ever
raises the stored value (a Lua script, atomic in Redis), so moves and readers who found no value (Redis
restarted, the key expired) and read the sequence can arrive in any order: the largest value wins. The stored
value lives `PAGE_TTL` seconds, so a move whose Redis write failed (Redis briefly unreachable) leaves pages stale
for no longer than the promise above. With a cache of each process's own (development, tests) the version is
read from the sequence on every visit, as another process's change would otherwise go unseen.

Only anonymous GET and HEAD requests for full pages are cached: signed-in readers may see exempt papers, so their pages
are never stored, and anonymous pages carry no CSRF token or other per-reader content.

Two layers serve the same pages. `cache_public_page`, around the view, serves every anonymous reader. In front of it,
`PublicPageMiddleware` (right after SecurityMiddleware and WhiteNoise) answers a reader who cannot be signed in (no
session cookie) and has no flash message waiting (no messages cookie) before sessions, CSRF, authentication and the
rest of the middleware run: it keeps the response as those middleware left it (every header, the content security
policy included) and serves that, so a page from it is the page the whole stack would have sent.

Signed-in readers get no cached page, but parts of a page that every reader of one kind sees alike can be shared
between them (`reader_fragments`: a meeting's agenda, the same for every councillor who may read its exempt
papers). Those parts show exempt information, which the content version does not follow, so they are keyed by a
second version, the reader version, that moves on with every change to the rows public pages are made of, exempt
or not (and with the content version). It is kept like the content version: a sequence, mirrored in Redis.
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial, wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError, connection, models
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from redis.exceptions import RedisError

from portal.after_commit import once_on_commit, waiting_on_commit

log = logging.getLogger("portal.cache")

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


@dataclass(frozen=True)
class Version:
    """A version kept in a PostgreSQL sequence, mirrored under `key` in the shared cache."""

    sequence: str
    key: str

    def current(self) -> int:
        """The version as the database has it (one query)."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT last_value FROM {self.sequence}")
            return cursor.fetchone()[0]


CONTENT = Version("portal_content_version", "page-cache:content-version")  # what the public sees
READERS = Version("portal_reader_version", "page-cache:reader-version")  # what any reader sees, exempt included
VERSION_KEY = CONTENT.key


def content_version() -> int:
    """The content version as the database has it (one query)."""
    return CONTENT.current()


BUMP = "page-cache-content-version"
BUMP_READERS = "page-cache-reader-version"
# Set the stored version to ARGV[1] unless it already holds a larger one; the value lives ARGV[2] seconds.
RAISE_VERSION = """
local stored = tonumber(redis.call('GET', KEYS[1]))
if stored == nil or stored < tonumber(ARGV[1]) then
    redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
end
"""


def _shares_cache() -> bool:
    """Does every process see this cache (Redis), so that it can hold the version for all of them."""
    return isinstance(caches["default"], RedisCache)


def _raise_shared_version(value: int, version: Version = CONTENT) -> None:
    backend = caches["default"]
    if not isinstance(backend, RedisCache) or getattr(getattr(backend, "health", None), "is_down", False):
        return
    key = backend.make_and_validate_key(version.key)
    try:
        backend._cache.get_client(key, write=True).eval(RAISE_VERSION, 1, key, value, PAGE_TTL)
    except RedisError as exc:
        log.warning("Could not store %s %s in the cache (%s)", version.key, value, type(exc).__name__)


def _next_versions(*versions: Version) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"nextval('{version.sequence}')" for version in versions))
        values = cursor.fetchone()
    for version, value in zip(versions, values, strict=True):
        _raise_shared_version(value, version)


def _version_and_page(page_key: str, version: Version = CONTENT) -> tuple[int, object]:
    """The current `version` and what the cache holds for `page_key` (None if nothing): one cache round trip and
    no query when the shared cache knows the version."""
    if not _shares_cache():
        return version.current(), cache.get(page_key)
    found = cache.get_many([version.key, page_key])
    value = found.get(version.key)
    if value is None:
        value = version.current()
        _raise_shared_version(value, version)
    return value, found.get(page_key)


def bump_content_version(**_signal_kwargs) -> None:
    """Move the version on when the current transaction commits (at once outside one), however many changes it
    holds. Only then: a reader who renders before the commit reads the old content under the old version, which
    the commit makes unreachable; a reader who reads the new version reads committed content. What the public
    sees, readers see too: the reader version moves with it."""
    once_on_commit(BUMP, partial(_next_versions, CONTENT, READERS))


def bump_reader_version() -> None:
    """Move the reader version on, alone, when the current transaction commits: a change that only signed-in
    readers see (exempt information, a members' pack)."""
    if not waiting_on_commit(BUMP):
        once_on_commit(BUMP_READERS, partial(_next_versions, READERS))


def cache_public_page(view=None, *, fragments: bool = False):
    """Cache the view's pages for anonymous readers. With `fragments=True` (a view that answers htmx requests
    with a fragment of its page, such as search results as you type), the fragments are cached too, each under a
    key of its own; a history-restore request gets the whole page, as `page_or_fragment` renders it."""
    if view is None:
        return partial(cache_public_page, fragments=fragments)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        htmx = getattr(request, "htmx", False)
        fragment = bool(htmx) and not htmx.history_restore_request
        cacheable = (
            request.method in ("GET", "HEAD")
            and not request.user.is_authenticated
            and (fragments or not htmx)
            and not _has_messages(request)
        )
        if not cacheable:
            return view(request, *args, **kwargs)
        key = f"{'fragment' if fragment else 'page'}:{_address(request)}"
        # The page is stored with the version it was rendered under and served only while that is the current one.
        # PublicPageMiddleware has read the version already when it let the request through (no second read).
        version = request.__dict__.pop("_page_cache_version", None)
        if version is None:
            version, stored = _version_and_page(key)
        else:
            stored = cache.get(key)
        if stored is not None and stored[0] == version:
            _, content, headers = stored
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            response._public_page = not fragment
            return response
        response = view(request, *args, **kwargs)
        # A page that showed a reader their flash message ("Your apologies are sent") is theirs alone.
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not _has_messages(request)
        ):
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            cache.set(key, (version, response.content, headers), PAGE_TTL)
            response._public_page = not fragment
        return response

    # Read by PublicPageMiddleware (through the decorators above it, which copy it with `wraps`).
    wrapper.public_page = True
    return wrapper


def reader_fragments(
    name: str, address: str, variant: Callable[[object], str], render: Callable[[], tuple[object, dict]]
) -> dict:
    """The parts of a page at `address` that every reader of one variant sees alike, rendered by `render` or
    read from the cache under the reader version. `render()` returns the page's subject (a small picklable
    value, such as a meeting's id, panel and date) and its parts (rendered HTML and plain values, nothing of one
    reader's own: no CSRF token, name or flash message); `variant(subject)` names what this reader sees of it
    ("members" for a councillor who may read the meeting's exempt papers, "public" otherwise). Everything the
    parts show must follow from the subject and the variant alone: readers who differ in anything else must get
    different variants.

    Two cache round trips when both are there (the subject, then this variant's parts) and no query; otherwise
    `render()`, whose exceptions (a 404) pass through and store nothing."""
    subject_key = f"fragments:{name}:subject:{_hashed(address)}"
    version, subject = _version_and_page(subject_key, READERS)
    if subject is not None and subject[0] == version:
        parts = cache.get(_fragments_key(name, address, variant(subject[1])))
        if parts is not None and parts[0] == version:
            return parts[1]
    found, parts = render()
    cache.set_many(
        {subject_key: (version, found), _fragments_key(name, address, variant(found)): (version, parts)}, PAGE_TTL
    )
    return parts


def _fragments_key(name: str, address: str, variant: str) -> str:
    return f"fragments:{name}:{variant}:{_hashed(address)}"


def _hashed(address: str) -> str:
    return hashlib.sha256(address.encode()).hexdigest()


def _address(request: HttpRequest) -> str:
    """Hashed: an address may be long or hold any character, a cache key should not."""
    return _hashed(request.get_full_path())


class PublicPageMiddleware:
    """Answer a reader who cannot be signed in from the cache before the rest of the middleware runs (see the
    module's docstring). Place it right after SecurityMiddleware and WhiteNoise: their headers are added to every
    response, this one's included; the headers of the middleware after it are stored with the page.

    Which readers: GET or HEAD of a page whose view is `cache_public_page`'s, with no session cookie (so not
    signed in, and no messages in a session), no messages cookie, and no HX-Request header (fragments and
    history restores are left to the view). Which responses are stored: those the view's cache would store (a
    full page, 200, no cookie set, no flash message shown), that set no cookie on their way out either and used
    no CSP nonce (a nonce is one response's own)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not self._may_answer(request):
            return self.get_response(request)
        key = f"response:{_address(request)}"
        try:
            version, stored = _version_and_page(key)
        except DatabaseError as exc:
            # Said here, because the view's own query then fails only on the connection this one broke ("the
            # connection is closed"), and DatabaseUnavailableMiddleware, answering with its 503 page, logs that.
            logging.getLogger("portal.database").error("Database unavailable during %s: %s", request.path, exc)
            return self.get_response(request)
        if stored is not None and stored[0] == version:
            _, content, headers = stored
            response = HttpResponse(content)
            for name, value in headers:
                response.headers[name] = value
            return response
        request._page_cache_version = version
        response = self.get_response(request)
        if getattr(response, "_public_page", False) and self._may_store(request, response):
            cache.set(key, (version, response.content, list(response.items())), PAGE_TTL)
        return response

    @staticmethod
    def _may_answer(request: HttpRequest) -> bool:
        if request.method not in ("GET", "HEAD") or "HTTP_HX_REQUEST" in request.META:
            return False
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
            return False
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        if not getattr(match.func, "public_page", False):
            return False
        request.get_host()  # an address not in ALLOWED_HOSTS is refused (400), as CommonMiddleware would
        return True

    @staticmethod
    def _may_store(request: HttpRequest, response: HttpResponse) -> bool:
        nonce = getattr(request, "_csp_nonce", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not _has_messages(request)
            and not nonce  # a LazyNonce is false until a template or view has used it
        )


def _has_messages(request: HttpRequest) -> bool:
    """Does this reader have flash messages waiting, or did the page just show them."""
    storage = getattr(request, "_messages", None)
    if storage is None:
        return False
    return storage.used or len(storage) > 0


# --- which changes the public sees ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicShape:
    """What public pages show of a model's rows. `shown(row)`: is this row, as it stands, on any public page (a
    necessary condition of its visibility twin for the public; True when in doubt). `private`: fields no public
    page shows. `exempt(row)` and `hidden_when_exempt`: the fields the public does not see while the row is exempt.
    `compare`: `shown` and `exempt` read the row's own fields only, so a change is public when the row's public
    face differs between its stored and its new state; otherwise (rows whose visibility is their parent's) a
    change is public when the row is shown. `always_public`: see below."""

    shown: Callable[[models.Model], bool] = lambda row: True
    private: frozenset[str] = frozenset()
    exempt: Callable[[models.Model], bool] = lambda row: False
    hidden_when_exempt: frozenset[str] = frozenset()
    compare: bool = True
    # Fields whose change is public even while the row is not shown (an unpublished item's exemption hides its
    # minutes); a row deleted while exempt is a public change too.
    always_public: frozenset[str] = frozenset()


_shapes: dict[type[models.Model], PublicShape] = {}


def _public_fields(model: type[models.Model], shape: PublicShape, update_fields) -> list[models.Field]:
    fields = [
        field for field in model._meta.concrete_fields if not field.primary_key and field.name not in shape.private
    ]
    if update_fields is not None:
        named = set(update_fields)
        fields = [field for field in fields if field.name in named or field.attname in named]
    return fields


def _public_face(shape: PublicShape, row: models.Model, fields: list[models.Field]) -> tuple:
    always = tuple(getattr(row, field.attname) for field in fields if field.name in shape.always_public)
    if not shape.shown(row):
        return None, always
    hidden = shape.hidden_when_exempt if shape.exempt(row) else frozenset()
    return tuple(getattr(row, field.attname) for field in fields if field.name not in hidden), always


def changes_public_page(model: type[models.Model], row: models.Model, update_fields=None) -> bool:
    """Would saving `row` (before the save) change what a public page shows. Costs at most one query: the stored
    row, when neither its new state nor the save's fields decide it."""
    shape = _shapes[model]
    fields = _public_fields(model, shape, update_fields)
    if not fields:
        return False  # only bookkeeping
    if not shape.compare:
        return shape.shown(row)
    after = _public_face(shape, row, fields)
    if row._state.adding or row.pk is None:
        return after[0] is not None or shape.exempt(row)
    if after[0] is not None and not shape.exempt(row):
        return True
    everything = _public_fields(model, shape, None)
    stored = model._base_manager.filter(pk=row.pk).only(*(field.name for field in everything)).first()
    before = _public_face(shape, stored, fields) if stored is not None else (None, ())
    return before != after


def _before_save(sender, instance, raw: bool = False, update_fields=None, **kwargs) -> None:
    # Once a move is waiting for this transaction's commit, nothing more needs deciding.
    instance._changes_public_page = raw or (
        not waiting_on_commit(BUMP) and changes_public_page(sender, instance, update_fields)
    )


def _after_save(sender, instance, **kwargs) -> None:
    if instance.__dict__.pop("_changes_public_page", True):
        bump_content_version()
    else:
        bump_reader_version()


def _after_delete(sender, instance, **kwargs) -> None:
    shape = _shapes[sender]
    if not waiting_on_commit(BUMP) and (shape.shown(instance) or shape.exempt(instance)):
        bump_content_version()
    else:
        bump_reader_version()


def show_publicly(model: type[models.Model], shape: PublicShape | None = None) -> None:
    """Move the content version on when a change to this model's rows changes what public pages show."""
    from django.db.models.signals import post_delete, post_save, pre_save

    _shapes[model] = shape or PublicShape()
    label = model._meta.label
    pre_save.connect(_before_save, sender=model, dispatch_uid=f"page-cache-before-save-{label}")
    post_save.connect(_after_save, sender=model, dispatch_uid=f"page-cache-save-{label}")
    post_delete.connect(_after_delete, sender=model, dispatch_uid=f"page-cache-delete-{label}")


def show_publicly_related(through: type[models.Model]) -> None:
    """Move the content version on when rows are linked or unlinked through this many-to-many table."""
    from django.db.models.signals import m2m_changed

    def changed(action: str, **kwargs) -> None:
        if action in ("post_add", "post_remove", "post_clear"):
            bump_content_version()

    m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=f"page-cache-m2m-{through._meta.label}")
