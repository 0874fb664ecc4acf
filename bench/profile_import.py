"""Where ``importseeds`` spends its time: SQL queries per file and a cProfile summary.

    .venv/bin/python bench/profile_import.py --articles 2000 --count 200

On a scratch database (as bench/import_bench.py makes it) this

1. imports ``--count`` generated files in-process with ``Importer().import_path``,
   counting the SQL statements per file (by kind and table) and the time spent
   waiting for them; then imports them again (all unchanged) and counts again;
2. runs ``python -m cProfile manage.py importseeds <folder>`` over all
   ``--articles`` files into empty tables and prints the top cumulative entries
   inside articles/, simple_history and Django's ORM.
"""

from __future__ import annotations

import argparse
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402
from bench.import_bench import (  # noqa: E402
    child_env,
    configured_url,
    manage,
    scratch_database,
    truncate_all,
)

_TABLE_RE = re.compile(
    r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM|COPY)\s+"?(\w+)"?|\bFROM\s+"?(\w+)"?', re.I
)


def statement_kind(sql: str) -> str:
    """'INSERT articles_claim', 'COPY articles_image', 'SELECT pg_advisory_xact_lock', …"""
    verb = sql.lstrip().split(None, 1)[0].upper()
    if verb == "WITH":  # a CTE: name what it writes
        targets = re.findall(r'\bINSERT INTO\s+"?(\w+)', sql, re.I)
        if targets:
            return "WITH … INSERT " + " + ".join(targets)
    if verb == "SELECT" and "pg_advisory_xact_lock" in sql:
        return "SELECT pg_advisory_xact_lock"
    match = _TABLE_RE.search(sql)
    table = (match.group(1) or match.group(2)) if match else ""
    return f"{verb} {table}".strip()


class QueryCounter:
    """Counts and times what goes to the server: execute() (through Django's
    ``execute_wrapper``), COPY and COMMIT (psycopg's own, patched for the count)."""

    def __init__(self) -> None:
        self.count: Counter[str] = Counter()
        self.seconds: Counter[str] = Counter()

    def record(self, kind: str, started: float) -> None:
        self.count[kind] += 1
        self.seconds[kind] += time.perf_counter() - started

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.record(statement_kind(sql), started)

    @contextmanager
    def watching(self):
        import psycopg
        from django.db import connection

        counter, copy, commit = self, psycopg.Cursor.copy, psycopg.Connection.commit

        @contextmanager
        def counted_copy(cursor, statement, *args, **kwargs):
            started = time.perf_counter()
            try:
                with copy(cursor, statement, *args, **kwargs) as stream:
                    yield stream
            finally:
                text = statement if isinstance(statement, str) else statement.as_string(cursor)
                counter.record(statement_kind(text), started)

        def counted_commit(conn):
            started = time.perf_counter()
            try:
                return commit(conn)
            finally:
                counter.record("COMMIT", started)

        psycopg.Cursor.copy, psycopg.Connection.commit = counted_copy, counted_commit
        try:
            with connection.execute_wrapper(self):
                yield self
        finally:
            psycopg.Cursor.copy, psycopg.Connection.commit = copy, commit


def count_queries(paths: list[Path]) -> None:
    from articles.importing import Importer
    from articles.parsing import extract_claims, parse_seed

    n = len(paths)
    started = time.perf_counter()
    for path in paths:
        parsed = parse_seed(path.read_bytes(), filename=str(path))
        extract_claims(parsed.paragraphs, published_at=parsed.published_at)
    parse_ms = (time.perf_counter() - started) / n * 1000

    for label in ("new files", "same files again (unchanged)"):
        importer = Importer()
        statuses: Counter[str] = Counter()
        started = time.perf_counter()
        with QueryCounter().watching() as counter:
            for path in paths:
                statuses[str(importer.import_path(path).status)] += 1
        elapsed_ms = (time.perf_counter() - started) / n * 1000
        db_ms = sum(counter.seconds.values()) / n * 1000
        statements = sum(v for k, v in counter.count.items() if k != "COMMIT")
        print(f"\n== server round trips, {n} {label}: {dict(statuses)}")
        print(
            f"{statements / n:.1f} statements + {counter.count['COMMIT'] / n:.1f} COMMIT per "
            f"file; {elapsed_ms:.2f} ms per file: waiting on the server {db_ms:.2f} ms, "
            f"the rest (reading, parsing, Python) {elapsed_ms - db_ms:.2f} ms; "
            f"read + parse_seed + extract_claims alone take {parse_ms:.2f} ms"
        )
        print(f"{'per file':>10} {'ms/file':>8}  statement")
        for kind, count in counter.count.most_common():
            print(f"{count / n:10.2f} {counter.seconds[kind] / n * 1000:8.3f}  {kind}")


def profile_command(db_url: str, folder: Path, out: Path, top: int) -> None:
    # cProfile sees one process: keep the work in it when importseeds can use workers.
    _, done = manage(db_url, "help", "importseeds")
    jobs = ["--jobs", "1"] if "--jobs" in done.stdout else []
    command = ["manage.py", "importseeds", *jobs, str(folder)]
    print(f"\n== cProfile: python -m cProfile {' '.join(command[:-1])} <folder>")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(out), *command],
        env=child_env(db_url),
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    elapsed = time.perf_counter() - started
    stats = pstats.Stats(str(out))
    total = stats.total_tt
    n = len(list(folder.glob("*.txt")))
    print(f"{n} files: {elapsed:.1f} s wall, {total:.1f} s profiled")
    rows = []
    for (filename, line, name), (_, calls, tottime, cumtime, _) in stats.stats.items():
        if any(part in filename for part in ("/articles/", "simple_history", "django/db/")):
            short = re.sub(r"^.*?/(articles|simple_history|django)/", r"\1/", filename)
            rows.append((cumtime, tottime, calls, f"{short}:{line}({name})"))
    print(f"{'cum s':>8} {'cum %':>6} {'own s':>7} {'calls':>9}  function")
    for cumtime, tottime, calls, where in sorted(rows, reverse=True)[:top]:
        print(f"{cumtime:8.2f} {cumtime / total:6.1%} {tottime:7.2f} {calls:9d}  {where}")
    print("\n-- top own time (all code)")
    own = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:15]
    for (filename, line, name), (_, calls, tottime, _cumtime, _) in own:
        short = re.sub(r"^.*/(site-packages|lib/python3\.\d+)/", "", filename)
        print(f"{tottime:8.2f} {tottime / total:6.1%} {calls:9d}  {short}:{line}({name})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2_000, help="Files to profile (2000).")
    parser.add_argument("--count", type=int, default=200, help="Files to count queries on (200).")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--db-name", default="newsarchive_bench_profile")
    parser.add_argument("--top", type=int, default=40, help="Rows of the cumulative table (40).")
    parser.add_argument("--profile-out", type=Path, help="Keep the .prof file here.")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    try:
        folder = workdir / "seeds"
        paths = generate(folder, args.articles, seed=args.seed)
        with scratch_database(configured_url(), args.db_name, keep=False) as db_url:
            manage(db_url, "migrate", "--noinput", "-v", "0")
            os.environ.update(child_env(db_url))
            os.environ["DJANGO_SETTINGS_MODULE"] = "newsarchive.settings"
            import django
            from django.db import connection

            django.setup()
            count_queries(paths[: args.count])
            connection.close()
            truncate_all(db_url)
            profile_command(db_url, folder, args.profile_out or workdir / "import.prof", args.top)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
