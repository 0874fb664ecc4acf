"""Turn seed files into archive rows: one transaction per file, editors' work kept.

``Importer.import_path`` reads, parses and writes one file and never raises for
a bad file: it returns a ``FileResult`` whose status says what happened. The
management command only loops over files and reports. Within a file's
transaction: the locks and the articles the file may be (``locking.py``), then
the article created or updated (``article_writes.py``), its sources and speakers
found or created (``lookups.py``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import psycopg
from django.db import DatabaseError, Error, IntegrityError, connection, transaction

from articles.importing.article_writes import article_create, article_update
from articles.importing.contradictions import propose_queued, queue_comparison
from articles.importing.faults import drop_broken_connection, is_connection_lost
from articles.importing.limits import fit_columns
from articles.importing.locking import lock_candidates, pick_version_target
from articles.importing.lookups import Lookups
from articles.importing.values import article_fingerprint
from articles.importing.versions import KnownBytes, Version, find_known_bytes, record_versions
from articles.models import ImportedFile
from articles.parsing import BlockKind, ParseError, extract_claims, parse_seed
from articles.parsing.seed import MAX_FILE_BYTES
from articles.parsing.types import ParsedArticle, ParsedClaim

logger = logging.getLogger(__name__)


class Status(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"
    FAILED = "failed"
    SKIPPED = "skipped"  # not a regular file (a folder, a FIFO, a broken link, …): never opened


@dataclass
class FileResult:
    path: str
    status: Status
    article_id: int | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "status": str(self.status)}


# Tries per file when the database refuses it for a reason a retry can settle:
# a lost race (IntegrityError), a deadlock or a serialisation failure.
ATTEMPTS = 3
RETRY_SQLSTATES = frozenset({"40P01", "40001"})


class Importer:
    """Imports files one by one; caches sources and speakers across files of one run."""

    def __init__(self, *, dry_run: bool = False):
        self.dry_run = dry_run
        self._lookups = Lookups()
        # Articles of the current batch whose claims still need comparing with the archive's.
        self._with_new_claims: list[int] = []

    def import_path(self, path: Path) -> FileResult:
        return self.import_paths([path])[0]

    def import_paths(self, paths: Sequence[Path]) -> list[FileResult]:
        """Import each file in its own transaction.

        Bytes already archived need no parsing: one query finds them for the
        whole batch, so re-importing a folder mostly reads and hashes it.
        """
        contents = [(path, _read(path)) for path in paths]
        hashes = {
            data: hashlib.sha256(data).hexdigest()
            for _, data in contents
            if isinstance(data, bytes)
        }
        # Every version ever imported counts, not only the articles' current ones.
        known = self._archived(hashes.values())
        results = []
        new_names = []
        for path, data in contents:
            if isinstance(data, FileResult):
                results.append(data)
            elif hashes[data] in known:
                result, version = _known_bytes_result(
                    shown_path(path), known[hashes[data]], hashes[data], len(data)
                )
                results.append(result)
                new_names += [version] if version else []
            else:
                results.append(self._import_guarded(path, data))
        if new_names and not self.dry_run:
            _record_known_names(new_names)
        self._propose_contradictions()
        return results

    def _archived(self, hashes: Iterable[str]) -> dict[str, KnownBytes]:
        """The archived versions among these sha256 values.

        Only a shortcut: when the query fails (a lost connection, twice), each
        file finds its copy itself, in its own transaction.
        """
        for _attempt in (1, 2):
            try:
                return find_known_bytes(hashes)
            except Error:
                logger.info("looking up archived files failed", exc_info=True)
                if not drop_broken_connection():
                    break
        return {}

    def _import_guarded(self, path: Path, data: bytes) -> FileResult:
        """``import_bytes``, where no exception of any kind goes past this file."""
        written = len(self._with_new_claims)
        try:
            return self.import_bytes(path, data)
        except Exception as error:
            del self._with_new_claims[written:]
            self._lookups.forget_ids()
            drop_broken_connection()
            # The traceback is for developers (DJANGO_LOG_LEVEL=INFO); the file's line says what.
            logger.info("unexpected error importing %s", shown_path(path), exc_info=True)
            return FileResult(
                shown_path(path),
                Status.FAILED,
                error=f"{shown_path(path)}: unexpected error: {_describe(error)}",
            )

    def _propose_contradictions(self) -> None:
        """Compare the batch's new claims with the archive's, after the files are in.

        Proposals are suggestions for editors: they never fail a file. What cannot be
        compared now (a lost connection, twice) stays queued, and the next run compares it.
        """
        articles, self._with_new_claims = self._with_new_claims, []
        for _attempt in (1, 2):
            try:
                propose_queued(articles)
            except Exception:
                logger.exception("proposing contradictions failed; the articles stay queued")
            if not drop_broken_connection():
                return

    def import_bytes(self, path: Path, data: bytes) -> FileResult:
        try:
            parsed = parse_seed(data, filename=shown_path(path))
            claims = _extract_claims(parsed)
            parsed, claims = fit_columns(parsed, claims)
        except ParseError as error:
            return FileResult(shown_path(path), Status.FAILED, error=str(error))
        return self.import_parsed(parsed, claims, size=len(data))

    def import_parsed(
        self, parsed: ParsedArticle, claims: Sequence[ParsedClaim], *, size: int | None = None
    ) -> FileResult:
        # A concurrent importer can win a race between our lookup and our insert (the
        # next attempt then finds its rows), or two importers can deadlock, which
        # PostgreSQL resolves by failing one of them: either way, try the file again.
        for attempt in range(1, ATTEMPTS + 1):
            written = len(self._with_new_claims)
            try:
                with transaction.atomic():
                    result = self._write(parsed, claims, size)
                    if self.dry_run:
                        transaction.set_rollback(True)
            except (Error, psycopg.Error) as error:
                # psycopg's own errors: from the pipeline locking.py opens on the raw connection.
                del self._with_new_claims[written:]
                self._lookups.forget_ids()
                # A lost connection fails the file in flight; on a new one it may go in.
                lost = is_connection_lost(error) or drop_broken_connection()
                retry = (
                    lost or isinstance(error, IntegrityError) or _sqlstate(error) in RETRY_SQLSTATES
                )
                if retry and attempt < ATTEMPTS:
                    continue
                return _failure(parsed, error, connection_lost=lost)
            if self.dry_run:
                del self._with_new_claims[written:]  # nothing was written to compare
            return result
        raise AssertionError("unreachable")

    def _write(
        self, parsed: ParsedArticle, claims: Sequence[ParsedClaim], size: int | None
    ) -> FileResult:
        """One file, inside its transaction: a copy, an older version, a new article or a
        new version of one."""
        fingerprint = article_fingerprint(parsed)
        # Lock the rows too: an editor saving in the admin must not interleave with us.
        candidates = lock_candidates(parsed, fingerprint)
        warnings = [str(w) for w in parsed.warnings]

        # Bytes a concurrent importer archived since the batch looked: the same bytes take
        # the same fingerprint lock, so it has committed, and its article is a candidate.
        # (Without candidates, a new article: no query.)
        known = find_known_bytes([parsed.sha256]).get(parsed.sha256) if candidates else None
        if known is not None:
            result, version = _known_bytes_result(parsed.filename, known, parsed.sha256, size)
            record_versions([version] if version else [])
            return result

        def recorded(outcome: ImportedFile.Outcome, article_id: int) -> None:
            """The file's version, and its article queued for comparison: one round trip."""
            version = Version(
                article_id, parsed.sha256, size, parsed.filename, parsed.parser_version, outcome
            )
            with connection.connection.pipeline():
                record_versions([version])
                if claims:
                    queue_comparison(article_id)
            if claims:
                self._with_new_claims.append(article_id)

        article = pick_version_target(candidates, parsed, fingerprint)
        if article is None:
            article_id = article_create(
                parsed=parsed, claims=claims, fingerprint=fingerprint, lookups=self._lookups
            )
            recorded(ImportedFile.Outcome.CREATED, article_id)
            return FileResult(parsed.filename, Status.CREATED, article_id, warnings)

        conflicts = article_update(
            article=article, parsed=parsed, claims=claims, lookups=self._lookups
        )
        recorded(ImportedFile.Outcome.UPDATED, article.pk)
        return FileResult(parsed.filename, Status.UPDATED, article.pk, warnings + conflicts)


def shown_path(path: Path | str) -> str:
    """The path as reports and the archive show it.

    A name that is not UTF-8 (bytes of another encoding) keeps its odd bytes
    as ``\\xNN``: Python holds them as lone surrogates, which neither
    PostgreSQL nor a JSON report can carry.
    """
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _read(path: Path) -> bytes | FileResult:
    """The file's bytes, when it is (still) a regular file within the size limit.

    Opened without waiting (a FIFO put in its place since the folder was read
    must not hang the run) and checked before reading.
    """
    name = shown_path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        return FileResult(name, Status.FAILED, error=f"{name}: cannot read: {error.strerror}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return FileResult(name, Status.FAILED, error=f"{name}: not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            return FileResult(name, Status.FAILED, error=f"{name}: {_too_large(info.st_size)}")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as file:
            data = file.read(MAX_FILE_BYTES + 1)  # a file still growing stops here
    except OSError as error:
        return FileResult(name, Status.FAILED, error=f"{name}: cannot read: {error.strerror}")
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        return FileResult(name, Status.FAILED, error=f"{name}: {_too_large(len(data))}")
    return data


def _too_large(size: int) -> str:
    return f"file too large: {size:,} bytes (the limit is {MAX_FILE_BYTES:,})"


def _extract_claims(parsed: ParsedArticle) -> list[ParsedClaim]:
    """The article's claims; an error in finding them names the paragraph's line.

    Finding claims should never fail, but if it does, the paragraph that makes
    it fail on its own is the one to look at.
    """
    try:
        return list(extract_claims(parsed.paragraphs, published_at=parsed.published_at))
    except Exception as error:
        logger.info("finding claims failed in %s", parsed.filename, exc_info=True)
        raise ParseError(
            f"finding the claims failed: {_describe(error)}",
            filename=parsed.filename,
            line=_failing_paragraph_line(parsed),
        ) from error


def _failing_paragraph_line(parsed: ParsedArticle) -> int | None:
    paragraphs = [block for block in parsed.blocks if block.kind is BlockKind.PARAGRAPH]
    for block in paragraphs:
        try:
            extract_claims([block.text], published_at=parsed.published_at)
        except Exception:
            return block.line
    return None


def _describe(error: BaseException) -> str:
    message = " ".join(str(error).split())
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _known_bytes_result(
    path: str, known: KnownBytes, sha256: str, size: int | None
) -> tuple[FileResult, Version | None]:
    """These exact bytes are archived (as the current version or an older one): the same
    file again (unchanged) or the same bytes under another name (a duplicate, whose name
    is then recorded as a version too)."""
    same_name, notes = known.describe(path)
    if same_name:
        return FileResult(path, Status.UNCHANGED, known.article_id, notes), None
    outcome = ImportedFile.Outcome.DUPLICATE if known.current else ImportedFile.Outcome.OLDER
    version = Version(known.article_id, sha256, size, path, "", outcome)
    return FileResult(path, Status.DUPLICATE, known.article_id, notes), version


def _record_known_names(versions: list[Version]) -> None:
    """Record the names archived bytes came under again. The rows' article may be locked
    by a concurrent importer's file that also records one of them (a deadlock PostgreSQL
    breaks by failing one side): tried again; an article deleted meanwhile takes its
    versions with it, and a name not recorded now is recorded by the next run."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with transaction.atomic():
                record_versions(versions)
            return
        except DatabaseError as error:
            if _sqlstate(error) in RETRY_SQLSTATES and attempt < ATTEMPTS:
                continue
            logger.warning("file versions not recorded: %s", error)
            return


# PostgreSQL's limit on one tsvector (1 MB), met by a body of very many distinct
# words: the search vector is a generated column, so the article cannot be stored.
_PROGRAM_LIMIT_EXCEEDED = "54000"


def _failure(
    parsed: ParsedArticle, error: Error | psycopg.Error, *, connection_lost: bool
) -> FileResult:
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if connection_lost:
        what = f"the database connection was lost ({reason}); import the file again"
    elif _sqlstate(error) == _PROGRAM_LIMIT_EXCEEDED and "tsvector" in reason:
        what = f"too many distinct words for the search index: {reason}"
    else:
        what = f"database refused the file: {reason}"
    return FileResult(parsed.filename, Status.FAILED, error=f"{parsed.filename}: {what}")


def _sqlstate(error: Error | psycopg.Error) -> str | None:
    """PostgreSQL's error code of a psycopg error, or behind a Django database error."""
    return getattr(error, "sqlstate", None) or getattr(error.__cause__, "sqlstate", None)
