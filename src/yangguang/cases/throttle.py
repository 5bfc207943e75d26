"""Throttling of the public case query (办件查询) against guessing query codes.

A wrong query code and a missing case count alike as one failure of the client (keyed by its
address). After ``YANGGUANG_QUERY_FAILURES`` failures (default 5) within
``YANGGUANG_QUERY_WINDOW_SECONDS`` (default 900) of the first one, every query from that
client is refused, even one with a correct code, until the window that began with the first
failure has passed. A correct answer does not reset the count: otherwise one known case would
let a guesser go on for ever.

The counts live in Django's cache, so they are shared by every process when the cache is
(Redis, Memcached, database cache) and per process with the default local-memory cache. The
module knows nothing of the API or the HTML pages; both doors use it the same way::

    key = client_key(request)
    if not query_allowed(key):
        raise QueryThrottled.for_client(key)
    try:
        case = case_public_get(number, code)
    except CaseNotFound:
        query_failed(key)
        raise
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yangguang.core.errors import DomainError

PREFIX = "yangguang:case-query"


def max_failures() -> int:
    return int(getattr(settings, "YANGGUANG_QUERY_FAILURES", 5))


def window_seconds() -> int:
    return int(getattr(settings, "YANGGUANG_QUERY_WINDOW_SECONDS", 900))


def client_key(request) -> str:
    """The client a request comes from: its address as the server saw it (REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def _keys(client: str) -> tuple[str, str]:
    digest = hashlib.sha256(client.encode()).hexdigest()[:32]  # any address fits a cache key
    return f"{PREFIX}:start:{digest}", f"{PREFIX}:count:{digest}"


def retry_after(client: str) -> int:
    """Seconds until ``client`` may query again; 0 when it may query now."""
    start_key, count_key = _keys(client)
    started = cache.get(start_key)
    if started is None or (cache.get(count_key) or 0) < max_failures():
        return 0
    return max(0, math.ceil(started + window_seconds() - time.time()))


def query_allowed(client: str) -> bool:
    """Whether ``client`` may query now (fewer than the allowed failures in its window)."""
    return retry_after(client) == 0


def query_failed(client: str) -> None:
    """Count one wrong number or code from ``client``; the first failure opens its window."""
    start_key, count_key = _keys(client)
    now = time.time()
    started = cache.get(start_key)
    if started is None or now >= started + window_seconds():
        cache.set(start_key, now, timeout=window_seconds())
        cache.set(count_key, 1, timeout=window_seconds())
        return
    try:
        cache.incr(count_key)
    except ValueError:  # the count expired a moment before the start
        cache.set(count_key, 1, timeout=max(1, math.ceil(started + window_seconds() - now)))


class QueryThrottled(DomainError):
    """Too many wrong queries from one client; ``retry_after`` says for how many seconds."""

    code = "too-many-queries"
    status = 429
    title = gettext_lazy("Too many queries")

    def __init__(self, detail, *, retry_after: int, **kwargs):
        super().__init__(detail, **kwargs)
        self.retry_after = retry_after

    @classmethod
    def for_client(cls, client: str) -> "QueryThrottled":
        seconds = max(1, retry_after(client))
        return cls(_("Too many queries with a wrong case number or query code from your address. "
                     "Try again in %(minutes)s minutes.") % {"minutes": math.ceil(seconds / 60)},
                   retry_after=seconds)
