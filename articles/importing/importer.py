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
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.db import DatabaseError, IntegrityError, connection, transaction

from articles.importing.article_writes import article_create, article_update
from articles.importing.contradictions import propose_queued, queue_comparison
from articles.importing.locking import lock_candidates, pick_version_target
from articles.importing.lookups import Lookups
from articles.importing.values import article_fingerprint
from articles.importing.versions import KnownBytes, Version, find_known_bytes, record_versions
from articles.models import ImportedFile
from articles.parsing import ParseError, extract_claims, parse_seed
from articles.parsing.types import ParsedArticle, ParsedClaim

logger = logging.getLogger(__name__)


class Status(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"
    FAILED = "failed"


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
        known = find_known_bytes(hashes.values())
        results = []
        new_names = []
        for path, data in contents:
            if isinstance(data, FileResult):
                results.append(data)
            elif hashes[data] in known:
                result, version = _known_bytes_result(
                    str(path), known[hashes[data]], hashes[data], len(data)
                )
                results.append(result)
                new_names += [version] if version else []
            else:
                results.append(self.import_bytes(path, data))
        if new_names and not self.dry_run:
            _record_known_names(new_names)
        # Compare the batch's new claims with the archive's, after the files are in.
        articles, self._with_new_claims = self._with_new_claims, []
        propose_queued(articles)
        return results

    def import_bytes(self, path: Path, data: bytes) -> FileResult:
        try:
            parsed = parse_seed(data, filename=str(path))
        except ParseError as error:
            return FileResult(str(path), Status.FAILED, error=str(error))
        return self.import_parsed(
            parsed,
            extract_claims(parsed.paragraphs, published_at=parsed.published_at),
            size=len(data),
        )

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
            except DatabaseError as error:
                del self._with_new_claims[written:]
                self._lookups.forget_ids()
                retry = isinstance(error, IntegrityError) or _sqlstate(error) in RETRY_SQLSTATES
                if retry and attempt < ATTEMPTS:
                    continue
                return _failure(parsed, error)
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


def _read(path: Path) -> bytes | FileResult:
    try:
        return path.read_bytes()
    except OSError as error:
        return FileResult(str(path), Status.FAILED, error=f"{path}: cannot read: {error.strerror}")


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


def _failure(parsed: ParsedArticle, error: Exception) -> FileResult:
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return FileResult(
        parsed.filename,
        Status.FAILED,
        error=f"{parsed.filename}: database refused the file: {reason}",
    )


def _sqlstate(error: DatabaseError) -> str | None:
    """PostgreSQL's error code behind a Django database error."""
    return getattr(error.__cause__, "sqlstate", None)
