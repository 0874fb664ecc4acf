"""Growth benchmark: does the import rate hold as the archive grows?

    .venv/bin/python bench/growth_bench.py --files 2000 \\
        --archive postgres://postgres@127.0.0.1:5432/na_bench \\
        --archive postgres://postgres@127.0.0.1:5440/na_1m

The same ``--files`` new files (bench/generate.py with ``--seed`` 1: the archives the
benchmarks build come from seed 0, so none of these is in them) are imported with
``manage.py importseeds --jobs 2`` into an empty database, then into a copy of each
``--archive`` (``CREATE DATABASE … TEMPLATE`` on that archive's own server: the archive
itself is never written, but nobody may be connected to it while it is copied), then into
an empty database again: the two empty runs bracket the others, so a change of the
machine's load during the run shows. Printed: per database its articles before, the
import's wall time (Django's start-up included), articles/s, and the files created. Every
database it makes is dropped at the end.

The empty database is made on the configured server (DATABASE_URL, else the embedded one).
A copy needs the archive's size again on its server's disk. ``--into`` imports into an
archive itself instead, for one too large to copy that is built to be measured and dropped
(the 1,000,000-article set): it keeps the new articles.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.api_bench import drop_database, log, machine  # noqa: E402
from bench.archive import article_count, create_database  # noqa: E402
from bench.generate import generate  # noqa: E402
from bench.import_bench import configured_url, manage, with_database  # noqa: E402

SCRATCH = "newsarchive_growth_bench"


def database_name(db_url: str) -> str:
    return urlsplit(db_url).path.lstrip("/")


def import_into(db_url: str, folder: Path) -> dict:
    """Import the files of ``folder`` into ``db_url``: its size before, time, rate."""
    manage(db_url, "migrate", "--no-input", "-v0")
    before = article_count(db_url)
    seconds, done = manage(db_url, "importseeds", "--jobs", "2", "--json", str(folder))
    summary = json.loads(done.stdout)["summary"]
    return {
        "articles_before": before,
        "seconds": seconds,
        "created": summary["created"],
        "files": summary["total"],
        "rate": summary["total"] / seconds,
        "load": os.getloadavg()[0],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=2000, help="New files to import (2000).")
    parser.add_argument("--seed", type=int, default=1, help="Generator seed (1).")
    parser.add_argument(
        "--archive",
        action="append",
        default=[],
        metavar="URL",
        help="An archive to import into a copy of (repeatable).",
    )
    parser.add_argument(
        "--into",
        action="append",
        default=[],
        metavar="URL",
        help="An archive to import into itself, which keeps the articles (repeatable).",
    )
    args = parser.parse_args(argv)
    empty = with_database(configured_url(), SCRATCH)
    copies = [with_database(url, f"{database_name(url)}_growth_copy") for url in args.archive]
    folder = Path(tempfile.mkdtemp(prefix="growth-bench-seeds-"))
    rows: list[tuple[str, dict]] = []
    try:
        generate(folder, args.files, seed=args.seed)
        log(f"generated {args.files:,} files (seed {args.seed})")
        targets = [("empty", empty, "template0")]
        targets += [
            (database_name(url), copy, database_name(url))
            for url, copy in zip(args.archive, copies, strict=True)
        ]
        targets += [(f"{database_name(url)} (itself)", url, None) for url in args.into]
        targets.append(("empty, again", empty, "template0"))
        for label, db_url, template in targets:
            started = time.perf_counter()
            if template is not None:
                create_database(db_url, template=template)
            if template not in (None, "template0"):
                log(f"copied {template} in {time.perf_counter() - started:.0f} s")
            rows.append((label, import_into(db_url, folder)))
            figures = rows[-1][1]
            log(f"{label}: {figures['rate']:.1f} articles/s ({figures['seconds']:.0f} s)")
            if template is not None:
                drop_database(db_url, database_name(db_url))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        for db_url in [empty, *copies]:
            drop_database(db_url, database_name(db_url))
    print(
        f"Growth benchmark: {args.files:,} new files (seed {args.seed}), importseeds --jobs 2; "
        f"{machine()}"
    )
    print(f"{'into':22}{'articles before':>16}{'seconds':>9}{'articles/s':>12}"
          f"{'created':>9}{'load':>6}")  # fmt: skip
    for label, f in rows:
        print(f"{label:22}{f['articles_before']:16,}{f['seconds']:9.1f}{f['rate']:12.1f}"
              f"{f['created']:9d}{f['load']:6.1f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
