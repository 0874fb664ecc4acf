"""RUM probe: the newest matches a search ranks, found three ways, timed and compared.

    DATABASE_URL=postgres://…/copy .venv/bin/python bench/rum_search.py [--runs 12]
        [--words منبج كركوك …] [--plans DIR] [--make-ties] [--rum-settings name=value …]
    DATABASE_URL=… .venv/bin/python bench/rum_search.py --write-cost INDEX [--rounds 3]

The API's search ranks the newest ``NEWSARCHIVE_SEARCH_RANKED_MATCHES`` matches (1,000).
This runs its first page three ways, each through the API itself (Django's test client),
only the step that finds those newest matches swapped:

- ``windows``: today's (``articles.sql.AmongNewest``: windows of publication time, each a
  BitmapAnd of the word's GIN entry with the date index);
- ``rum``: a RUM index on ``search_vector`` with ``published_at`` attached
  (``rum_tsvector_addon_ops``), read in date order (``published_at <=| newest date``),
  ties on the last date and undated articles completed from plain indexes;
- ``floor``: every match read and sorted by date, the newest kept.

For each word and way: EXPLAIN (ANALYZE, BUFFERS) of the API's search query and of the
newest-matches step alone (median / max of ``--runs`` warm runs), the query's own wall
time run as the API runs it (prepared after five), and whether every ranked id, in the
order a reader gets them, is the same as the windows'. ``--make-ties`` first edits the
archive so each word has six matches sharing the date at the edge of its newest 1,000
and twenty undated matches (run it on a copy: it writes). The RUM index is made by hand
(bench/README.md, "RUM probe"); without it the ``rum`` way is skipped. ``--write-cost``
times writes with that index and without it instead, each rolled back.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.research_bench import setup  # noqa: E402  Django with the API cache off

# The API benchmark's words, and one with as many matches as a 7% word at 1,000,000.
WORDS = ["منبج", "كركوك", "تلعفر", "الميادين", "المتحدث"]
TIES, UNDATED = 6, 20


def ways() -> dict:
    """Each way as a function ``(matches, limit) -> condition``, like the app's own."""
    from django.db import models
    from django.db.models import Func

    from articles import search

    class NewestThroughRum(Func):
        """The newest ``limit`` of ``rows`` (``values("id", "published_at", "recency")``)
        from a RUM index that keeps each entry's date: the dated in the index's date order,
        then every match sharing the last date kept (the index orders ties as it likes),
        then the undated, newest by recency, then id, as the windows order them."""

        output_field = models.BooleanField()

        def __init__(self, key, rows, *, limit: int):
            super().__init__(key)
            self.rows, self.limit = rows, limit

        def as_sql(self, compiler, connection, **extra_context):
            key, key_params = compiler.compile(self.source_expressions[0])
            rows, rows_params = self.rows.query.get_compiler(connection=connection).as_sql()
            meta, quote_name = self.rows.model._meta, connection.ops.quote_name
            table = quote_name(meta.db_table)
            row_id, published = (
                quote_name(meta.get_field(name).column) for name in ("id", "published_at")
            )
            sql = (
                f"{key} = ANY(ARRAY(WITH dated AS MATERIALIZED (SELECT {row_id}, {published} "
                f"FROM ({rows}) rows WHERE {published} IS NOT NULL ORDER BY {published} <=| "
                f"(SELECT max({published}) FROM {table}) LIMIT %s), "
                f"tied AS MATERIALIZED (SELECT {row_id}, {published} FROM ({rows}) rows "
                f"WHERE {published} = (SELECT min({published}) FROM dated HAVING count(*) >= %s)), "
                f"undated AS MATERIALIZED (SELECT {row_id}, {published} FROM ({rows}) rows "
                f"WHERE {published} IS NULL ORDER BY {row_id} DESC "
                f"LIMIT %s - (SELECT count(*) FROM dated)) "
                f"SELECT {row_id} FROM (SELECT * FROM dated UNION SELECT * FROM tied "
                f"UNION ALL SELECT * FROM undated) newest "
                f"ORDER BY {published} DESC NULLS LAST, {row_id} DESC LIMIT %s))"
            )
            limit = self.limit
            params = [*key_params, *rows_params, limit, *rows_params, limit, *rows_params]
            return sql, [*params, limit, limit]

    class NewestAtOnce(Func):
        """The floor: every match read, sorted by recency, the newest ``limit`` kept."""

        output_field = models.BooleanField()

        def __init__(self, key, rows, *, limit: int):
            super().__init__(key)
            self.rows, self.limit = rows, limit

        def as_sql(self, compiler, connection, **extra_context):
            key, key_params = compiler.compile(self.source_expressions[0])
            rows, rows_params = self.rows.query.get_compiler(connection=connection).as_sql()
            row_id = connection.ops.quote_name(self.rows.model._meta.get_field("id").column)
            sql = (
                f"{key} IN (SELECT {row_id} FROM ({rows}) rows "
                f"ORDER BY recency DESC, {row_id} DESC LIMIT %s)"
            )
            return sql, [*key_params, *rows_params, self.limit]

    def rows(matches):
        return matches.order_by().values("id", "published_at", "recency")

    return {
        "windows": search.among_newest_matches,
        "rum": lambda matches, limit: NewestThroughRum("pk", rows(matches), limit=limit),
        "floor": lambda matches, limit: NewestAtOnce("pk", rows(matches), limit=limit),
    }


def use(way, settings: list[str] | None = None) -> None:
    """Have the app's search find its newest matches ``way``, with these planner settings
    (``name=value``) on the connection and every other setting as the server has it."""
    from django.db import connection

    import articles.querysets

    articles.querysets.among_newest_matches = way
    with connection.cursor() as cursor:
        cursor.execute("RESET ALL")
        for setting in settings or []:
            name, value = setting.split("=", 1)
            cursor.execute("SELECT set_config(%s, %s, false)", [name, value])


def api_search(client, word: str) -> tuple[str, list, list[int]]:
    """The SQL and parameters of the API's search query for ``word``, and the page's ids."""
    from django.db import connection

    seen: list[tuple[str, list]] = []

    def capture(execute, sql, params, many, context):
        seen.append((sql, list(params or [])))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        response = client.get(f"/api/v1/articles/?search={quote(word)}")
    assert response.status_code == 200, response.content[:300]
    searches = [(sql, params) for sql, params in seen if "ts_rank" in sql]
    assert len(searches) == 1, [sql[:80] for sql, _ in seen]
    return *searches[0], [row["id"] for row in response.json()["results"]]


def explain(sql: str, params: list, runs: int) -> dict:
    """Median and max of ``runs`` warm EXPLAIN ANALYZE runs (planning + execution), the
    buffers of the last run, and its plan as text."""
    from django.db import connection

    times, buffers = [], {}
    with connection.cursor() as cursor:
        for run in range(runs + 1):  # the first warms the caches
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", params)
            found = cursor.fetchone()[0]
            plan = (json.loads(found) if isinstance(found, str) else found)[0]
            if run:
                times.append(plan["Planning Time"] + plan["Execution Time"])
            top = plan["Plan"]
            buffers = {
                "hit": top.get("Shared Hit Blocks", 0),
                "read": top.get("Shared Read Blocks", 0),
            }
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        text = "\n".join(row[0] for row in cursor.fetchall())
    return {
        "median": statistics.median(times),
        "max": max(times),
        "buffers": buffers,
        "plan": text,
    }


def wall(sql: str, params: list, runs: int) -> tuple[float, float]:
    """Median and max wall time of the query as the API runs it: the same statement on one
    connection, which psycopg prepares after five (so the last runs use a prepared plan)."""
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        for run in range(runs + 6):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            if run >= 6:
                times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def newest_step(way, word: str, limit: int) -> tuple[str, list]:
    """The SQL of the newest-matches step alone: the ids it keeps."""
    from django.db.models import Value
    from django.db.models.functions import Coalesce

    from articles.models import Article
    from articles.querysets import EARLIEST
    from articles.search import search_match, search_query

    matches = (
        Article.objects.published()
        .filter(search_match(search_query(word)))
        .annotate(recency=Coalesce("published_at", Value(EARLIEST)))
    )
    ids = Article.objects.filter(way(matches, limit)).values_list("id", flat=True)
    sql, params = ids.query.sql_with_params()
    return sql, list(params)


def ranked_ids(word: str, limit: int) -> list[int]:
    """Every id the search ranks, in the order a reader gets them."""
    from django.conf import settings

    from articles.models import Article

    settings.NEWSARCHIVE_SEARCH_RANKED_MATCHES = limit
    return list(Article.objects.published().search(word).values_list("id", flat=True))


def make_ties(words: list[str], limit: int) -> None:
    """For each word: the next ``TIES - 1`` older matches moved onto the date of its
    ``limit``-th newest (ties at the edge), and ``UNDATED`` of its oldest matches undated."""
    from django.db import connection, transaction

    from articles.models import Article

    use(ways()["windows"])
    for word in words:
        newest = ranked_ids(word, limit + TIES - 1)
        by_date = list(
            Article.objects.filter(pk__in=newest)
            .order_by("-published_at", "-id")
            .values_list("id", "published_at")
        )
        edge_date = by_date[limit - 1][1]
        moved = [pk for pk, _ in by_date[limit:]]
        oldest = list(
            Article.objects.published()
            .matching(word)
            .filter(published_at__isnull=False)
            .order_by("published_at", "id")
            .values_list("id", flat=True)[:UNDATED]
        )
        with transaction.atomic():
            Article.objects.filter(pk__in=moved).update(published_at=edge_date)
            Article.objects.filter(pk__in=oldest).update(published_at=None)
        print(f"{word}: {len(moved) + 1} matches on {edge_date:%Y-%m-%d %H:%M}, {UNDATED} undated")
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Article._meta.db_table}")


def write_cost(index: str, rounds: int) -> None:
    """Time (and WAL) of two writes with the index ``index`` and without it (dropped inside
    the write's transaction), each rolled back: 5,000 articles' headlines changed (their
    search vectors recomputed) and 1,000 articles inserted as copies of others."""
    from django.db import connection, transaction

    from articles.models import Article

    meta, quote_name = Article._meta, connection.ops.quote_name
    table = quote_name(meta.db_table)
    names = {field.name: quote_name(str(field.column)) for field in meta.concrete_fields}
    row_id, title, sha256, external_id = (
        names[name] for name in ("id", "title", "sha256", "external_id")
    )
    columns = [
        names[field.name]
        for field in meta.concrete_fields
        if not getattr(field, "generated", False) and field.name != "id"
    ]
    copied = [
        {sha256: f"encode(sha256(({row_id} + 5000000)::text::bytea), 'hex')"}.get(
            column, "''" if column == external_id else column
        )
        for column in columns
    ]
    writes = {
        "update 5,000 headlines": (
            f"UPDATE {table} SET {title} = {title} || ' تحديث' WHERE {row_id} % 20 = 7"
        ),
        "insert 1,000 copies": (
            f"INSERT INTO {table} ({row_id}, {', '.join(columns)}) SELECT {row_id} + 5000000, "
            f"{', '.join(copied)} FROM {table} WHERE {row_id} % 100 = 3"
        ),
    }
    figures: dict[tuple[str, bool], list[tuple[float, float]]] = {}
    for round_number in range(rounds):
        for with_index in (True, False) if round_number % 2 == 0 else (False, True):
            for name, sql in writes.items():
                with transaction.atomic(), connection.cursor() as cursor:
                    if not with_index:
                        cursor.execute(f"DROP INDEX {quote_name(index)}")
                    cursor.execute("SELECT pg_current_wal_insert_lsn()")
                    before = cursor.fetchone()[0]
                    started = time.perf_counter()
                    cursor.execute(sql)
                    took = (time.perf_counter() - started) * 1000
                    cursor.execute("SELECT pg_current_wal_insert_lsn() - %s::pg_lsn", [before])
                    wal = float(cursor.fetchone()[0]) / 1e6
                    transaction.set_rollback(True)
                figures.setdefault((name, with_index), []).append((took, wal))
    print(f"writes, each rolled back; median (min-max) of {rounds}, with and without {index}:")
    for (name, with_index), runs in figures.items():
        times = [took for took, _ in runs]
        print(
            f"  {name:24}{'with' if with_index else 'without':>8}"
            f"{statistics.median(times):9.0f} ms ({min(times):.0f}-{max(times):.0f})"
            f"  WAL {statistics.median(wal for _, wal in runs):6.1f} MB"
        )


def has_rum_index() -> bool:
    from django.db import connection

    from articles.models import Article

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am a ON a.oid = c.relam WHERE i.indrelid = %s::regclass AND a.amname = 'rum'",
            [Article._meta.db_table],
        )
        return cursor.fetchone()[0] > 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=12, help="Warm runs per figure (12).")
    parser.add_argument("--words", nargs="+", default=WORDS)
    parser.add_argument("--plans", type=Path, help="Write each EXPLAIN's text here.")
    parser.add_argument("--make-ties", action="store_true", help="Edit the archive first.")
    parser.add_argument(
        "--rum-settings",
        nargs="*",
        default=["enable_bitmapscan=off"],
        help="Planner settings for the rum way (default: enable_bitmapscan=off; with the "
        "search's query unknown at planning, PostgreSQL expects 500 matches and prefers "
        "reading them all through a bitmap to the index's date order).",
    )
    parser.add_argument(
        "--write-cost",
        metavar="INDEX",
        help="Instead: time writes with this index and without it (rolled back).",
    )
    parser.add_argument("--rounds", type=int, default=3, help="Rounds of --write-cost (3).")
    args = parser.parse_args(argv)
    setup()
    if args.write_cost:
        write_cost(args.write_cost, args.rounds)
        return 0
    from django.conf import settings
    from django.test import Client

    from articles.models import Article

    limit = settings.NEWSARCHIVE_SEARCH_RANKED_MATCHES
    if args.make_ties:
        make_ties(args.words, limit)
    found = ways()
    if not has_rum_index():
        print("no RUM index on the article table: the rum way is skipped")
        del found["rum"]
    client = Client(HTTP_HOST="localhost")
    if args.plans:
        args.plans.mkdir(parents=True, exist_ok=True)
    print(
        f"{Article.objects.count():,} articles; {limit:,} ranked; {args.runs} warm runs; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(
        f"{'word':10}{'matches':>8}  {'way':8}{'API query ms':>16}{'buffers':>9}"
        f"{'newest step ms':>17}{'wall ms':>15}  same as windows"
    )
    for word in args.words:
        matches = Article.objects.published().matching(word).count()
        reference: dict[int, list[int]] = {}
        reference_page: list[int] = []
        for name, way in found.items():
            use(way, args.rum_settings if name == "rum" else [])
            settings.NEWSARCHIVE_SEARCH_RANKED_MATCHES = limit
            sql, params, page = api_search(client, word)
            query = explain(sql, params, args.runs)
            step = explain(*newest_step(way, word, limit), args.runs)
            wall_median, wall_max = wall(sql, params, args.runs)
            checks = []
            for ranked in (limit, matches + 1):  # the newest 1,000; every match, undated too
                ids = ranked_ids(word, ranked)
                if name == "windows":
                    reference[ranked] = ids
                checks.append(
                    f"{ranked}: {'same' if ids == reference[ranked] else 'DIFFERENT'} "
                    f"({len(ids)} ids, {len(set(ids) & set(reference[ranked]))} shared)"
                )
            settings.NEWSARCHIVE_SEARCH_RANKED_MATCHES = limit
            if name == "windows":
                reference_page = page
            checks.append("page same" if page == reference_page else "page DIFFERENT")
            buffers = query["buffers"]["hit"] + query["buffers"]["read"]
            print(
                f"{word:10}{matches:8,}  {name:8}"
                f"{query['median']:8.1f} / {query['max']:5.1f}{buffers:9,}"
                f"{step['median']:9.1f} / {step['max']:5.1f}"
                f"{wall_median:7.1f} / {wall_max:5.1f}  {'; '.join(checks)}"
            )
            if args.plans:
                for stage, figures in (("query", query), ("step", step)):
                    path = args.plans / f"{word}-{name}-{stage}.txt"
                    path.write_text(figures["plan"] + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
