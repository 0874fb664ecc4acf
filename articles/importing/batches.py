"""Many files: found, cut into batches, imported in this process or in a pool of workers.

Each file is still its own transaction (``importer.py``); a batch shares one
lookup of the hashes already archived and one contradiction pass.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from django.db import connections

from articles.importing.contradictions import propose_all_queued
from articles.importing.importer import FileResult, Importer
from articles.importing.statistics import analyze_stale_tables

# Below this many files a pool of processes costs more than it saves.
PARALLEL_THRESHOLD = 64
# Files handled together: their hashes are looked up in one query.
BATCH_SIZE = 32
# Batches between checks that the planner's statistics still describe the tables.
ANALYZE_EVERY = 16


def find_seed_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named on the command line as they are; folders give their *.txt files, sorted."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.txt") if p.is_file())
        else:
            yield path


def import_files(
    paths: Sequence[Path], *, dry_run: bool = False, jobs: int = 1
) -> Iterator[FileResult]:
    """Import ``paths`` in order, each in its own transaction; yield one result per file.

    With ``jobs`` > 1 (and enough files) worker processes each parse and write
    whole files on their own connection; results still come back in order.
    Every ``ANALYZE_EVERY`` batches, and at the end, tables whose planner
    statistics lag behind what was written are analyzed (``statistics.py``).
    The run ends by comparing every article still queued for contradictions
    (``contradictions.py``), its own or an interrupted run's.
    """
    batches = [paths[start : start + BATCH_SIZE] for start in range(0, len(paths), BATCH_SIZE)]
    results_per_batch: Iterator[list[FileResult]]
    with contextlib.ExitStack() as stack:
        if jobs <= 1 or len(paths) < PARALLEL_THRESHOLD:
            importer = Importer(dry_run=dry_run)
            results_per_batch = map(importer.import_paths, batches)
        else:
            # Children must open their own connections, never share the parent's socket.
            connections.close_all()
            context = multiprocessing.get_context("fork")
            pool = stack.enter_context(
                context.Pool(jobs, initializer=_start_worker, initargs=(dry_run,))
            )
            results_per_batch = pool.imap(_import_in_worker, batches)
        for number, results in enumerate(results_per_batch, start=1):
            yield from results
            if not dry_run and number % ANALYZE_EVERY == 0:
                analyze_stale_tables()
    if not dry_run:
        # Comparisons a killed or failed run left queued: any run completes them.
        propose_all_queued()
    if not dry_run and batches:
        analyze_stale_tables()


_worker_importer: Importer | None = None  # set in each worker process


def _start_worker(dry_run: bool) -> None:
    global _worker_importer
    _worker_importer = Importer(dry_run=dry_run)


def _import_in_worker(paths: Sequence[Path]) -> list[FileResult]:
    assert _worker_importer is not None, "each worker starts with _start_worker"
    return _worker_importer.import_paths(paths)
