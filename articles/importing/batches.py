"""Many files: found, cut into batches, imported in this process or in a pool of workers.

Each file is still its own transaction (``importer.py``); a batch shares one
lookup of the hashes already archived and one contradiction pass.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import multiprocessing
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import Error, connections

from articles import recent_search_index
from articles.importing.contradictions import propose_all_queued
from articles.importing.faults import drop_broken_connection
from articles.importing.importer import FileResult, Importer, Status, shown_path
from articles.importing.statistics import analyze_stale_tables

logger = logging.getLogger(__name__)

# Below this many files a pool of processes costs more than it saves.
PARALLEL_THRESHOLD = 64
# Files handled together: their hashes are looked up in one query.
BATCH_SIZE = 32
# Batches between checks that the planner's statistics still describe the tables.
ANALYZE_EVERY = 16


FOLDER = "a folder"


@dataclass
class SeedScan:
    """What the paths hold: files to import, other entries' results, folders with no file."""

    files: list[Path] = field(default_factory=list)
    # Skipped in a folder; failed when named on the command line or unreadable.
    not_imported: list[FileResult] = field(default_factory=list)
    empty_folders: list[Path] = field(default_factory=list)


def scan_seed_paths(paths: Iterable[Path]) -> SeedScan:
    """Files named on the command line as they are; folders give their *.txt files, sorted.

    Only regular files (or links to them) are imported. Anything else named
    ``*.txt`` in a folder (a folder, a FIFO, a socket, a device, a broken or
    looping link) is skipped, with a result saying what it is; named on the
    command line, it fails. Nothing is opened here: a FIFO would block.
    """
    scan = SeedScan()
    for path in paths:
        kind = entry_kind(path)
        if kind == FOLDER:
            found = _scan_folder(path, scan)
            if not found:
                scan.empty_folders.append(path)
        elif kind is None:
            scan.files.append(path)
        else:
            name = shown_path(path)
            scan.not_imported.append(
                FileResult(name, Status.FAILED, error=f"{name}: {kind}, not a regular file")
            )
    return scan


def find_seed_files(paths: Iterable[Path]) -> list[Path]:
    """The regular files ``scan_seed_paths`` finds."""
    return scan_seed_paths(paths).files


def _scan_folder(folder: Path, scan: SeedScan) -> int:
    """Add the folder's *.txt entries to ``scan``, sorted; how many there were."""
    entries: list[Path] = []

    def unreadable(error: OSError) -> None:
        name = shown_path(error.filename)
        scan.not_imported.append(
            FileResult(
                name, Status.FAILED, error=f"{name}: cannot read the folder: {error.strerror}"
            )
        )

    # Links to folders are not followed: a link to a parent would loop forever.
    for root, folders, names in os.walk(folder, onerror=unreadable):
        entries.extend(Path(root, name) for name in names if name.endswith(".txt"))
        entries.extend(Path(root, name) for name in folders if name.endswith(".txt"))
    for path in sorted(entries):
        kind = entry_kind(path)
        if kind is None:
            scan.files.append(path)
        else:
            name = shown_path(path)
            scan.not_imported.append(
                FileResult(
                    name, Status.SKIPPED, error=f"{name}: {kind}, not a regular file; skipped"
                )
            )
    return len(entries)


def entry_kind(path: Path) -> str | None:
    """None for a regular file (or a link to one), else what the entry is, in words."""
    try:
        info = path.lstat()
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    if stat.S_ISLNK(info.st_mode):
        try:
            info = path.stat()
        except OSError as error:
            if error.errno == errno.ELOOP:
                return "a symbolic link that loops"
            if error.errno == errno.ENOENT:
                target = shown_path(os.readlink(path))
                return f"a broken symbolic link (to {target}, which does not exist)"
            return f"a symbolic link that cannot be followed ({error.strerror})"
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return None
    for test, kind in (
        (stat.S_ISDIR, FOLDER),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return kind
    return "not a file"


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
            results_per_batch = (_import_batch(importer, batch) for batch in batches)
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
                _analyze_stale_tables()
    if not dry_run:
        # Comparisons a killed or failed run left queued: any run completes them.
        _propose_all_queued()
    if not dry_run and batches:
        _analyze_stale_tables()
        _refresh_recent_search_index()


def _propose_all_queued() -> None:
    """``propose_all_queued``, again on a new connection if the first was lost; what is
    still queued after that waits for the next run."""
    for _attempt in (1, 2):
        try:
            propose_all_queued()
        except Error as error:
            logger.warning("comparisons left queued for the next run: %s", error)
        if not drop_broken_connection():
            return


def _analyze_stale_tables() -> None:
    """``analyze_stale_tables``, again on a new connection if the first was lost.

    Statistics only speed later queries up: when they cannot be gathered the
    import has still succeeded, and autovacuum or the next run will gather them.
    """
    for _attempt in (1, 2):
        try:
            analyze_stale_tables()
            return
        except Error:
            if not drop_broken_connection():
                break
    logger.warning("the planner's statistics could not be updated; the files are imported")


def _refresh_recent_search_index() -> None:
    """Build the search index of the newest articles again when the import moved them
    (``recent_search_index.py``). It only speeds searches up: a failure is logged there,
    and the next run tries again."""
    try:
        done = recent_search_index.refresh()
    except Error as error:
        drop_broken_connection()
        logger.warning("the search index of the newest articles was not refreshed: %s", error)
        return
    if done.action == "built":
        logger.info(
            "search index of the newest articles built: from %s, %.0f%% of the articles",
            done.start,
            100 * (done.covered or 0),
        )


_worker_importer: Importer | None = None  # set in each worker process


def _start_worker(dry_run: bool) -> None:
    global _worker_importer
    _worker_importer = Importer(dry_run=dry_run)


def _import_in_worker(paths: Sequence[Path]) -> list[FileResult]:
    assert _worker_importer is not None, "each worker starts with _start_worker"
    return _import_batch(_worker_importer, paths)


def _import_batch(importer: Importer, paths: Sequence[Path]) -> list[FileResult]:
    """One batch, whose errors stay its own: in a worker, one would end the whole pool.

    ``import_paths`` guards each file and its own steps; this is the last resort.
    """
    try:
        return importer.import_paths(paths)
    except Exception as error:
        logger.info("a batch of files failed", exc_info=True)
        drop_broken_connection()
        reason = " ".join(str(error).split())
        return [
            FileResult(
                shown_path(path),
                Status.FAILED,
                error=f"{shown_path(path)}: unexpected error in its batch: "
                f"{type(error).__name__}: {reason}; import the file again",
            )
            for path in paths
        ]
