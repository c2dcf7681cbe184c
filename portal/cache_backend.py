"""The Redis cache as an optimisation, never a point of failure.

`FailSoftRedisCache` is Django's RedisCache with every operation guarded: if Redis cannot be reached, a read is a
miss, a write is skipped, the failure is logged (once per outage, not once per request) and counted, and the
page is rendered uncached. After a failure the cache is not tried again for `RETRY_AFTER` seconds, so a Redis
that is down, or a host that drops packets, costs a request nothing while it stays down; short socket timeouts
(set in settings) bound the cost of the one request that finds out.
"""

import functools
import logging
import threading
import time
from dataclasses import dataclass

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

log = logging.getLogger("portal.cache")

DEFAULT_RETRY_AFTER = 5.0


@dataclass
class CacheHealth:
    """What this process has seen of the cache since it started."""

    failures: int = 0  # operations that reached for Redis and failed
    skipped: int = 0  # operations not tried because Redis had just failed
    outages: int = 0
    last_error: str = ""
    last_failure_at: float | None = None  # time.time()
    down_until: float = 0.0  # time.monotonic(); before it, the cache is not tried

    @property
    def is_down(self) -> bool:
        return time.monotonic() < self.down_until


def _guarded(default_result):
    """Run the cache operation unless Redis is known to be down; on a Redis error, give `default_result`
    (a callable taking the call's arguments) instead of raising."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if self.health.is_down:
                with self._lock:
                    self.health.skipped += 1
                return default_result(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except RedisError as exc:
                self._failed(method.__name__, exc)
                return default_result(*args, **kwargs)
            if self.health.down_until:
                self._recovered()
            return result

        return wrapper

    return decorate


def _none(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _get_default(key, default=None, *args, **kwargs):
    return default


def _empty_dict(*args, **kwargs):
    return {}


def _all_keys_failed(data, *args, **kwargs):
    return list(data)


class ClientPerPool(RedisCacheClient):
    """Django's client makes a new `redis.Redis` for every operation, filling its table of a hundred or so reply
    handlers each time: a fifth of the time a signed-in meeting page spent on the cache. A `redis.Redis` holds no
    connection of its own (it takes one from the pool for each command) and is safe to share between threads, so
    one per pool serves every operation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ClientPerPool
        self.retry_after = float(params.get("RETRY_AFTER", DEFAULT_RETRY_AFTER))
        self.health = CacheHealth()
        self._lock = threading.Lock()

    def _failed(self, operation: str, exc: Exception) -> None:
        with self._lock:
            health = self.health
            was_down = health.down_until != 0.0
            health.failures += 1
            health.last_error = f"{type(exc).__name__}: {exc}"
            health.last_failure_at = time.time()
            health.down_until = time.monotonic() + self.retry_after
            if not was_down:
                health.outages += 1
        if not was_down:
            log.warning(
                "Cache unavailable (%s during %s); pages are served uncached, retrying every %.0f s.",
                health.last_error,
                operation,
                self.retry_after,
            )

    def _recovered(self) -> None:
        with self._lock:
            if not self.health.down_until:
                return
            self.health.down_until = 0.0
            failures, skipped = self.health.failures, self.health.skipped
        log.warning("Cache reachable again (%d failed and %d skipped operations so far).", failures, skipped)

    # Reads miss, writes are skipped: the caller renders the page itself.
    add = _guarded(_false)(RedisCache.add)
    get = _guarded(_get_default)(RedisCache.get)
    set = _guarded(_none)(RedisCache.set)
    touch = _guarded(_false)(RedisCache.touch)
    delete = _guarded(_false)(RedisCache.delete)
    get_many = _guarded(_empty_dict)(RedisCache.get_many)
    has_key = _guarded(_false)(RedisCache.has_key)
    set_many = _guarded(_all_keys_failed)(RedisCache.set_many)
    delete_many = _guarded(_none)(RedisCache.delete_many)
    clear = _guarded(_false)(RedisCache.clear)

    # incr/decr have no safe answer when the value cannot be read: they raise ValueError, as for a missing key.
    def incr(self, key, delta=1, version=None):
        if self.health.is_down:
            raise ValueError(f"Key '{key}' not found: the cache is unavailable.")
        try:
            return super().incr(key, delta, version)
        except RedisError as exc:
            self._failed("incr", exc)
            raise ValueError(f"Key '{key}' not found: the cache is unavailable.") from exc
