"""Page benchmark: the editorial admin and the reading site, server time in-process.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/na_bench
    .venv/bin/python bench/pages_bench.py --articles 100000     # builds the archive once (~10 min)
    .venv/bin/python bench/pages_bench.py --articles 2000       # quick look
    .venv/bin/python bench/pages_bench.py --json > pages.json   # table on stderr, JSON on stdout

Setup: the database DATABASE_URL names is the benchmark archive. Unless it already
holds exactly N articles, it is dropped, created, migrated and filled with ``--base``
generated files (bench/generate.py, seed 0) through ``manage.py importseeds --jobs 2``,
which bench/archive.py copies in SQL up to N. Then,
once (a marker table remembers it), it is made to look like a desk at work, in bulk
SQL: a tenth of the claims reviewed, a share assigned to a fact-checker, most
relations decided, a few articles hidden (``desk_at_work``).

Measurement: Django's test Client in this process (server time, no network), against
the archive: a superuser for the admin, nobody for the site. Every page is requested
3 times to warm up, then ``--requests`` times (30) for p50/p95 (and this process's CPU
time), once more inside ``CaptureQueriesContext`` for its query count. The site's pages
are measured twice: as rendered, and revalidated (``If-None-Match`` and
``If-Modified-Since`` as the first answer gave them), the cache the site ships. The
floor, measured in the same run: ``/bench-floor/`` (``SELECT 1`` through the same
middleware and client) and a bare psycopg ``SELECT 1``. Then the weight of a first
article view: the HTML and the CSS and fonts it references. Exits 0 unless the setup fails.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from bench.archive import BASE, build_archive  # noqa: E402
from bench.import_bench import configured_url, manage, with_database  # noqa: E402

# articles/site/sitemaps.py's, copied: the bench imports no app code before django.setup().
ENTRIES_PER_PAGE = 500
ADMIN_GOAL_P95_MS = 200.0
SITE_GOAL_P95_MS = 50.0
FIRST_VIEW_GOAL_KB = 150.0
WARMUPS = 3
MARKER_TABLE = "bench_pages_desk"
DESK_VERSION = 1  # raise when desk_at_work changes: archives made before get it again
EDITOR = "bench-editor"
CHECKER = "bench-checker"
# Place names the generator writes into about 7% of the articles each.
SEARCH_WORDS = ("منبج", "كركوك", "تلعفر", "الميادين")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- setup: the archive, and a desk at work on it ------------------------------------------------


def review_state(cursor: psycopg.Cursor, *, reviewer_id: int, checker_id: int) -> None:
    """Everything that knows how a claim's review is stored: change it with the models.

    A tenth of the claims reviewed and published (their verdicts spread over four of the
    vocabulary's, a reviewer and a time after the article's publication); one in fifty
    claims without a verdict assigned to the fact-checker; two thirds of the relations
    decided.
    """
    cursor.execute(
        """
        UPDATE articles_claim AS c
           SET verdict_id = (SELECT v.id FROM articles_verdict v WHERE v.slug =
                               (ARRAY['verified', 'disputed', 'false', 'unverifiable'])
                               [1 + c.id / 10 %% 4]),
               review_state = 'published',
               reviewer_id = %(reviewer)s,
               reviewed_at = coalesce(a.published_at, now())
                             + make_interval(days => (c.id %% 40)::int)
          FROM articles_article AS a
         WHERE a.id = c.article_id AND c.id %% 10 = 0
        """,
        {"reviewer": reviewer_id},
    )
    cursor.execute(
        "UPDATE articles_claim SET assignee_id = %s WHERE id %% 50 = 1 AND verdict_id IS NULL",
        [checker_id],
    )
    cursor.execute(
        """
        UPDATE articles_claimrelation
           SET status = CASE WHEN id %% 3 = 0 THEN 'confirmed' ELSE 'rejected' END,
               decided_by_id = %s,
               decided_at = created_at + interval '2 days'
         WHERE id %% 3 <> 2
        """,
        [reviewer_id],
    )


def desk_at_work(db_url: str) -> None:
    """Reviews, assignments, decisions and hidden articles, once per archive (bulk SQL)."""
    from django.contrib.auth.models import Group, User

    from articles.roles import FACT_CHECKER

    editor, _ = User.objects.get_or_create(
        username=EDITOR, defaults={"is_staff": True, "is_superuser": True}
    )
    checker, created = User.objects.get_or_create(username=CHECKER, defaults={"is_staff": True})
    if created:
        checker.groups.add(Group.objects.get(name=FACT_CHECKER))
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (version int, done_at timestamptz)"
        )
        done = conn.execute(f"SELECT 1 FROM {MARKER_TABLE} WHERE version = %s", [DESK_VERSION])
        if done.fetchone():
            return
        started = time.perf_counter()
        with conn.transaction(), conn.cursor() as cursor:
            review_state(cursor, reviewer_id=editor.pk, checker_id=checker.pk)
            cursor.execute(
                "UPDATE articles_article SET visibility = 'hidden', "
                "visibility_reason = 'مخالف لسياسة النشر' WHERE id % 250 = 0"
            )
            cursor.execute(f"DELETE FROM {MARKER_TABLE}")
            cursor.execute(f"INSERT INTO {MARKER_TABLE} VALUES (%s, now())", [DESK_VERSION])
        conn.execute("VACUUM ANALYZE articles_article, articles_claim, articles_claimrelation")
        log(
            f"desk at work: reviews, assignments, decisions in "
            f"{time.perf_counter() - started:.0f} s"
        )


# -- what is requested ---------------------------------------------------------------------------


@dataclass
class Archive:
    """Ids and words the addresses are built from, picked from what the database holds."""

    articles: list[int]
    claims: list[int]  # reviewed (shown on the site), spread over the archive
    source_id: int
    source_slug: str
    speaker_id: int  # the one with most claims
    year: int
    month: int
    sitemap_pages: dict[str, int]  # section: its number of pages


def pick_archive(db_url: str, samples: int) -> Archive:
    with psycopg.connect(db_url) as conn:
        articles = [row[0] for row in conn.execute(
            "SELECT id FROM articles_article WHERE visibility = 'public' "
            "ORDER BY md5(id::text) LIMIT %s", [samples]
        )]  # fmt: skip
        claims = [row[0] for row in conn.execute(
            "SELECT c.id FROM articles_claim c JOIN articles_article a ON a.id = c.article_id "
            "WHERE c.review_state = 'published' AND c.verdict_id IS NOT NULL "
            "AND a.visibility = 'public' "
            "ORDER BY md5(c.id::text) LIMIT %s", [samples]
        )]  # fmt: skip
        source_id, slug = conn.execute(
            "SELECT s.id, s.slug FROM articles_source s ORDER BY s.id LIMIT 1"
        ).fetchone()
        speaker_id = conn.execute(
            "SELECT speaker_id FROM articles_claim WHERE speaker_id IS NOT NULL "
            "GROUP BY speaker_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        year, month = conn.execute(
            "SELECT extract(year FROM published_at)::int, extract(month FROM published_at)::int "
            "FROM articles_article WHERE published_at IS NOT NULL "
            "ORDER BY published_at LIMIT 1 OFFSET (SELECT count(*) / 2 FROM articles_article)"
        ).fetchone()
        public = conn.execute(
            "SELECT count(*) FROM articles_article WHERE visibility = 'public'"
        ).fetchone()[0]
        checked = conn.execute(
            "SELECT count(*) FROM articles_claim c JOIN articles_article a ON a.id = c.article_id "
            "WHERE c.review_state = 'published' AND c.verdict_id IS NOT NULL "
            "AND a.visibility = 'public'"
        ).fetchone()[0]
    per_page = ENTRIES_PER_PAGE
    pages = {
        "articles": max(1, -(-public // per_page)),
        "claims": max(1, -(-checked // per_page)),
    }
    return Archive(articles, claims, source_id, slug, speaker_id, year, month, pages)


def _sitemap_page(archive: Archive, section: str, i: int) -> str:
    """The i-th request's page of a sitemap section, spread over all of them."""
    return f"/sitemap-{section}.xml?p={1 + (i * 37) % archive.sitemap_pages[section]}"


@dataclass(frozen=True)
class Page:
    area: str  # "admin" or "site"
    name: str
    url: Callable[[Archive, int], str]  # the i-th request's address
    user: str | None = EDITOR  # admin pages: who asks


def _nth(ids: list[int], i: int) -> int:
    return ids[i % len(ids)]


def _word(i: int) -> str:
    return quote(SEARCH_WORDS[i % len(SEARCH_WORDS)])


# One row per page: add a page here and it is measured, printed and judged.
ADMIN = "/admin/articles"
PAGES = [
    Page("admin", "article list", lambda a, i: f"{ADMIN}/article/"),
    Page("admin", "article list by source",
         lambda a, i: f"{ADMIN}/article/?source__id__exact={a.source_id}"),
    Page("admin", "article list searched", lambda a, i: f"{ADMIN}/article/?q={_word(i)}"),
    Page("admin", "claim queue unreviewed",
         lambda a, i: f"{ADMIN}/claim/?verdict=none"),
    Page("admin", "claim queue: my queue",
         lambda a, i: f"{ADMIN}/claim/?assignee=me&review_state__in=new,in_review", CHECKER),
    Page("admin", "claim queue by speaker",
         lambda a, i: f"{ADMIN}/claim/?speaker__id__exact={a.speaker_id}"),
    Page("admin", "claim list", lambda a, i: f"{ADMIN}/claim/"),
    Page("admin", "relation list", lambda a, i: f"{ADMIN}/claimrelation/"),
    Page("admin", "article change",
         lambda a, i: f"{ADMIN}/article/{_nth(a.articles, i)}/change/"),
    Page("admin", "claim change", lambda a, i: f"{ADMIN}/claim/{_nth(a.claims, i)}/change/"),
    Page("site", "home", lambda a, i: "/", None),
    Page("site", "article", lambda a, i: f"/articles/{_nth(a.articles, i)}/", None),
    Page("site", "article list", lambda a, i: "/articles/", None),
    Page("site", "claim", lambda a, i: f"/claims/{_nth(a.claims, i)}/", None),
    Page("site", "fact-check list", lambda a, i: "/claims/", None),
    Page("site", "speaker (busiest)", lambda a, i: f"/speakers/{a.speaker_id}/", None),
    Page("site", "search", lambda a, i: f"/articles/?q={_word(i)}", None),
    Page("site", "search, newest first", lambda a, i: f"/articles/?q={_word(i)}&sort=date", None),
    Page("site", "search, filtered",
         lambda a, i: f"/articles/?q={_word(i)}&source={quote(a.source_slug)}&checked=on"
                      f"&published_from={a.year}-01-01", None),
    Page("site", "year archive", lambda a, i: f"/archive/{a.year}/", None),
    Page("site", "month archive", lambda a, i: f"/archive/{a.year}/{a.month:02d}/", None),
    Page("site", "source", lambda a, i: f"/sources/{quote(a.source_slug)}/", None),
    Page("site", "feed", lambda a, i: "/feed/", None),
    Page("site", "claims feed", lambda a, i: "/claims/feed/", None),
    Page("site", "sitemap.xml (index)", lambda a, i: "/sitemap.xml", None),
    Page("site", "sitemap articles page",
         lambda a, i: _sitemap_page(a, "articles", i), None),
    Page("site", "sitemap claims page", lambda a, i: _sitemap_page(a, "claims", i), None),
]  # fmt: skip


# -- measuring -----------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


# This process's CPU time of the last timed request (the Python side; PostgreSQL's is not in
# it): on a loaded machine it moves far less than the wall time.
last_cpu_ms = 0.0


def timed(client, url: str, **headers) -> tuple[float, object]:
    global last_cpu_ms
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(url, headers=headers)
    last_cpu_ms = (time.process_time() - cpu) * 1000
    return (time.perf_counter() - started) * 1000, response


def measure_page(client, page: Page, archive: Archive, requests: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(WARMUPS):
        timed(client, page.url(archive, i))
    times, cpu = [], []
    for i in range(requests):
        ms, response = timed(client, page.url(archive, i))
        if response.status_code != 200:
            raise SystemExit(f"{page.url(archive, i)} answered {response.status_code}")
        times.append(ms)
        cpu.append(last_cpu_ms)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url(archive, 0))
    body = response.content
    goal = ADMIN_GOAL_P95_MS if page.area == "admin" else SITE_GOAL_P95_MS
    figures = {
        "area": page.area,
        "page": page.name,
        "url": page.url(archive, 0),
        "queries": len(queries),
        "p50_ms": statistics.median(times),
        "p95_ms": percentile(times, 0.95),
        "python_cpu_p50_ms": statistics.median(cpu),
        "bytes": len(body),
        "goal_p95_ms": goal,
        "etag": response.get("ETag", ""),
        "last_modified": response.get("Last-Modified", ""),
        "cache_control": response.get("Cache-Control", ""),
    }
    if page.area == "site":
        figures.update(revalidate(client, page, archive, requests))
    figures["pass"] = figures["p95_ms"] < goal
    return figures


def revalidate(client, page: Page, archive: Archive, requests: int) -> dict:
    """The site's cache as shipped: a second visit sends back the validators the first
    answer carried (ETag and Last-Modified, as a browser does) and gets a 304."""
    validators: dict[str, dict[str, str]] = {}
    for i in range(WARMUPS + requests):
        url = page.url(archive, i)
        if url not in validators:
            response = client.get(url)
            validators[url] = {
                "if_none_match": response.get("ETag", ""),
                "if_modified_since": response.get("Last-Modified", ""),
            }
    if not all(headers["if_none_match"] for headers in validators.values()):
        return {"revalidated_p95_ms": None, "revalidated_status": None}
    times, status = [], None
    for i in range(WARMUPS + requests):
        url = page.url(archive, i)
        headers = {name: value for name, value in validators[url].items() if value}
        ms, response = timed(client, url, **headers)
        status = response.status_code
        if i >= WARMUPS:
            times.append(ms)
    return {
        "revalidated_p50_ms": statistics.median(times),
        "revalidated_p95_ms": percentile(times, 0.95),
        "revalidated_status": status,
    }


def measure_floor(client, db_url: str, requests: int) -> dict:
    for _ in range(WARMUPS):
        timed(client, "/bench-floor/")
    through_django = [timed(client, "/bench-floor/")[0] for _ in range(requests)]
    with psycopg.connect(db_url) as conn:
        bare = []
        for i in range(WARMUPS + requests):
            started = time.perf_counter()
            conn.execute("SELECT 1").fetchone()
            if i >= WARMUPS:
                bare.append((time.perf_counter() - started) * 1000)
    return {
        "django_select_1_p50_ms": statistics.median(through_django),
        "django_select_1_p95_ms": percentile(through_django, 0.95),
        "psycopg_select_1_p50_ms": statistics.median(bare),
    }


LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
HREF = re.compile(r"""href=["']([^"']+)["']""")
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


def first_view_weight(client, url: str) -> dict:
    """The bytes a first visit to ``url`` fetches: the HTML, its stylesheets and preloads,
    and every font their @font-face rules name (a browser fetches only the fonts the
    text uses; the site's text uses both weights, so all are counted)."""
    html = client.get(url).content
    parts = {url: (len(html), len(gzip.compress(html)))}
    pending = []
    for tag in LINK.findall(html.decode()):
        rel = re.search(r"""rel=["']([^"']+)["']""", tag)
        href = HREF.search(tag)
        if rel and href and rel.group(1) in ("stylesheet", "preload"):
            pending.append(urljoin(url, href.group(1)))
    while pending:
        asset = pending.pop()
        path = urlsplit(asset).path
        if path in parts:
            continue
        response = client.get(path)
        data = b"".join(response.streaming_content) if response.streaming else response.content
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code} (run collectstatic?)")
        parts[path] = (len(data), len(gzip.compress(data)))
        if path.endswith(".css"):
            pending += [urljoin(path, ref) for ref in CSS_URL.findall(data.decode())]
    total = sum(size for size, _ in parts.values())
    # woff2 is already compressed; HTML and CSS travel gzipped when the server compresses.
    wire = sum(min(size, packed) for size, packed in parts.values())
    return {
        "parts": {path: size for path, (size, _) in parts.items()},
        "total_kb": total / 1000,
        "compressed_kb": wire / 1000,
        "goal_kb": FIRST_VIEW_GOAL_KB,
        "pass": total / 1000 < FIRST_VIEW_GOAL_KB,
    }


def machine(db_url: str) -> dict:
    with psycopg.connect(db_url) as conn:
        server = conn.execute("SHOW server_version").fetchone()[0]
    return {
        "nproc": os.cpu_count(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "python": platform.python_version(),
        "postgresql": server,
    }


# -- report --------------------------------------------------------------------------------------


def report(figures: dict) -> None:
    floor = figures["floor"]
    log("")
    log(
        f"{figures['articles']:,} articles, {figures['claims']:,} claims; "
        f"machine: {figures['machine']}"
    )
    log(
        "floor: /bench-floor/ (SELECT 1 through the client)"
        f" p50 {floor['django_select_1_p50_ms']:.2f} ms,"
        f" p95 {floor['django_select_1_p95_ms']:.2f} ms;"
        f" psycopg SELECT 1 {floor['psycopg_select_1_p50_ms']:.3f} ms"
    )
    log("")
    header = (
        f"{'area':5} {'page':26} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8}"
        f" {'x floor':>7} {'cpu ms':>7} {'bytes':>8} {'goal':>8}  result"
    )
    log(header)
    log("-" * len(header))
    for row in figures["pages"]:
        ratio = row["p50_ms"] / floor["django_select_1_p50_ms"]
        log(
            f"{row['area']:5} {row['page']:26} {row['queries']:7d}"
            f" {row['p50_ms']:8.1f} {row['p95_ms']:8.1f}"
            f" {ratio:7.1f} {row['python_cpu_p50_ms']:7.1f} {row['bytes']:8d}"
            f" {'<' + format(row['goal_p95_ms'], '.0f'):>8}  "
            f"{'PASS' if row['pass'] else 'MISS'}"
        )
    log("")
    log("site, revalidated (If-None-Match and If-Modified-Since, as the first answer gave):")
    for row in figures["pages"]:
        if row["area"] != "site":
            continue
        if row.get("revalidated_p95_ms") is None:
            log(f"  {row['page']:26} no ETag")
            continue
        log(
            f"  {row['page']:26} {row['revalidated_status']}"
            f"  p50 {row['revalidated_p50_ms']:6.1f} ms"
            f"  p95 {row['revalidated_p95_ms']:6.1f} ms   ETag {'yes' if row['etag'] else 'no'},"
            f" Last-Modified {'yes' if row['last_modified'] else 'no'},"
            f" Cache-Control {row['cache_control'] or '-'}"
        )
    weight = figures["first_view"]
    log("")
    log(
        f"first article view: {weight['total_kb']:.1f} kB"
        f" ({weight['compressed_kb']:.1f} kB with HTML/CSS gzipped),"
        f" goal < {weight['goal_kb']:.0f} kB: {'PASS' if weight['pass'] else 'MISS'}"
    )
    for path, size in weight["parts"].items():
        log(f"  {size:8d}  {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument(
        "--base",
        type=int,
        default=BASE,
        help="articles imported through importseeds; copied in SQL up to --articles",
    )
    parser.add_argument("--requests", type=int, default=30, help="measured requests per page")
    parser.add_argument("--only", default="", help="measure only pages whose name contains this")
    parser.add_argument("--json", action="store_true", help="JSON on stdout (the table on stderr)")
    args = parser.parse_args(argv)

    db_url = configured_url()
    if not os.environ.get("DATABASE_URL"):
        db_url = with_database(db_url, "newsarchive_pages_bench")
    os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()  # before the archive: its copying reads the models' names
    build_seconds = build_archive(db_url, args.articles, log, base=args.base)
    manage(db_url, "collectstatic", "--no-input", "-v0")
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client

    settings.ROOT_URLCONF = "bench.pages_floor_urls"
    desk_at_work(db_url)
    archive = pick_archive(db_url, args.requests)

    clients = {None: Client()}
    for username in (EDITOR, CHECKER):
        clients[username] = Client()
        clients[username].force_login(User.objects.get(username=username))

    floor = measure_floor(clients[None], db_url, args.requests)
    pages = []
    for page in PAGES:
        if args.only and args.only not in page.name:
            continue
        row = measure_page(clients[page.user], page, archive, args.requests)
        log(
            f"  {page.area:5} {page.name:26} p50 {row['p50_ms']:7.1f} ms,"
            f" p95 {row['p95_ms']:7.1f} ms, CPU p50 {row['python_cpu_p50_ms']:5.1f} ms,"
            f" {row['queries']} queries"
        )
        pages.append(row)
    with psycopg.connect(db_url) as conn:
        claims = conn.execute("SELECT count(*) FROM articles_claim").fetchone()[0]
    figures = {
        "articles": args.articles,
        "claims": claims,
        "build_seconds": build_seconds,
        "machine": machine(db_url),
        "floor": floor,
        "pages": pages,
        "first_view": first_view_weight(clients[None], f"/articles/{archive.articles[0]}/"),
    }
    report(figures)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
