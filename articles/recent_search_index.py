"""The search index again, over the newest articles only: what keeps search fast at a
million articles.

A search reads its matches newest first, through windows of publication time
(``search.window_starts``), and stops at the window that fills its ranked matches or
its page. Inside a window PostgreSQL intersects the GIN index of ``search_vector`` with
the publication-date index, but the GIN index hands over every match of a word, however
old: about 70,000 for a word in 7% of a million articles, and reading them was most of a
search's time. This index is the same GIN index, partial: over the articles published
since a fixed date (the newest ``COVER_SHARE`` when it was built). A window that begins
after that date implies the index's condition, and PostgreSQL reads only the entries of
the articles inside it.

It is kept out of the migrations because its date moves. New articles are newer than
the date, so the index only grows; it is built again with a later date once it covers
more than ``REBUILD_SHARE`` of the dated articles, or once the newest window begins
before it (older articles imported later push the windows back). It only steers plans:
with or without it (a new database, a build that failed) a search returns the same.

``importseeds`` refreshes it at the end of every run and ``manage.py searchindex`` on
demand, with CREATE INDEX CONCURRENTLY: searches and imports go on during a build, and
the new index takes the old one's name when it is ready.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from dataclasses import dataclass

from django.db import DatabaseError, connections, transaction

from articles.models import Article
from articles.search import PAGE_WINDOW_SHARES, WINDOW_SHARES, histogram_bounds
from articles.sql import timestamptz_literal

logger = logging.getLogger(__name__)

INDEX = "article_search_recent_gin"
# The name it is built under, until it replaces the one in use.
NEXT = f"{INDEX}_next"
# Built over this share of the newest dated articles: twice the widest window that must
# fall inside it, so it stays usable while the archive grows by as many again.
COVER_SHARE = 0.08
# The smallest share it must hold: the first two windows of a ranked search and of a page
# newest first lie inside it.
NEEDED_SHARE = max(WINDOW_SHARES[1], PAGE_WINDOW_SHARES[1])
# Built again (with a later date) once it covers more than this share.
REBUILD_SHARE = 0.16
# Below this many articles every match of a word is read in a few milliseconds: the
# second index would only cost every write its upkeep.
MIN_ARTICLES = 50_000


@dataclass(frozen=True)
class Refresh:
    """What a refresh found and did."""

    action: str  # "built", "kept", "skipped"
    reason: str
    start: dt.datetime | None = None  # the date the index in use now covers from
    covered: float | None = None  # the share of dated articles it covers, by the statistics


def index_start(using: str = "default") -> dt.datetime | None:
    """The publication date the index in use covers from; None when there is none."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT (regexp_match(pg_get_expr(i.indpred, i.indrelid), '''([^'']+)'''))[1]"
            "::timestamptz FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE c.relname = %s AND c.relnamespace = current_schema()::regnamespace "
            "AND i.indisvalid",
            [INDEX],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def covered_share(start: dt.datetime, bounds: list[dt.datetime]) -> float:
    """The share of dated articles published since ``start``, by the statistics' bounds."""
    buckets = len(bounds) - 1
    return max(0, sum(bound >= start for bound in bounds) - 1) / buckets


def refresh(
    using: str = "default", *, force: bool = False, minimum_articles: int | None = None
) -> Refresh:
    """Build the index, or build it again, when the archive needs it; else keep it.
    ``minimum_articles``: fewer articles go without (default ``MIN_ARTICLES``)."""
    if minimum_articles is None:
        minimum_articles = MIN_ARTICLES
    start = index_start(using)
    bounds = histogram_bounds(Article, using)
    if len(bounds) <= 2:
        # Never analysed (a restored dump, autovacuum off or behind): the dates' statistics
        # are what place the index, and gathering them samples a few thousand rows.
        with connections[using].cursor() as cursor:
            column = connections[using].ops.quote_name(str(Article.published_at.field.column))
            cursor.execute(f"ANALYZE {Article._meta.db_table} ({column})")
        bounds = histogram_bounds(Article, using)
    covered = covered_share(start, bounds) if start and len(bounds) > 2 else None
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Article._meta.db_table]
        )
        articles = cursor.fetchone()[0]
    if len(bounds) <= 2:
        return Refresh("skipped", "too few dated articles for statistics", start, covered)
    if articles < minimum_articles and not force:
        reason = f"{articles:,.0f} articles: fewer than {minimum_articles:,}"
        return Refresh("skipped", reason, start, covered)
    if covered is not None and NEEDED_SHARE <= covered <= REBUILD_SHARE and not force:
        reason = f"it holds the newest windows and covers at most {REBUILD_SHARE:.0%}"
        return Refresh("kept", reason, start, covered)
    new_start = bounds[round((1 - COVER_SHARE) * (len(bounds) - 1))]
    if start is not None and not force and new_start == start:
        return Refresh("kept", "the statistics place it where it is", start, covered)
    if _being_built(using):
        return Refresh("skipped", "another process is building it", start, covered)
    try:
        _build(using, new_start)
    except DatabaseError as error:
        # Only speed is lost: searches read the whole GIN index, as without it.
        logger.warning("the recent-articles search index was not built: %s", error)
        return Refresh("skipped", f"the build failed: {error}", start, covered)
    reason = f"it covered {covered:.0%}" if covered is not None else "there was none"
    return Refresh("built", reason, new_start, covered_share(new_start, bounds))


def _being_built(using: str) -> bool:
    """Whether an index of the articles table is being built now (another refresh's)."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT FROM pg_stat_progress_create_index "
            "WHERE relid = %s::regclass AND pid <> pg_backend_pid())",
            [Article._meta.db_table],
        )
        return cursor.fetchone()[0]


def _build(using: str, start: dt.datetime) -> None:
    connection = connections[using]
    quote = connection.ops.quote_name
    table = quote(Article._meta.db_table)
    vector = quote(str(Article.search_vector.field.column))
    published = quote(str(Article.published_at.field.column))
    # In a transaction (a test's) the build cannot be concurrent, nor wait for the checks of
    # foreign keys written before it (Django defers them): those are made first, and a
    # savepoint keeps a failed build from ending the transaction.
    in_transaction = connection.in_atomic_block
    concurrently = "" if in_transaction else "CONCURRENTLY"
    savepoint = transaction.atomic(using=using) if in_transaction else contextlib.nullcontext()
    with savepoint, connection.cursor() as cursor:
        if in_transaction:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # A build that was interrupted leaves an invalid index under the new name.
        cursor.execute(f"DROP INDEX {concurrently} IF EXISTS {quote(NEXT)}")
        cursor.execute(
            f"CREATE INDEX {concurrently} {quote(NEXT)} ON {table} USING gin ({vector}) "
            # The date as a constant: a utility statement takes no parameters.
            f"WHERE {published} >= {timestamptz_literal(start)}"
        )
        cursor.execute(f"DROP INDEX {concurrently} IF EXISTS {quote(INDEX)}")
        cursor.execute(f"ALTER INDEX {quote(NEXT)} RENAME TO {quote(INDEX)}")
        if in_transaction:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
