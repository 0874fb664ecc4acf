"""Addresses for load balancers and monitoring: ``/healthz``, ``/readyz``, ``/metrics``."""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, Error, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from newsarchive.ops import metrics, replicas

_migrations_applied = False


@never_cache
@require_safe
def healthz(request):
    """The process is up and answering; asks nothing of the database."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    """Ready for traffic: the primary answers and has every migration; each replica's state.

    A replica that is down or behind does not make the process unready (its reads go to
    the primary) unless ``NEWSARCHIVE_READY_REQUIRES_REPLICAS`` is set.
    """
    reasons = []
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
        if not migrations_applied():
            reasons.append("migrations not applied")
    except Error as error:
        reasons.append(f"database unreachable: {str(error).strip()}")
    states = {alias: replicas.check(alias) for alias in replicas.replica_aliases()}
    replica_report = {
        alias: {
            "up": state.up,
            "lag_seconds": state.lag_seconds,
            "takes_reads": state.usable,
            **({"error": state.error} if state.error else {}),
        }
        for alias, state in states.items()
    }
    if settings.NEWSARCHIVE_READY_REQUIRES_REPLICAS:
        reasons += [f"replica {alias} not usable" for alias, s in states.items() if not s.usable]
    body = {"status": "unready" if reasons else "ready", "reasons": reasons}
    if replica_report:
        body["replicas"] = replica_report
    return JsonResponse(body, status=503 if reasons else 200)


def migrations_applied() -> bool:
    """No migration left to apply on the primary (remembered once true)."""
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        targets = executor.loader.graph.leaf_nodes()
        _migrations_applied = not executor.migration_plan(targets)
    return _migrations_applied


@never_cache
@require_safe
def metrics_view(request):
    """Prometheus metrics, for a client sending the token or from an allowed address."""
    if not metrics_allowed(request):
        return JsonResponse({"detail": "Forbidden."}, status=403)
    body, content_type = metrics.exposition()
    return HttpResponse(body, content_type=content_type)


def metrics_allowed(request) -> bool:
    token = settings.NEWSARCHIVE_METRICS_TOKEN
    if token:
        sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if sent and hmac.compare_digest(sent.encode(), token.encode()):
            return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in settings.NEWSARCHIVE_METRICS_ALLOWED_NETWORKS)
