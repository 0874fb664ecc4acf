"""Serving under load and faults: 100 clients for 60 s against gunicorn as scripts/run starts it.

    .venv/bin/python bench/faults_bench.py                   # 3,000 articles, 30 s idle + 60 s
    .venv/bin/python bench/faults_bench.py --reuse-db        # skip generating and importing
    .venv/bin/python bench/faults_bench.py --articles 1000 --seconds 20 --idle-seconds 10

Setup: a scratch database (``newsarchive_faults_bench``) on the configured PostgreSQL
(DATABASE_URL, else the embedded one) holding N generated articles (bench/generate.py,
imported with ``importseeds --jobs 2``). gunicorn serves it with scripts/run's options
(2 workers, threaded: ``--worker-class gthread --threads 8``, default 30 s timeout), the
rate limit off (every client is one address).

Two phases, the same 100 clients (4 processes of 25 threads, each looping over a mix of
site pages, API lists and details, and searches on the site and the API):
1. **idle**: the mix alone (``--idle-seconds``);
2. **faults** (``--seconds``): the mix while full claim exports (NDJSON) run one after
   another from the second second on, and the server's idle database connections are
   terminated (``pg_terminate_backend``) at a third and two thirds of the phase.

It prints, per phase, requests, 5xx answers, failed connections, p50 and p99 latency; the
p99 of the requests that started while an export was streaming against the idle p99; and
for each export its rows against the claims the public may see (complete or not) and its
time. Exits 0 unless the setup failed: it reports figures, it does not judge them.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from bench.api_bench import free_port, prepare_database, stop  # noqa: E402
from bench.import_bench import child_env, configured_url  # noqa: E402

DB_NAME = "newsarchive_faults_bench"
PROCESSES = 4
THREADS_PER_PROCESS = 25
SEARCH_WORDS = ["منبج", "كركوك", "تلعفر", "الميادين", "الحسكة", "الرقة"]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def start_gunicorn(db_url: str, port: int) -> tuple:
    import subprocess

    env = child_env(db_url) | {
        "NEWSARCHIVE_API_ANON_RATE": "",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    # scripts/run's gunicorn line, on a free port.
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newsarchive.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--worker-class", "gthread", "--threads", "8",
         "--graceful-timeout", "5", "--log-level", "error"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/v1/sources/")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise SystemExit("gunicorn did not answer")


def request_mix(db_url: str) -> list[str]:
    with psycopg.connect(db_url) as conn:
        ids = [row[0] for row in conn.execute(
            "SELECT id FROM articles_article WHERE visibility = 'public' "
            "ORDER BY md5(id::text) LIMIT 100"
        )]  # fmt: skip
        claims = [row[0] for row in conn.execute(
            "SELECT id FROM articles_claim ORDER BY md5(id::text) LIMIT 50"
        )]  # fmt: skip
    words = [quote(word) for word in SEARCH_WORDS]
    return [
        "/",
        "/articles/",
        "/claims/",
        *[f"/articles/{pk}/" for pk in ids],
        "/api/v1/articles/",
        "/api/v1/claims/",
        "/api/v1/sources/",
        *[f"/api/v1/articles/{pk}/" for pk in ids],
        *[f"/api/v1/claims/{pk}/" for pk in claims],
        *[f"/articles/?q={word}" for word in words],
        *[f"/api/v1/articles/?search={word}" for word in words],
    ]


def _client(port: int, paths: list[str], until: float, seed: int, out: list) -> None:
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.time() < until:
        path = rng.choice(paths)
        started = time.time()
        try:
            connection.request("GET", path, headers={"Host": "localhost"})
            response = connection.getresponse()
            response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
        except (OSError, http.client.HTTPException):
            status = 0  # the connection failed: no answer
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        out.append((started, time.time() - started, status, path))
    connection.close()


def _client_process(port: int, paths: list[str], until: float, seed: int, queue) -> None:
    results: list = []
    threads = [
        threading.Thread(target=_client, args=(port, paths, until, seed * 1000 + n, results))
        for n in range(THREADS_PER_PROCESS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(results)


def run_clients(port: int, paths: list[str], seconds: float) -> list:
    until = time.time() + seconds
    queue: multiprocessing.Queue = multiprocessing.Queue()
    processes = [
        multiprocessing.Process(target=_client_process, args=(port, paths, until, n, queue))
        for n in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    results = []
    for _ in processes:
        results += queue.get()
    for process in processes:
        process.join()
    return results


def export_once(port: int) -> dict:
    started = time.time()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    rows, complete, status = 0, False, 0
    try:
        connection.request("GET", "/api/v1/claims/export.ndjson", headers={"Host": "localhost"})
        response = connection.getresponse()
        status = response.status
        while response.readline():
            rows += 1
        complete = True
    except (OSError, http.client.HTTPException):
        complete = False
    finally:
        connection.close()
    return {
        "start": started,
        "end": time.time(),
        "rows": rows,
        "complete": complete,
        "status": status,
    }


def terminate_idle_connections(db_url: str, name: str) -> int:
    with psycopg.connect(db_url, autocommit=True) as conn:
        return conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid() AND state = 'idle'",
            [name],
        ).fetchone()[0]


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(results: list) -> dict:
    latencies = [elapsed for _, elapsed, status, _ in results if status]
    return {
        "requests": len(results),
        "5xx": sum(1 for *_, status, _ in results if status >= 500),
        "failed": sum(1 for *_, status, _ in results if status == 0),
        "other_non_2xx": sum(1 for *_, status, _ in results if 0 < status < 500 and status >= 300),
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--idle-seconds", type=float, default=30)
    parser.add_argument("--reuse-db", action="store_true")
    args = parser.parse_args(argv)

    db_url = prepare_database(configured_url(), DB_NAME, args.articles, reuse=args.reuse_db)
    with psycopg.connect(db_url) as conn:
        articles = conn.execute("SELECT count(*) FROM articles_article").fetchone()[0]
        public_claims = conn.execute(
            "SELECT count(*) FROM articles_claim c JOIN articles_article a ON a.id = c.article_id "
            "WHERE a.visibility = 'public'"
        ).fetchone()[0]
    paths = request_mix(db_url)
    port = free_port()
    server = start_gunicorn(db_url, port)
    try:
        log(f"idle: {PROCESSES * THREADS_PER_PROCESS} clients for {args.idle_seconds:.0f} s")
        idle = run_clients(port, paths, args.idle_seconds)

        log(f"faults: the same clients for {args.seconds:.0f} s, exports and terminations")
        exports: list[dict] = []
        terminated: list[int] = []
        phase_end = time.time() + args.seconds

        def exporter() -> None:
            time.sleep(2)
            while time.time() < phase_end:
                exports.append(export_once(port))

        def terminator() -> None:
            for moment in (args.seconds / 3, 2 * args.seconds / 3):
                time.sleep(max(0.0, phase_end - args.seconds + moment - time.time()))
                terminated.append(terminate_idle_connections(db_url, DB_NAME))

        helpers = [threading.Thread(target=exporter), threading.Thread(target=terminator)]
        for helper in helpers:
            helper.start()
        loaded = run_clients(port, paths, args.seconds)
        for helper in helpers:
            helper.join()
    finally:
        stop(server)

    during = [row for row in loaded if any(e["start"] <= row[0] < e["end"] for e in exports)]
    print(f"archive: {articles:,} articles, {public_claims:,} public claims; "
          f"{os.cpu_count()} CPUs; gunicorn 2 gthread workers x 8 threads; "
          f"{PROCESSES * THREADS_PER_PROCESS} clients")  # fmt: skip
    for name, rows in (("idle", idle), ("faults phase", loaded), ("during an export", during)):
        figures = summary(rows)
        print(
            f"{name:>17}: {figures['requests']:6,} requests, {figures['5xx']} 5xx, "
            f"{figures['failed']} failed connections, {figures['other_non_2xx']} other non-2xx, "
            f"p50 {figures['p50_ms']:.0f} ms, p99 {figures['p99_ms']:.0f} ms"
        )
    idle_p99 = summary(idle)["p99_ms"]
    during_p99 = summary(during)["p99_ms"]
    print(f"p99 during an export / idle p99: {during_p99 / idle_p99:.2f}x")
    print(f"idle connections terminated: {terminated}")
    for number, export in enumerate(exports, 1):
        seconds = export["end"] - export["start"]
        whole = export["complete"] and export["rows"] == public_claims
        print(
            f"export {number}: status {export['status']}, {export['rows']:,} of {public_claims:,} "
            f"rows in {seconds:.1f} s, {'complete' if whole else 'INCOMPLETE'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
