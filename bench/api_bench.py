"""API benchmark: the read API under gunicorn next to a psycopg floor, same requests.

    .venv/bin/python bench/api_bench.py --articles 100000      # builds the archive, then ~3 min
    .venv/bin/python bench/api_bench.py --articles 5000        # quick look
    .venv/bin/python bench/api_bench.py --reuse-db             # measure an already built db
    DATABASE_URL=postgres://postgres@127.0.0.1:5440/postgres \
        .venv/bin/python bench/api_bench.py --articles 1000000 --db-name na_1m

Setup: the scratch database ``--db-name`` on the configured PostgreSQL server
(DATABASE_URL, else the embedded one) is used as it is when it holds exactly N
articles (any number with --reuse-db; it is migrated either way). Otherwise it is
created, migrated and filled as bench/archive.py does for every benchmark: ``--base``
generated files (bench/generate.py, seed 0) imported with ``manage.py importseeds
--jobs 2``, then copied in SQL up to N.

Measurement: starts gunicorn (2 sync workers) four times on loopback, serving
newsarchive's WSGI app as shipped ("api"), the same with its response cache off
("uncached": every request runs its queries), the floor's SQL answered through
Django and DRF ("framework", bench/drf_floor: what the framework costs before the
API's own work), and ``floor_app`` below (the "floor"), a minimal WSGI app that runs
the equivalent SQL with psycopg and returns the same JSON. wrk, in its own process,
drives each scenario with 8 concurrent connections for a fixed time (after a 2 s
warm-up) and this prints requests/s and p50/p95/p99 latency, the ratios to the
floor, and the goals (judged on "api") as PASS/MISS. The scenarios repeat a fixed
set of addresses (one list page, 200 articles, four search words), so after the
warm-up "api" answers from its cache unless something writes to the server
meanwhile. It always exits 0 unless something broke. The scratch database is kept
(--drop-db drops it) so later runs can use --reuse-db.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402

from bench.archive import BASE, article_count, build_archive  # noqa: E402
from bench.import_bench import child_env, configured_url, manage, with_database  # noqa: E402

DB_NAME = "newsarchive_api_bench"
CLIENTS = 8
GOAL_SHARE = 0.50  # of the floor's requests/s
GOAL_P99_MS = 50.0
GOAL_SEARCH_P95_MS = 100.0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- setup: a scratch database holding N imported articles ---------------------------------------


def prepare_database(
    server_url: str, name: str, articles: int, *, reuse: bool, base: int = BASE
) -> str:
    """The database ``name`` on the server, holding ``articles`` articles (bench/archive.py:
    ``base`` imported, the rest copied in SQL); kept as it is when it already holds that
    many, or any number with ``reuse``."""
    db_url = with_database(server_url, name)
    if reuse and (count := article_count(db_url)):
        manage(db_url, "migrate", "--no-input", "-v0")
        log(f"reusing {name}: {count:,} articles")
        return db_url
    build_archive(db_url, articles, log, base=base)
    return db_url


def drop_database(server_url: str, name: str) -> None:
    with psycopg.connect(with_database(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


# -- the floor: the same answers from a minimal WSGI app over psycopg ----------------------------

FLOOR_LIST_SQL = """
SELECT a.id, a.title, a.source_id,
       (SELECT s.name FROM articles_source s WHERE s.id = a.source_id),
       (SELECT s.slug FROM articles_source s WHERE s.id = a.source_id),
       a.published_at, a.updated_at, a.language,
       (SELECT i.caption FROM articles_image i WHERE i.article_id = a.id AND i.is_lead LIMIT 1),
       (SELECT i.credit FROM articles_image i WHERE i.article_id = a.id AND i.is_lead LIMIT 1),
       (SELECT count(*) FROM articles_claim c WHERE c.article_id = a.id)
FROM articles_article a
WHERE a.visibility = 'public' {where}
ORDER BY {order} LIMIT 21
"""
# Computed once per execution, as the API does (articles.search.ComputedOnce).
FLOOR_QUERY_SQL = (
    "(SELECT websearch_to_tsquery('arabic'::regconfig, articles_normalize_arabic(%(q)s)))"
)
# An undated article after every dated one (articles.querysets.EARLIEST).
FLOOR_RECENCY = "coalesce(%s.published_at, '0001-01-01 00:00:00+00')"
_floor_connection = None


def _floor_db():
    global _floor_connection
    if _floor_connection is None or _floor_connection.closed:
        _floor_connection = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    return _floor_connection


def _iso(value):
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def floor_list(params: dict, base: str):
    where, order, args = "", "a.published_at DESC, a.id DESC", {}
    if "source" in params:
        where = "AND a.source_id = (SELECT s.id FROM articles_source s WHERE s.slug = %(source)s)"
        args["source"] = params["source"]
    if "search" in params:
        # The newest matches ranked, as the API does (NEWSARCHIVE_SEARCH_RANKED_MATCHES),
        # written plainly: every match read and sorted by date, the newest kept.
        where += (
            f" AND a.id IN (SELECT m.id FROM articles_article m WHERE m.visibility = 'public' "
            f"AND m.search_vector @@ {FLOOR_QUERY_SQL} ORDER BY {FLOOR_RECENCY % 'm'} DESC, "
            "m.id DESC LIMIT %(ranked)s)"
        )
        rank = f"ts_rank(a.rank_vector, {FLOOR_QUERY_SQL})::float8"
        order = f"{rank} DESC, {FLOOR_RECENCY % 'a'} DESC, a.id DESC"
        args["q"] = params["search"]
        args["ranked"] = int(os.environ.get("NEWSARCHIVE_SEARCH_RANKED_MATCHES") or 1000)
    rows = _floor_db().execute(FLOOR_LIST_SQL.format(where=where, order=order), args).fetchall()
    results = [
        {
            "id": row[0],
            "url": f"{base}/api/v1/articles/{row[0]}/",
            "html_url": f"{base}/articles/{row[0]}/",
            "title": row[1],
            "source": None if row[2] is None else {"id": row[2], "name": row[3], "slug": row[4]},
            "published_at": _iso(row[5]),
            "updated_at": _iso(row[6]),
            "language": row[7],
            "lead_image": None if row[8] is None else {"caption": row[8], "credit": row[9]},
            "claims_count": row[10],
        }
        for row in rows[:20]
    ]
    following = f"{base}/api/v1/articles/?cursor=x" if len(rows) > 20 else None
    return {"next": following, "previous": None, "results": results}


def floor_detail(pk: int, base: str):
    db = _floor_db()
    row = db.execute(
        "SELECT a.id, a.title, s.id, s.name, s.slug, a.published_at, a.updated_at, a.language, "
        "a.body, a.file_name, a.sha256, a.imported_at, a.parse_warnings, a.merge_warnings "
        "FROM articles_article a LEFT JOIN articles_source s ON s.id = a.source_id "
        "WHERE a.id = %s AND a.visibility = 'public'",
        [pk],
    ).fetchone()
    if row is None:
        return None
    images = db.execute(
        "SELECT position, caption, credit, is_lead FROM articles_image WHERE article_id = %s "
        "ORDER BY position, id",
        [pk],
    ).fetchall()
    claims = db.execute(
        "SELECT c.id, sp.id, sp.name, c.speaker_role, c.statement, c.stated_on, c.medium, "
        "CASE WHEN c.review_state = 'published' AND v.id IS NOT NULL THEN v.slug "
        "ELSE 'unreviewed' END, c.paragraph, c.in_current_text FROM articles_claim c "
        "LEFT JOIN articles_speaker sp ON sp.id = c.speaker_id "
        "LEFT JOIN articles_verdict v ON v.id = c.verdict_id WHERE c.article_id = %s "
        "ORDER BY c.paragraph, c.span_start, c.id",
        [pk],
    ).fetchall()
    body, next_image = [], 0
    for index, block in enumerate([*row[8], None]):
        while next_image < len(images) and images[next_image][0] <= index:
            body.append({"type": "image", "caption": images[next_image][1],
                         "credit": images[next_image][2]})  # fmt: skip
            next_image += 1
        if block is not None:
            body.append({"type": block.get("type"), "text": block.get("text", "")})
    lead = next((image for image in images if image[3]), None)
    return {
        "id": row[0],
        "url": f"{base}/api/v1/articles/{row[0]}/",
        "html_url": f"{base}/articles/{row[0]}/",
        "title": row[1],
        "source": None if row[2] is None else {"id": row[2], "name": row[3], "slug": row[4]},
        "published_at": _iso(row[5]),
        "updated_at": _iso(row[6]),
        "language": row[7],
        "lead_image": None if lead is None else {"caption": lead[1], "credit": lead[2]},
        "claims_count": len(claims),
        "body": body,
        "images": [
            {"position": i[0], "caption": i[1], "credit": i[2], "is_lead": i[3]} for i in images
        ],
        "claims": [
            {
                "id": c[0],
                "url": f"{base}/api/v1/claims/{c[0]}/",
                "speaker": None if c[1] is None else {"id": c[1], "name": c[2]},
                "speaker_role": c[3],
                "text": c[4],
                "stated_on": None if c[5] is None else c[5].isoformat(),
                "medium": c[6],
                "status": c[7],
                "paragraph": c[8],
                "in_current_text": c[9],
            }
            for c in claims
        ],
        "provenance": {
            "file_name": row[9],
            "sha256": row[10],
            "imported_at": _iso(row[11]),
            "warnings": [*row[12], *row[13]],
        },
    }


def floor_app(environ, start_response):
    """The floor: what the API answers, with nothing between the socket and psycopg."""
    from urllib.parse import parse_qsl

    path = environ.get("PATH_INFO", "")
    params = dict(parse_qsl(environ.get("QUERY_STRING", "")))
    base = f"http://{environ.get('HTTP_HOST', 'localhost')}"
    data = None
    if path == "/api/v1/articles/":
        data = floor_list(params, base)
    elif path.startswith("/api/v1/articles/") and path[17:-1].isdigit():
        data = floor_detail(int(path[17:-1]), base)
    if data is None:
        start_response("404 Not Found", [("Content-Type", "application/json")])
        return [b'{"detail":"Not found."}']
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]


# -- serving and loading ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(app: str, db_url: str, port: int, **settings: str) -> subprocess.Popen:
    # The request log off: a line per request on this terminal, tens of thousands a run.
    env = child_env(db_url) | {"NEWSARCHIVE_REQUEST_LOG": "0"} | settings
    env["NEWSARCHIVE_API_ANON_RATE"] = ""  # the load generator is one address: not throttled
    env["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--worker-class", "sync", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/v1/articles/?page_size=1")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise SystemExit(f"gunicorn {app} did not answer on port {port}")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


WRK_SCRIPT = """
local paths = {%(paths)s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "RESULT {\\"requests\\":%%d,\\"duration_us\\":%%d,\\"p50\\":%%d,\\"p95\\":%%d,\\"p99\\":%%d,"
    .. "\\"errors\\":%%d,\\"non2xx\\":%%d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), errors.connect + errors.read + errors.write + errors.timeout,
    errors.status))
end
"""


# Seconds before wrk gives a request up (an error): long, so that slow answers (uncached
# search on a large archive, queued behind 8 clients) are measured, not dropped.
TIMEOUT = 60


def load(port: int, paths: list[str], seconds: float) -> dict:
    """wrk in its own process: CLIENTS connections on 2 threads for `seconds`, loopback only;
    a request unanswered after TIMEOUT seconds counts as an error."""
    lua = WRK_SCRIPT % {"paths": ", ".join(json.dumps(p, ensure_ascii=False) for p in paths)}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", encoding="utf-8") as script:
        script.write(lua)
        script.flush()
        done = subprocess.run(
            ["wrk", "-t", "2", "-c", str(CLIENTS), "-d", f"{seconds:.0f}s",
             "--timeout", f"{TIMEOUT}s", "-s", script.name, f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, check=True, timeout=seconds + TIMEOUT + 30,
        )  # fmt: skip
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    return {
        "rps": result["requests"] / (result["duration_us"] / 1e6),
        "p50_ms": result["p50"] / 1000,
        "p95_ms": result["p95"] / 1000,
        "p99_ms": result["p99"] / 1000,
        "requests": result["requests"],
        "errors": result["errors"] + result["non2xx"],
    }


def scenarios(db_url: str) -> dict[str, list[str]]:
    """Request paths per scenario, from what the database holds."""
    with psycopg.connect(db_url) as conn:
        ids = [row[0] for row in conn.execute(
            "SELECT id FROM articles_article WHERE visibility = 'public' "
            "ORDER BY md5(id::text) LIMIT 200"
        )]  # fmt: skip
        slug = conn.execute(
            "SELECT s.slug FROM articles_source s JOIN articles_article a ON a.source_id = s.id "
            "GROUP BY s.slug ORDER BY count(*) LIMIT 1"
        ).fetchone()[0]
    terms = ["منبج", "كركوك", "تلعفر", "الميادين"]
    return {
        "article list": ["/api/v1/articles/"],
        "article detail": [f"/api/v1/articles/{pk}/" for pk in ids],
        "filtered list": [f"/api/v1/articles/?source={quote(slug)}"],
        "search": [f"/api/v1/articles/?search={quote(term)}" for term in terms],
    }


def check_same_answers(ports: dict[str, int], paths: dict[str, list[str]]) -> None:
    """Every side must answer what the API answers (same items), or the comparison means
    nothing."""
    for name, urls in paths.items():
        answers = {}
        for label, port in ports.items():
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", urls[0])
            answer = json.loads(connection.getresponse().read())
            if "results" in answer:
                answers[label] = [item["id"] for item in answer["results"]]
            else:
                answers[label] = (answer["id"], len(answer["body"]))
        for label, answer in answers.items():
            if answer != answers["api"]:
                expected = answers["api"]
                raise SystemExit(f"{name}: {label} answers differently: {answer} vs {expected}")


# The API as shipped, the API with its response cache off (every request runs its queries),
# the floor's SQL answered through Django and DRF (bench/drf_floor: what the framework
# alone costs) and the floor; each a gunicorn with 2 sync workers.
SIDES = {
    "api": ("newsarchive.wsgi:application", {}),
    "uncached": ("newsarchive.wsgi:application", {"NEWSARCHIVE_API_CACHE_ENTRIES": "0"}),
    "framework": (
        "newsarchive.wsgi:application",
        {"DJANGO_SETTINGS_MODULE": "bench.drf_floor.settings"},
    ),
    "floor": ("bench.api_bench:floor_app", {}),
}


def measure(db_url: str, seconds: float) -> dict:
    paths = scenarios(db_url)
    ports, servers = {}, []
    try:
        for label, (app, settings) in SIDES.items():
            ports[label] = free_port()
            servers.append(start_gunicorn(app, db_url, ports[label], **settings))
        check_same_answers(ports, paths)
        figures = {}
        for name, urls in paths.items():
            figures[name] = {}
            for label, port in ports.items():
                load(port, urls, 2)  # warm up: connections, caches, plans
                figures[name][label] = load(port, urls, seconds)
                log(f"{name:15} {label:8} {figures[name][label]['rps']:8.0f} req/s")
    finally:
        for server in servers:
            stop(server)
    return figures


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    return f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}"


def report(figures: dict, articles: int) -> None:
    print(f"API benchmark: {articles:,} articles, {CLIENTS} concurrent clients (wrk), "
          f"gunicorn 2 sync workers; {machine()}")  # fmt: skip
    header = (
        f"{'scenario':16}{'':10}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
    )
    print(header)
    goals = []
    for name, sides in figures.items():
        for label in SIDES:
            f = sides[label]
            print(f"{name:16}{label:10}{f['rps']:9.0f}{f['p50_ms']:9.1f}{f['p95_ms']:9.1f}"
                  f"{f['p99_ms']:9.1f}{f['errors']:8d}")  # fmt: skip
        share = sides["api"]["rps"] / sides["floor"]["rps"]
        uncached = sides["uncached"]["rps"] / sides["floor"]["rps"]
        framework = sides["framework"]["rps"] / sides["floor"]["rps"]
        print(f"{'':16}{'ratio':10}{share:9.0%}   (uncached: {uncached:.0%}, "
              f"framework: {framework:.0%})")  # fmt: skip
        goals.append((f"{name}: >= {GOAL_SHARE:.0%} of floor req/s", share >= GOAL_SHARE,
                      f"{share:.0%}"))  # fmt: skip
        if name == "search":
            continue  # search has its own latency goal, below
        goals.append((f"{name}: p99 < {GOAL_P99_MS:.0f} ms", sides["api"]["p99_ms"] < GOAL_P99_MS,
                      f"{sides['api']['p99_ms']:.1f} ms"))  # fmt: skip
    # The goal is the uncached one: a cached answer says nothing of the search.
    search = figures["search"]["uncached"]["p95_ms"]
    goals.append((f"search, uncached: p95 < {GOAL_SEARCH_P95_MS:.0f} ms",
                  search < GOAL_SEARCH_P95_MS, f"{search:.1f} ms"))  # fmt: skip
    print("goals:")
    for label, passed, value in goals:
        print(f"  {'PASS' if passed else 'MISS'}  {label:44} {value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, help="How many (100000).")
    parser.add_argument("--seconds", type=float, default=10, help="Per scenario and side (10).")
    parser.add_argument("--db-name", default=DB_NAME, help=f"Scratch database ({DB_NAME}).")
    parser.add_argument(
        "--base",
        type=int,
        default=BASE,
        help=f"Articles imported through importseeds ({BASE}); copied in SQL up to --articles.",
    )
    parser.add_argument(
        "--reuse-db", action="store_true", help="Use the scratch database if it holds articles."
    )
    parser.add_argument("--drop-db", action="store_true", help="Drop the database afterwards.")
    parser.add_argument("--json", action="store_true", help="Also print the figures as JSON.")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("needs wrk (Debian: apt-get install wrk)")
    server_url = configured_url()
    db_url = prepare_database(
        server_url, args.db_name, args.articles, reuse=args.reuse_db, base=args.base
    )
    try:
        figures = measure(db_url, args.seconds)
        report(figures, article_count(db_url))
        if args.json:
            print(json.dumps(figures, indent=2))
    finally:
        if args.drop_db:
            drop_database(server_url, args.db_name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
