"""Whole responses to anonymous JSON reads, kept per process, keyed on the database snapshot.

``pg_current_snapshot()`` says exactly which transactions a query can see. It changes
whenever a transaction that writes starts or ends (an import, an editor's save), and
otherwise stays the same. So two requests that read under the same snapshot get the
same answer, and a response stored under a snapshot can never be stale: after the next
commit no request reads under that snapshot again. Nothing has to be invalidated, so no
code path can forget to.

A lookup costs one round trip to the server (the snapshot). On a hit the page's queries,
their compilation, serialization and rendering are all skipped; on a miss the response is
stored once rendered. Not cached: staff (they see hidden articles), formats other than
JSON (the browsable API shows the user and a CSRF token), and requests inside a
transaction (its own writes are visible to it but do not change the snapshot).

The data query of a miss runs after the snapshot query, so it may see a commit the
snapshot did not. The stored answer is then newer than its key, never older; and that
key is not read again, because a snapshot taken after the commit differs.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db import connection, connections, router
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import set_response_etag

from articles.models import Article

CACHE_ALIAS = "api_responses"
SNAPSHOT_SQL = "SELECT pg_current_snapshot()::text"
CACHED_MEDIA_TYPE = "application/json"
CACHED_HEADERS = ("Content-Type", "ETag", "Last-Modified")


def enabled() -> bool:
    return settings.NEWSARCHIVE_API_CACHE_ENTRIES > 0


def snapshot() -> str:
    """The snapshot of the database this request reads from (a replica's own, if it
    takes the reads: a key must name what the answer was read under)."""
    with connections[router.db_for_read(Article)].cursor() as cursor:
        cursor.execute(SNAPSHOT_SQL)
        return cursor.fetchone()[0]


def cache_key(request) -> str | None:
    """The request's key, or None when its response must not be shared."""
    if not enabled() or connection.in_atomic_block:
        return None
    if request.user.is_authenticated or request.accepted_media_type != CACHED_MEDIA_TYPE:
        return None
    # Everything the answer may vary by: its Vary header names Accept (the media type,
    # checked above), Accept-Language (the active language) and Cookie (anonymous only).
    identity = "\n".join(
        (
            snapshot(),
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            translation.get_language() or "",
        )
    )
    return hashlib.blake2b(identity.encode(), digest_size=20).hexdigest()


class SnapshotCacheMixin:
    """For read-only viewsets: a handler that starts with ``self.cached(request)`` answers
    from the cache when it can, and what it renders otherwise is stored. Permissions,
    throttling and content negotiation have already run (DRF's ``initial``) by then."""

    def list(self, request, *args, **kwargs):
        return self.cached(request) or super().list(request, *args, **kwargs)

    def cached(self, request) -> HttpResponse | None:
        self.response_cache_key = key = cache_key(request)
        if key is None:
            return None
        entry = caches[CACHE_ALIAS].get(key)
        if entry is None:
            return None
        content, headers = entry
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        key = getattr(self, "response_cache_key", None)
        if key is not None and response.status_code == 200 and hasattr(response, "render"):
            response.add_post_render_callback(lambda rendered: store(key, rendered))
        return response


def store(key: str, response) -> None:
    set_response_etag(response)  # once here, not per hit (ConditionalGetMiddleware skips it)
    headers = [(name, response[name]) for name in CACHED_HEADERS if response.has_header(name)]
    caches[CACHE_ALIAS].set(key, (response.content, headers))
