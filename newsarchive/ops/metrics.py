"""Prometheus metrics, served at ``/metrics``.

With several gunicorn workers (or the importer in its own process) set
``PROMETHEUS_MULTIPROC_DIR`` to a folder they all share, emptied before they start:
each process writes its counters there and ``/metrics`` adds them up. Without it, a
scrape sees the counters of the one process that answered it.

Gauges about the database (articles, the last import, replica lag) are measured when
the scrape asks, so they are right whichever process answers.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

REQUESTS = Counter(
    "newsarchive_http_requests",
    "HTTP requests answered, by area of the site, method and status code.",
    ["area", "method", "status"],
)
LATENCY = Histogram(
    "newsarchive_http_request_duration_seconds",
    "Time to answer a request (to its first byte for a streamed export), by area.",
    ["area"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
QUERIES = Histogram(
    "newsarchive_http_request_queries",
    "Database queries a request made, by area.",
    ["area"],
    buckets=(0, 1, 2, 5, 10, 20, 50, 100, 200),
)
READS = Counter(
    "newsarchive_http_request_reads",
    "Requests by the database their reads went to (default is the primary).",
    ["database"],
)
IMPORTED_FILES = Counter(
    "newsarchive_import_files",
    "Files the importer has finished, by outcome (created, updated, unchanged, duplicate, failed).",
    ["status"],
)


def record_import(status: str) -> None:
    """Count one imported file (the importer calls this once per file)."""
    IMPORTED_FILES.labels(status=status).inc()


class DatabaseCollector(Collector):
    """Measured at scrape time: the archive's size, its newest import, each replica's lag."""

    def collect(self) -> Iterator[Metric]:
        from django.db import DEFAULT_DB_ALIAS, Error, connections

        from newsarchive.ops import replicas

        articles = GaugeMetricFamily("newsarchive_articles", "Articles in the archive.")
        newest = GaugeMetricFamily(
            "newsarchive_last_import_timestamp_seconds",
            "When the newest article was imported (Unix time).",
        )
        try:
            with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
                cursor.execute(
                    "SELECT count(*), extract(epoch FROM max(imported_at))::float8 "
                    "FROM articles_article"
                )
                count, last_import = cursor.fetchone()
            articles.add_metric([], count)
            if last_import is not None:
                newest.add_metric([], last_import)
        except Error:
            pass
        yield articles
        yield newest

        up = GaugeMetricFamily(
            "newsarchive_replica_up",
            "Whether the replica answered (1) or not (0).",
            labels=["replica"],
        )
        lag = GaugeMetricFamily(
            "newsarchive_replica_lag_seconds",
            "How far the replica is behind the primary (0 when it has replayed all it received).",
            labels=["replica"],
        )
        for alias in replicas.replica_aliases():
            state = replicas.check(alias)
            up.add_metric([alias], 1 if state.up else 0)
            if state.lag_seconds is not None:
                lag.add_metric([alias], state.lag_seconds)
        yield up
        yield lag


def exposition() -> tuple[bytes, str]:
    """The metrics as Prometheus's text format, and its content type."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        for collector in (REQUESTS, LATENCY, QUERIES, READS, IMPORTED_FILES):
            registry.register(collector)
    registry.register(DatabaseCollector())
    return generate_latest(registry), CONTENT_TYPE_LATEST
