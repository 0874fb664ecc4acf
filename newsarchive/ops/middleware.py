"""One middleware around every request: where its reads go, its log line, its metrics."""

from __future__ import annotations

import logging
import time
from contextlib import ExitStack

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, Error, connections

from newsarchive.middleware import answer_again
from newsarchive.ops import metrics, replicas, routing

logger = logging.getLogger("newsarchive.requests")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Addresses never answered from a replica: the desk, the language switch, uploads, health.
PRIMARY_ONLY_PREFIXES = ("/admin/", "/i18n/", "/media/", "/healthz", "/readyz", "/metrics")


def area(path: str) -> str:
    """A request's part of the site (a metrics label of few values, unlike the path)."""
    for prefix, name in (
        ("/api/", "api"),
        ("/admin/", "admin"),
        ("/static/", "static"),
        ("/media/", "media"),
        ("/healthz", "health"),
        ("/readyz", "health"),
        ("/metrics", "metrics"),
    ):
        if path.startswith(prefix):
            return name
    return "site"


def may_read_from_replica(request) -> bool:
    """Reading-site and API reads by anonymous readers. Anyone with a session (every
    editor who has logged in) reads from the primary and so always sees their own
    writes; so does every write, and the rest of a request once it has written."""
    if not settings.NEWSARCHIVE_REPLICA_ALIASES or request.method not in SAFE_METHODS:
        return False
    if request.path_info.startswith(PRIMARY_ONLY_PREFIXES):
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class OperationsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        alias = replicas.pick() if may_read_from_replica(request) else None
        token = routing.start(alias or DEFAULT_DB_ALIAS)
        counter = QueryCounter()
        try:
            with ExitStack() as stack:
                for name in connections:
                    stack.enter_context(connections[name].execute_wrapper(counter))
                response = self.get_response(request)
            state = routing.current()
            read_from = state.read_alias if state is not None else DEFAULT_DB_ALIAS
        finally:
            routing.finish(token)
        duration = time.perf_counter() - started
        self.record(request, response, duration, counter.count, read_from)
        return response

    def process_exception(self, request, exception):
        """A replica that fails mid-request (stopped since its last check): mark it down and
        answer this read from the primary instead of failing."""
        state = routing.current()
        if (
            state is None
            or state.read_alias == DEFAULT_DB_ALIAS
            or not isinstance(exception, Error)
            or request.resolver_match is None
        ):
            return None
        replicas.mark_down(state.read_alias, str(exception).strip())
        routing.fall_back_to_primary()
        return answer_again(request)

    @staticmethod
    def record(request, response, duration: float, queries: int, read_from: str) -> None:
        part = area(request.path_info)
        status = response.status_code
        metrics.REQUESTS.labels(area=part, method=request.method, status=str(status)).inc()
        metrics.LATENCY.labels(area=part).observe(duration)
        metrics.QUERIES.labels(area=part).observe(queries)
        metrics.READS.labels(database=read_from).inc()
        if part in ("static", "health") and status < 400:
            return  # load balancers' probes and static files would drown the log
        logger.info(
            "%s %s %s",
            request.method,
            request.path,
            status,
            extra={
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": round(duration * 1000, 2),
                "queries": queries,
                "database": read_from,
            },
        )
