"""Same files, same archive, whatever the run: import generated files in several ways and
compare digests of whole tables (articles, claims, speakers, relations) in natural keys.

Each way starts from an empty archive in the database DATABASE_URL names, which this
script EMPTIES (every article, claim, speaker and relation): give it a scratch database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch DJANGO_DEBUG=1 \\
        .venv/bin/python bench/archive_runs.py --articles 2000 --days 200

Ways: in order (the reference), reversed, --jobs 2, three importers at once, a run
killed with kill -9 mid-way then run again, and a run whose database connections are
terminated mid-way then run again. Prints per way: seconds, exit codes, rows per table
and whether each table's digest equals the reference's.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402

# Each table as text rows in natural keys (no ids, which depend on the order of inserts).
ARTICLE_KEY = "concat_ws('/', {a}.external_id, {a}.fingerprint)"
DIGEST_TABLES = {
    "articles": f"""
        SELECT concat_ws('|', {ARTICLE_KEY.format(a="a")}, a.sha256, a.file_name, a.title,
                         a.published_at, s.name, a.body::text, a.parse_warnings::text)
        FROM articles_article a LEFT JOIN articles_source s ON s.id = a.source_id""",
    "claims": f"""
        SELECT concat_ws('|', {ARTICLE_KEY.format(a="a")}, c.statement_key, c.statement,
                         sp.normalized_name, c.figures::text, c.stated_on)
        FROM articles_claim c JOIN articles_article a ON a.id = c.article_id
        LEFT JOIN articles_speaker sp ON sp.id = c.speaker_id""",
    "speakers": """
        SELECT concat_ws('|', normalized_name, name, kind) FROM articles_speaker""",
    "relations": f"""
        SELECT concat_ws('|', {ARTICLE_KEY.format(a="fa")}, f.statement_key,
                         {ARTICLE_KEY.format(a="ta")}, t.statement_key,
                         r.kind, r.status, r.note)
        FROM articles_claimrelation r
        JOIN articles_claim f ON f.id = r.from_claim_id
        JOIN articles_article fa ON fa.id = f.article_id
        JOIN articles_claim t ON t.id = r.to_claim_id
        JOIN articles_article ta ON ta.id = t.article_id""",
}
DIGEST_SQL = (
    "SELECT count(*), md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) FROM ({rows}) AS t (r)"
)
EMPTY_SQL = "TRUNCATE articles_source, articles_speaker CASCADE"

Digest = dict[str, tuple[int, str]]


def digest(conn: psycopg.Connection) -> Digest:
    """Per table: its row count and the md5 of its sorted rows in natural keys."""
    result = {}
    for table, rows in DIGEST_TABLES.items():
        count, md5 = conn.execute(DIGEST_SQL.format(rows=rows)).fetchall()[0]
        result[table] = (count, md5)
    return result


def scalar(conn: psycopg.Connection, sql: str) -> int:
    return int(conn.execute(sql).fetchall()[0][0])


def importseeds(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "importseeds", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(*runs: subprocess.Popen[str]) -> list[int]:
    for run in runs:
        run.communicate()
    return [run.returncode for run in runs]


def wait_until(conn: psycopg.Connection, run: subprocess.Popen[str], condition: str) -> None:
    while not scalar(conn, condition):
        if run.poll() is not None:
            raise SystemExit(f"the run ended before the fault ({condition})")
        time.sleep(0.01)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--days", type=int, default=200)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args(argv)
    url = os.environ["DATABASE_URL"]
    folder = Path(tempfile.mkdtemp(prefix="archive-runs-"))
    files = [str(p) for p in generate(folder, args.articles, seed=args.seed, days=args.days)]
    half = args.articles // 2
    conn = psycopg.connect(url, autocommit=True)

    def killed() -> list[int]:
        run = importseeds("--jobs", "1", str(folder))
        wait_until(
            conn,
            run,
            f"SELECT (SELECT count(*) FROM articles_article) >= {half} "
            "AND (SELECT count(*) FROM articles_pendingcomparison) > 0",
        )
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        return [-9, *finish(importseeds("--jobs", "1", str(folder)))]

    def terminated() -> list[int]:
        run = importseeds(str(folder))  # the default --jobs
        wait_until(conn, run, f"SELECT (SELECT count(*) FROM articles_article) >= {half}")
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [*finish(run), *finish(importseeds(str(folder)))]

    ways: dict[str, Callable[[], list[int]]] = {
        "in order": lambda: finish(importseeds("--jobs", "1", str(folder))),
        "reversed": lambda: finish(importseeds("--jobs", "1", *reversed(files))),
        "--jobs 2": lambda: finish(importseeds("--jobs", "2", str(folder))),
        "3 importers at once": lambda: finish(
            importseeds("--jobs", "1", str(folder)),
            importseeds("--jobs", "1", *reversed(files)),
            importseeds("--jobs", "2", str(folder)),
        ),
        "kill -9 mid-way, run again": killed,
        "connections terminated, run again": terminated,
    }
    print(f"{args.articles} generated articles within {args.days} days, in {folder}")
    reference: Digest | None = None
    for name, run in ways.items():
        conn.execute(EMPTY_SQL)
        started = time.perf_counter()
        codes = run()
        seconds = time.perf_counter() - started
        result = digest(conn)
        reference = reference or result
        same = [table for table in result if result[table] == reference[table]]
        rows = ", ".join(f"{table} {count}" for table, (count, _) in result.items())
        verdict = "same" if len(same) == len(result) else f"DIFFERS (same: {', '.join(same)})"
        print(f"{name:36} {seconds:7.1f} s  exit {codes}  {rows}  {verdict}")
    conn.execute(EMPTY_SQL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
