"""Turn seed files into archive rows: one transaction per file, editors' work kept.

``Importer.import_path`` reads, parses and writes one file and never raises for
a bad file: it returns a ``FileResult`` whose status says what happened. The
management command only loops over files and reports. Within a file's
transaction: the locks and the articles the file may be (``locking.py``), then
the article created or updated (``article_writes.py``), its sources and speakers
found or created (``lookups.py``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import stat
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path, PurePath
from typing import Any

import psycopg
from django.db import Error, IntegrityError, transaction

from articles.importing.article_writes import article_create, article_update
from articles.importing.contradictions import propose_contradictions
from articles.importing.faults import drop_broken_connection, is_connection_lost
from articles.importing.limits import fit_columns
from articles.importing.locking import lock_candidates, pick_version_target
from articles.importing.lookups import Lookups
from articles.importing.values import article_fingerprint
from articles.models import Article
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
        self._with_new_claims: list[tuple[int, dt.datetime | None]] = []

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
        known = self._archived(set(hashes.values()))
        results = []
        for path, data in contents:
            if isinstance(data, FileResult):
                results.append(data)
            elif hashes[data] in known:
                # The same bytes parse the same: the warnings their import recorded, again.
                pk, file_name, warnings = known[hashes[data]]
                results.append(
                    _same_bytes_result(shown_path(path), pk, file_name, warnings=warnings)
                )
            else:
                results.append(self._import_guarded(path, data))
        self._propose_contradictions()
        return results

    def _archived(self, hashes: set[str]) -> dict[str, tuple[int, str, list[str]]]:
        """The articles already holding these bytes, by sha256.

        Only a shortcut: when the query fails (a lost connection, twice), each
        file finds its copy itself, in its own transaction.
        """
        for _attempt in (1, 2):
            try:
                return {
                    sha256: (pk, file_name, warnings)
                    for sha256, pk, file_name, warnings in Article.objects.filter(
                        sha256__in=hashes
                    ).values_list("sha256", "pk", "file_name", "parse_warnings")
                }
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

        Proposals are suggestions for editors: they never fail a file, and a
        batch costs a fixed number of queries rather than a few per article.
        """
        articles, self._with_new_claims = self._with_new_claims, []
        for _attempt in (1, 2):
            try:
                with transaction.atomic():
                    propose_contradictions(articles)
                return
            except IntegrityError:
                continue  # a concurrent importer proposed the same pair first: look again
            except Error as error:
                if is_connection_lost(error) or drop_broken_connection():
                    continue  # the connection was lost: on a new one, once more
                logger.exception("proposing contradictions failed; the files are imported")
                return
            except Exception:
                # Proposals are suggestions: a fault in finding them never fails the files.
                logger.exception("proposing contradictions failed; the files are imported")
                return

    def import_bytes(self, path: Path, data: bytes) -> FileResult:
        try:
            parsed = parse_seed(data, filename=shown_path(path))
            claims = _extract_claims(parsed)
            parsed, claims = fit_columns(parsed, claims)
        except ParseError as error:
            return FileResult(shown_path(path), Status.FAILED, error=str(error))
        return self.import_parsed(parsed, claims)

    def import_parsed(self, parsed: ParsedArticle, claims: Sequence[ParsedClaim]) -> FileResult:
        # A concurrent importer can win a race between our lookup and our insert (the
        # next attempt then finds its rows), or two importers can deadlock, which
        # PostgreSQL resolves by failing one of them: either way, try the file again.
        for attempt in range(1, ATTEMPTS + 1):
            written = len(self._with_new_claims)
            try:
                with transaction.atomic():
                    result = self._write(parsed, claims)
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

    def _write(self, parsed: ParsedArticle, claims: Sequence[ParsedClaim]) -> FileResult:
        """One file, inside its transaction: a copy, an older version, a new article or a
        new version of one."""
        fingerprint = article_fingerprint(parsed)
        # Lock the rows too: an editor saving in the admin must not interleave with us.
        candidates = lock_candidates(parsed, fingerprint)
        warnings = [str(w) for w in parsed.warnings]

        same_bytes = next((a for a in candidates if a.sha256 == parsed.sha256), None)
        if same_bytes is not None:
            return _same_bytes_result(
                parsed.filename, same_bytes.pk, same_bytes.file_name, warnings=warnings
            )

        article = pick_version_target(candidates, parsed, fingerprint)
        if article is None:
            article_id = article_create(
                parsed=parsed, claims=claims, fingerprint=fingerprint, lookups=self._lookups
            )
            if claims:
                self._with_new_claims.append((article_id, parsed.published_at))
            return FileResult(parsed.filename, Status.CREATED, article_id, warnings)

        if article.history.filter(sha256=parsed.sha256).exists():
            warnings.append(f"an older version of article {article.pk}; the newer one is kept")
            return FileResult(parsed.filename, Status.UNCHANGED, article.pk, warnings)

        conflicts = article_update(
            article=article, parsed=parsed, claims=claims, lookups=self._lookups
        )
        if claims:
            self._with_new_claims.append((article.pk, article.published_at))
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


def _same_bytes_result(
    path: str, article_id: int, imported_name: str, *, warnings: list[str]
) -> FileResult:
    """These exact bytes are archived: as the same file (unchanged) or under another name."""
    if PurePath(path).name == imported_name:
        return FileResult(path, Status.UNCHANGED, article_id, warnings)
    note = f"same content as {imported_name} (article {article_id})"
    return FileResult(path, Status.DUPLICATE, article_id, [*warnings, note])


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
