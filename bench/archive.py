"""A large benchmark archive, built fast: import a base through the importer, then copy it.

Importing 100,000 generated files through ``importseeds`` takes 10 minutes on a quiet
2-core machine and more than an hour on a loaded one (32 articles/s). The page benchmark
needs the archive's size and shape, not 100,000 runs of the importer, so:

1. ``base`` generated files (bench/generate.py, seed 0) go through
   ``manage.py importseeds --jobs 2`` (what a real import writes: speakers, claims,
   relations, images, revisions);
2. ``multiply`` copies those rows in SQL until the archive holds N articles: copy k
   (1 ≤ k < N / base) of every article, image, claim, claim relation and their revisions
   gets the id ``id + k × (largest id)``, its natural keys made unique (external id,
   SHA-256, fingerprint, file name) and its times moved ``k × 7,919 s`` later, so the
   dates keep the base's spread over 2015–2024; foreign keys to articles and claims
   follow the copy, those to sources, speakers and users do not. PostgreSQL computes
   the generated columns (search vectors, the claims' match text) for the new rows;
3. ``VACUUM ANALYZE``, then ``manage.py searchindex`` (the copies are not an import run,
   which would end with it).

What differs from a real import of N files: the copies share the base's speakers (the
busiest speaker has N / base times the claims it would have, a harder case for the
speaker page), their text repeats the base's ten times over (a word is in the same share
of the articles; headlines repeat), the importer's contradiction pass never compared a
copy with another, and the sequences are moved past the copies.

``build_archive`` does the three steps for a database of its own; the page, API and
replica benchmarks share it, and reuse a database that already holds N articles. Table and
column names come from the models' ``_meta``, as in ``articles/sql.py`` (Django is set up
here if the caller has not done it).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

from bench.generate import generate
from bench.import_bench import manage, with_database

SHIFT_SECONDS = 7919  # a copy's times move k × this (about 2.2 h): the same spread of dates
BASE = 10_000  # articles imported through importseeds before the copying
PROTECTED = ("", "postgres", "template0", "template1")


def article_count(db_url: str) -> int:
    """Articles in the database ``db_url`` names; 0 when it or its tables do not exist."""
    try:
        with psycopg.connect(db_url) as conn:
            return conn.execute("SELECT count(*) FROM articles_article").fetchone()[0]
    except psycopg.Error:
        return 0


def import_generated(db_url: str, articles: int, log: Callable[[str], None]) -> float:
    """Import ``articles`` generated files (bench/generate.py) into ``db_url`` with
    ``importseeds --jobs 2``; returns the import's wall-clock seconds."""
    folder = Path(tempfile.mkdtemp(prefix="bench-seeds-"))
    try:
        started = time.perf_counter()
        generate(folder, articles, seed=0)
        log(f"generated {articles:,} files in {time.perf_counter() - started:.0f} s")
        seconds, done = manage(db_url, "importseeds", "--jobs", "2", str(folder))
        log(f"imported in {seconds:.0f} s: {done.stdout.strip().splitlines()[-1]}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return seconds


def create_database(db_url: str, *, template: str = "template0") -> None:
    """(Re)create the database ``db_url`` names, empty or as a copy of ``template``."""
    name = urlsplit(db_url).path.lstrip("/")
    if name in PROTECTED:
        raise SystemExit(f"the benchmark needs a database of its own, not {name!r}")
    # FILE_COPY copies the files after a checkpoint; WAL_LOG (the default since PostgreSQL 15)
    # would write every page of a multi-GB archive to the WAL, and a replica replay it.
    strategy = sql.SQL("" if template == "template0" else " STRATEGY FILE_COPY")
    with psycopg.connect(with_database(db_url, "postgres"), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {} ENCODING 'UTF8'{}").format(
                sql.Identifier(name), sql.Identifier(template), strategy
            )
        )


def build_archive(
    db_url: str, articles: int, log: Callable[[str], None], *, base: int = BASE
) -> float | None:
    """Make the database ``db_url`` names hold ``articles`` articles: ``base`` generated
    files imported, then copied in SQL (``multiply``). Seconds spent, or None when the
    database already held exactly that many: then it is only migrated."""
    if article_count(db_url) == articles:
        manage(db_url, "migrate", "--no-input", "-v0")
        log(f"reusing {urlsplit(db_url).path.lstrip('/')}: {articles:,} articles")
        search_index(db_url, log)
        return None
    started = time.perf_counter()
    base = min(base, articles)
    create_database(db_url)
    manage(db_url, "migrate", "--no-input", "-v0")
    import_generated(db_url, base, log)
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    multiply(db_url, articles, log)
    search_index(db_url, log)
    log(f"archive of {articles:,} articles built in {time.perf_counter() - started:.0f} s")
    return time.perf_counter() - started


def search_index(db_url: str, log: Callable[[str], None]) -> None:
    """What an import run ends with, which the copies skipped: the search index of the
    newest articles, built when the archive is large enough for it."""
    seconds, done = manage(db_url, "searchindex")
    log(f"search index of the newest articles in {seconds:.0f} s: {done.stdout.strip()}")


def _django_ready() -> None:
    """The models' names are read from Django: set it up if the caller has not."""
    from django.apps import apps

    if not apps.ready:
        import django

        os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
        django.setup()


def _copied_models() -> list:
    _django_ready()
    from articles.models import Article, Claim, ClaimRelation, Image

    models = [Article, Image, Claim, ClaimRelation]
    return models + [model.history.model for model in models]


def _column_value(field, model, offsets: dict[str, int]) -> sql.Composable:
    """The SQL value copy ``k`` of ``field`` gets, reading the base row as ``r``."""
    from django.db import models as m

    from articles.models import Article, Claim

    column = sql.Identifier(field.column)
    own = sql.SQL("r.{}").format(column)
    original = getattr(model, "instance_type", model)  # a revision's model: its original
    if field.primary_key or (original is not model and field.name == "id"):
        table = model._meta.db_table if field.primary_key else original._meta.db_table
        return sql.SQL("{} + k * {}").format(own, sql.Literal(offsets[table]))
    if field.is_relation and field.related_model in (Article, Claim):
        table = field.related_model._meta.db_table
        return sql.SQL("{} + k * {}").format(own, sql.Literal(offsets[table]))
    if original is Article and field.name in ("external_id", "fingerprint"):
        # external_id: empty stays empty (the unique constraint ignores it); both stay hex.
        return sql.SQL("CASE WHEN {0} = '' THEN '' ELSE left(md5({0} || k::text), {1}) END").format(
            own, sql.Literal(field.max_length)
        )
    if original is Article and field.name == "sha256":
        return sql.SQL("encode(sha256(convert_to({} || k::text, 'UTF8')), 'hex')").format(own)
    if original is Article and field.name == "file_name":
        return sql.SQL("'copy' || k::text || '_' || {}").format(own)
    if isinstance(field, m.DateTimeField):
        return sql.SQL("{} + make_interval(secs => k * {})").format(own, sql.Literal(SHIFT_SECONDS))
    return own


def _insert_copies(model, offsets: dict[str, int]) -> sql.Composed:
    from django.db.models import GeneratedField

    fields = [f for f in model._meta.concrete_fields if not isinstance(f, GeneratedField)]
    return sql.SQL(
        "INSERT INTO {table} ({columns}) SELECT {values} "
        "FROM {table} AS r, generate_series(1, %(copies)s) AS k "
        "WHERE r.{pk} <= %(base_max)s"
    ).format(
        table=sql.Identifier(model._meta.db_table),
        columns=sql.SQL(", ").join(sql.Identifier(f.column) for f in fields),
        values=sql.SQL(", ").join(_column_value(f, model, offsets) for f in fields),
        pk=sql.Identifier(model._meta.pk.column),
    )


def multiply(db_url: str, articles: int, log: Callable[[str], None]) -> None:
    """Copy the archive's rows until it holds ``articles`` articles (a multiple of what it
    holds); indexes that back no constraint are dropped first and built again after."""
    models = _copied_models()
    tables = [model._meta.db_table for model in models]
    with psycopg.connect(db_url, autocommit=True) as conn:
        base = conn.execute(f"SELECT count(*) FROM {tables[0]}").fetchone()[0]
        if not base or articles % base:
            raise SystemExit(f"cannot make {articles:,} articles from {base:,} by copying")
        copies = articles // base - 1
        if not copies:
            return
        offsets = {
            table: conn.execute(
                sql.SQL("SELECT coalesce(max({}), 0) FROM {}").format(
                    sql.Identifier(model._meta.pk.column), sql.Identifier(table)
                )
            ).fetchone()[0]
            for model, table in zip(models, tables, strict=True)
        }
        started = time.perf_counter()
        indexes = conn.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
              FROM pg_index i
             WHERE i.indrelid::regclass::text = ANY(%s)
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """,
            [tables],
        ).fetchall()
        with conn.transaction():
            conn.execute("SET LOCAL maintenance_work_mem = '256MB'")
            # Foreign keys checked at each statement's end: an index cannot be built on a
            # table with checks still pending, as deferred ones would be until the commit.
            conn.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name, _ in indexes:
                conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
            for model in models:
                table = model._meta.db_table
                step = time.perf_counter()
                conn.execute(
                    _insert_copies(model, offsets),
                    {"copies": copies, "base_max": offsets[table]},
                )
                log(f"  {table}: {copies} copies in {time.perf_counter() - step:.0f} s")
            step = time.perf_counter()
            for _, definition in indexes:
                conn.execute(definition)
            log(f"  {len(indexes)} indexes built again in {time.perf_counter() - step:.0f} s")
            for model in models:
                conn.execute(
                    sql.SQL(
                        "SELECT setval(pg_get_serial_sequence(%s, %s), "
                        "(SELECT max({pk}) FROM {table}))"
                    ).format(
                        pk=sql.Identifier(model._meta.pk.column),
                        table=sql.Identifier(model._meta.db_table),
                    ),
                    [model._meta.db_table, model._meta.pk.column],
                )
        log(f"copied {base:,} articles {copies} times in {time.perf_counter() - started:.0f} s")
        step = time.perf_counter()
        conn.execute("VACUUM ANALYZE")
        log(f"VACUUM ANALYZE in {time.perf_counter() - step:.0f} s")
