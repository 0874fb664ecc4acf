"""Import benchmark: parse-only vs a COPY floor vs ``manage.py importseeds``.

    .venv/bin/python bench/import_bench.py --articles 10000

Generates N seed-format files (bench/generate.py), creates a scratch database
on the configured PostgreSQL server (DATABASE_URL, else the embedded one),
migrates it, and measures on it, one after the other:

  parse       parse_seed + extract_claims over bytes already in memory
  floor       read + parse + psycopg COPY of the same rows (sources, speakers,
              articles, images, claims), one transaction: the fastest plausible
              way to get the same data in (no history rows)
  importseeds ``manage.py importseeds <folder>`` as a subprocess, wall clock,
              into empty tables; then again over the same, unchanged files

It prints articles/s for each, the goals (importseeds >= 1,000 articles/s and
>= 50% of the floor) as PASS/MISS, and always exits 0 unless something broke.
The scratch database is dropped at the end (--keep-db keeps it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePath
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from django.utils.text import slugify  # noqa: E402
from psycopg import sql  # noqa: E402

from articles.parsing import extract_claims, normalize_arabic, parse_seed  # noqa: E402
from bench.generate import generate  # noqa: E402

GOAL_RATE = 1_000  # articles/s
GOAL_SHARE = 0.50  # of the floor
SLUG_LENGTH = 80
COPY_BATCH = 2_000  # articles per round of COPYs

# -- the database server and the scratch database --------------------------------------------


def configured_url() -> str:
    """The configured database as a URL: DATABASE_URL, else the embedded server's socket."""
    url = os.environ.get("DATABASE_URL", "")
    if url:
        return url
    from newsarchive.embedded_db.server import DATABASE_NAME, ensure_running

    return f"postgres://postgres@{quote(ensure_running(), safe='')}/{DATABASE_NAME}"


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{quote(name)}"))


def server_label(url: str) -> str:
    parts = urlsplit(url)
    if os.environ.get("DATABASE_URL"):
        return f"DATABASE_URL server {parts.hostname or 'local socket'}:{parts.port or 5432}"
    return "embedded PostgreSQL (unix socket)"


@contextmanager
def scratch_database(server_url: str, name: str, *, keep: bool) -> Iterator[str]:
    """Create an empty database ``name`` next to the configured one; drop it afterwards."""
    configured = urlsplit(server_url).path.lstrip("/")
    if name == configured:
        raise SystemExit(f"refusing to use the configured database {name!r} as scratch")
    admin_url = with_database(server_url, "postgres")
    ident = sql.Identifier(name)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(ident))
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(ident))
    try:
        yield with_database(server_url, name)
    finally:
        if not keep:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(ident))


def child_env(db_url: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": db_url, "PYTHONPATH": str(ROOT)}
    env.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key")
    return env


def manage(db_url: str, *args: str) -> tuple[float, subprocess.CompletedProcess]:
    """Run ``manage.py args…`` against ``db_url``; return (wall-clock seconds, process)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=child_env(db_url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(
            f"manage.py {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}"
        )
    return elapsed, done


def truncate_all(db_url: str) -> None:
    """Empty every table of the articles app (current and history), ids restarted."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename LIKE 'articles\\_%' ORDER BY tablename"
            )
        ]
        conn.execute(
            sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE").format(
                sql.SQL(", ").join(map(sql.Identifier, tables))
            )
        )
        conn.execute("VACUUM ANALYZE")


def row_counts(db_url: str) -> dict[str, int]:
    tables = ("source", "article", "image", "speaker", "claim")
    with psycopg.connect(db_url) as conn:
        return {
            table: conn.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(f"articles_{table}"))
            ).fetchone()[0]
            for table in tables
        }


# -- a. parse only ----------------------------------------------------------------------------


def bench_parse(files: Sequence[tuple[str, bytes]]) -> float:
    started = time.perf_counter()
    for filename, data in files:
        parsed = parse_seed(data, filename=filename)
        extract_claims(parsed.paragraphs, published_at=parsed.published_at)
    return time.perf_counter() - started


# -- b. the floor: parse + COPY -----------------------------------------------------------------

ARTICLE_COLUMNS = (
    "id", "source_id", "external_id", "fingerprint", "title", "slug", "language",
    "published_at", "updated_at", "body", "visibility", "visibility_reason", "file_name",
    "sha256", "encoding",
    "imported_at", "parser_version", "parse_warnings", "merge_warnings", "as_imported",
    "created_at", "modified_at",
)  # fmt: skip
IMAGE_COLUMNS = (
    "id", "article_id", "position", "caption", "credit", "is_lead", "file", "alt_text",
    "as_imported",
)  # fmt: skip
CLAIM_COLUMNS = (
    "id", "article_id", "paragraph", "speaker_id", "speaker_role", "statement",
    "statement_key", "span_start", "span_end", "is_direct_quote", "stated_on", "medium",
    "review_state", "verdict_explanation", "reviewer_id", "reviewed_at", "review_note",
    "origin", "in_current_text", "as_imported", "created_at",
)  # fmt: skip
SPEAKER_COLUMNS = ("id", "name", "normalized_name", "kind", "created_at")
SOURCE_COLUMNS = ("id", "name", "slug", "language", "website", "created_at")


def _key(text: str) -> str:
    return " ".join(normalize_arabic(text).split())


def _iso(value: dt.datetime | None) -> str:
    return value.astimezone(dt.UTC).isoformat() if value else ""


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class FloorLoader:
    """Builds the rows the importer would write and sends them with COPY, ids assigned here."""

    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC)
        self.sources: dict[str, int] = {}
        self.speakers: dict[str, int] = {}
        self.next_id = {"article": 1, "image": 1, "claim": 1}
        self.rows: dict[str, list[tuple]] = {}
        self.reset()

    def reset(self) -> None:
        self.rows = {"source": [], "speaker": [], "article": [], "image": [], "claim": []}

    def add(self, path: Path) -> None:
        parsed = parse_seed(path.read_bytes(), filename=str(path))
        claims = extract_claims(parsed.paragraphs, published_at=parsed.published_at)
        now, rows = self.now, self.rows
        source_id = None
        if parsed.source_name:
            source_id = self.sources.get(parsed.source_name)
            if source_id is None:
                source_id = self.sources[parsed.source_name] = len(self.sources) + 1
                slug = f"{slugify(parsed.source_name, allow_unicode=True)}-{source_id}"
                rows["source"].append(
                    (source_id, parsed.source_name, slug, "ar", "", now)
                )  # fmt: skip
        article_id = self._next("article")
        fingerprint = _sha(
            "|".join(
                [_key(parsed.source_name or ""), _iso(parsed.published_at), _key(parsed.title)]
            )
        )
        body = [{"type": str(block.kind), "text": block.text} for block in parsed.blocks]
        rows["article"].append(
            (
                article_id, source_id, parsed.external_id or "", fingerprint, parsed.title,
                slugify(parsed.title, allow_unicode=True)[:SLUG_LENGTH].strip("-"),
                parsed.language, parsed.published_at, parsed.updated_at,
                json.dumps(body, ensure_ascii=False), "public", "", PurePath(path).name,
                parsed.sha256, parsed.encoding, now, parsed.parser_version,
                json.dumps([str(w) for w in parsed.warnings], ensure_ascii=False), "[]", "{}",
                now, now,
            )
        )  # fmt: skip
        for image in parsed.images:
            rows["image"].append(
                (
                    self._next("image"), article_id, image.position, image.caption,
                    image.credit, image.is_lead, "", "", "{}",
                )
            )  # fmt: skip
        seen: set[str] = set()
        for claim in claims:
            statement_key = _sha(_key(claim.statement))
            if statement_key in seen:
                continue
            seen.add(statement_key)
            rows["claim"].append(
                (
                    self._next("claim"), article_id, claim.paragraph,
                    self._speaker_id(claim.speaker), claim.speaker_role, claim.statement,
                    statement_key, claim.start, claim.end, claim.is_direct_quote,
                    claim.stated_on, str(claim.medium), "new", "", None, None, "",
                    "imported", True, "{}", now,
                )
            )  # fmt: skip

    def _next(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def _speaker_id(self, name: str) -> int | None:
        if not name:
            return None
        key = _key(name)
        speaker_id = self.speakers.get(key)
        if speaker_id is None:
            speaker_id = self.speakers[key] = len(self.speakers) + 1
            self.rows["speaker"].append((speaker_id, name, key, "unknown", self.now))
        return speaker_id

    def flush(self, cursor: psycopg.Cursor) -> None:
        for table, columns in (
            ("source", SOURCE_COLUMNS),
            ("speaker", SPEAKER_COLUMNS),
            ("article", ARTICLE_COLUMNS),
            ("image", IMAGE_COLUMNS),
            ("claim", CLAIM_COLUMNS),
        ):
            if not self.rows[table]:
                continue
            statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(f"articles_{table}"),
                sql.SQL(", ").join(map(sql.Identifier, columns)),
            )
            with cursor.copy(statement) as copy:
                for row in self.rows[table]:
                    copy.write_row(row)
        self.reset()


def bench_floor(db_url: str, paths: Sequence[Path]) -> tuple[float, float]:
    """Return (total seconds, of which reading + parsing + building rows)."""
    started = time.perf_counter()
    building = 0.0
    loader = FloorLoader()
    with psycopg.connect(db_url) as conn, conn.cursor() as cursor:
        for start in range(0, len(paths), COPY_BATCH):
            batch_started = time.perf_counter()
            for path in paths[start : start + COPY_BATCH]:
                loader.add(path)
            building += time.perf_counter() - batch_started
            loader.flush(cursor)
        for table in ("source", "speaker", "article", "image", "claim"):
            cursor.execute(
                sql.SQL(
                    "SELECT setval(pg_get_serial_sequence({}, 'id'), "
                    "coalesce((SELECT max(id) FROM {}), 0) + 1, false)"
                ).format(sql.Literal(f"articles_{table}"), sql.Identifier(f"articles_{table}"))
            )
        conn.commit()
    return time.perf_counter() - started, building


# -- c. importseeds -------------------------------------------------------------------------------


def bench_importseeds(db_url: str, folder: Path, extra: Sequence[str]) -> tuple[float, str]:
    elapsed, done = manage(db_url, "importseeds", *extra, str(folder))
    return elapsed, done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


# -- report -------------------------------------------------------------------------------------


def machine_info(db_url: str) -> dict:
    cpu = ""
    with_cpuinfo = Path("/proc/cpuinfo")
    if with_cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", with_cpuinfo.read_text(), re.MULTILINE)
        cpu = found.group(1).strip() if found else ""
    with psycopg.connect(db_url) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
    import django

    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_count": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": version,
        "code": code_version(),
    }


def code_version() -> str:
    """Git HEAD plus a hash of the importer and parser sources as they are on disk now.

    The figures belong to the code measured, which may hold uncommitted work.
    """
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    digest = hashlib.sha256()
    for path in sorted((ROOT / "articles").rglob("*.py")):
        if "migrations" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return f"{head or 'no git'} + articles/ sources {digest.hexdigest()[:12]}"


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def print_report(figures: dict, out: Callable[[str], None]) -> None:
    m, n = figures["machine"], figures["articles"]
    out("")
    out(f"machine: nproc={m['nproc']} ({m['cpu']}), Python {m['python']}, Django {m['django']}")
    out(f"database: PostgreSQL {m['postgresql']}, {figures['server']}")
    out(f"code: {m['code']}; run at {figures['started']}")
    out(f"articles: {n:,} generated files (seed {figures['seed']})")
    out(f"command: {figures['importseeds_command']}")
    out("")
    rows = [
        ("parse only (parse_seed + extract_claims)", "parse"),
        ("floor (read + parse + COPY, one commit)", "floor"),
        ("importseeds, empty tables", "importseeds"),
        ("importseeds again, all unchanged", "reimport"),
    ]
    out(f"{'':44}{'seconds':>10}{'articles/s':>14}")
    for label, key in rows:
        out(f"{label:44}{figures[key]['seconds']:>10.2f}{figures[key]['rate']:>14,.0f}")
    floor = figures["floor"]
    out(
        f"{'  floor: read + parse + build rows':44}{floor['parse_and_rows_seconds']:>10.2f}"
        f"\n{'  floor: COPY + commit (server side)':44}{floor['copy_and_commit_seconds']:>10.2f}"
    )
    out(f"{'importseeds as % of floor':44}{'':>10}{figures['importseeds_share'] * 100:>13.1f}%")
    out("")
    for name, goal in figures["goals"].items():
        out(f"goal {name:40} {goal['value']:>12} -> {'PASS' if goal['pass'] else 'MISS'}")
    out("")
    counts = figures["rows"]
    out("rows written  " + "  ".join(f"{k}={v:,}" for k, v in counts["floor"].items()) + " (floor)")
    out("              " + "  ".join(f"{k}={v:,}" for k, v in counts["importseeds"].items()))
    out(f"importseeds said: {figures['importseeds']['summary']}")
    out(f"re-import said:   {figures['reimport']['summary']}")


def run(args: argparse.Namespace) -> dict:
    log = (lambda text: print(text, file=sys.stderr)) if args.json else print
    server_url = configured_url()
    workdir = Path(tempfile.mkdtemp(prefix="bench-import-"))
    folder = workdir / "seeds"
    try:
        started = time.perf_counter()
        paths = generate(folder, args.articles, seed=args.seed)
        generated = time.perf_counter() - started
        files_per_s = rate(len(paths), generated)
        log(f"generated {len(paths):,} files in {generated:.2f} s ({files_per_s:,.0f} files/s)")

        with scratch_database(server_url, args.db_name, keep=args.keep_db) as db_url:
            seconds, _ = manage(db_url, "migrate", "--noinput", "-v", "0")
            log(f"scratch database {args.db_name} migrated in {seconds:.1f} s")
            n = len(paths)
            figures: dict = {
                "articles": n,
                "seed": args.seed,
                "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "server": server_label(server_url),
                "importseeds_command": " ".join(
                    ["manage.py importseeds", *args.importseeds_arg, "<folder>"]
                ),
                "machine": machine_info(db_url),
            }

            files = [(str(path), path.read_bytes()) for path in paths]
            seconds = bench_parse(files)
            figures["parse"] = {"seconds": seconds, "rate": rate(n, seconds)}
            log(f"parse only:   {rate(n, seconds):>8,.0f} articles/s")
            del files

            truncate_all(db_url)
            seconds, building = bench_floor(db_url, paths)
            floor_rows = row_counts(db_url)
            figures["floor"] = {
                "seconds": seconds,
                "rate": rate(n, seconds),
                "parse_and_rows_seconds": building,
                "copy_and_commit_seconds": seconds - building,
            }
            log(
                f"floor (COPY): {rate(n, seconds):>8,.0f} articles/s  "
                f"(read+parse+rows {building:.2f} s, COPY+commit {seconds - building:.2f} s)"
            )
            truncate_all(db_url)

            seconds, summary = bench_importseeds(db_url, folder, args.importseeds_arg)
            figures["importseeds"] = {
                "seconds": seconds,
                "rate": rate(n, seconds),
                "summary": summary,
            }
            log(f"importseeds:  {rate(n, seconds):>8,.0f} articles/s  ({summary})")
            import_rows = row_counts(db_url)

            seconds, summary = bench_importseeds(db_url, folder, args.importseeds_arg)
            figures["reimport"] = {"seconds": seconds, "rate": rate(n, seconds), "summary": summary}
            log(f"re-import:    {rate(n, seconds):>8,.0f} articles/s  ({summary})")
            truncate_all(db_url)

        figures["rows"] = {"floor": floor_rows, "importseeds": import_rows}
        share = figures["importseeds"]["rate"] / figures["floor"]["rate"]
        figures["importseeds_share"] = share
        figures["goals"] = {
            f"importseeds >= {GOAL_RATE:,} articles/s": {
                "value": f"{figures['importseeds']['rate']:,.0f}/s",
                "pass": figures["importseeds"]["rate"] >= GOAL_RATE,
            },
            f"importseeds >= {GOAL_SHARE:.0%} of floor": {
                "value": f"{share:.1%}",
                "pass": share >= GOAL_SHARE,
            },
        }
        if n != 10_000:
            figures["note"] = "the goals are stated for 10,000 articles"
        print_report(figures, log)
        if "note" in figures:
            log(f"(note: {figures['note']})")
        return figures
    finally:
        if args.keep_files:
            log(f"files kept in {folder}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="How many files (10000).")
    parser.add_argument("--seed", type=int, default=0, help="Generator seed (0).")
    parser.add_argument(
        "--db-name", default="newsarchive_bench", help="Scratch database (newsarchive_bench)."
    )
    parser.add_argument("--keep-db", action="store_true", help="Do not drop the scratch database.")
    parser.add_argument("--keep-files", action="store_true", help="Keep the generated files.")
    parser.add_argument(
        "--importseeds-arg",
        action="append",
        default=[],
        metavar="ARG",
        help="Extra argument for importseeds, repeatable (e.g. --importseeds-arg=--jobs=1).",
    )
    parser.add_argument(
        "--json", action="store_true", help="Figures as JSON on stdout (the report goes to stderr)."
    )
    args = parser.parse_args(argv)
    figures = run(args)
    if args.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
