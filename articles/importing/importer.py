"""Turn seed files into archive rows: one transaction per file, editors' work kept.

``Importer.import_path`` reads, parses and writes one file and never raises for
a bad file: it returns a ``FileResult`` whose status says what happened. The
management command only loops over files and reports.

Editors win. Each curated row keeps ``as_imported``, the values the source file
gave last time. On re-import a field takes the file's new value only when the
row still holds the old imported one; when an editor changed it, the editor's
value stays, and when the file changed it too the article records a warning.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import multiprocessing
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path, PurePath

from django.db import DatabaseError, IntegrityError, connection, connections, transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_update_with_history

from articles.importing.contradictions import propose_contradictions
from articles.importing.rows import insert_rows, insert_with_children
from articles.importing.statistics import analyze_stale_tables
from articles.importing.values import (
    CLAIM_FIELDS,
    article_fingerprint,
    article_values,
    article_values_of,
    claim_fields,
    claim_values,
    claim_values_of,
    digests,
    from_snapshot,
    image_values,
    image_values_of,
    merge_three_way,
    normalize_name,
    statement_key,
)
from articles.models import Article, Claim, Image, Source, Speaker
from articles.parsing import ParseError, extract_claims, parse_seed
from articles.parsing.types import ParsedArticle, ParsedClaim, ParsedImage

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

    def as_dict(self) -> dict:
        return {**asdict(self), "status": str(self.status)}


def find_seed_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named on the command line as they are; folders give their *.txt files, sorted."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.txt") if p.is_file())
        else:
            yield path


# Return the ids of all the names asked for: a name an editor made an alias
# (or merged away) resolves to its speaker; unknown names become new speakers.
SPEAKERS_GET_OR_CREATE_SQL = """
WITH wanted (normalized_name, name, kind) AS (
    SELECT * FROM unnest(%s::text[], %s::text[], %s::text[])
),
aliased AS (
    SELECT normalized_name, speaker_id AS id
    FROM articles_speakeralias JOIN wanted USING (normalized_name)
),
created AS (
    INSERT INTO articles_speaker (name, normalized_name, kind, created_at)
    SELECT name, normalized_name, kind, now() FROM wanted
    WHERE normalized_name NOT IN (SELECT normalized_name FROM aliased)
    ORDER BY normalized_name
    ON CONFLICT (normalized_name) DO NOTHING
    RETURNING normalized_name, id
)
SELECT normalized_name, id FROM aliased
UNION ALL
SELECT normalized_name, id FROM created
UNION ALL
SELECT normalized_name, id FROM articles_speaker JOIN wanted USING (normalized_name)
WHERE normalized_name NOT IN (SELECT normalized_name FROM aliased)
"""

# Other names the article gives its speakers (an acronym in brackets); a name already taken by a
# speaker or another alias stays as it is (an editor can merge the two).
SPEAKER_ALIASES_SQL = """
INSERT INTO articles_speakeralias (speaker_id, name, normalized_name, created_at)
SELECT speaker_id, name, normalized_name, now()
FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS given (speaker_id, name, normalized_name)
WHERE NOT EXISTS (
    SELECT 1 FROM articles_speaker s WHERE s.normalized_name = given.normalized_name
)
ORDER BY normalized_name
ON CONFLICT (normalized_name) DO NOTHING
"""

# Articles a file may be (a copy or a new version of), locked for this transaction.
# An empty external id matches nothing: the partial index skips those rows.
CANDIDATES_SQL = """
SELECT id FROM articles_article
WHERE sha256 = %s OR fingerprint = %s OR (external_id = %s AND external_id <> '')
FOR UPDATE
"""

# Tries per file when the database refuses it for a reason a retry can settle:
# a lost race (IntegrityError), a deadlock or a serialisation failure.
ATTEMPTS = 3
RETRY_SQLSTATES = frozenset({"40P01", "40001"})

# Below this many files a pool of processes costs more than it saves.
PARALLEL_THRESHOLD = 64
# Files handled together: their hashes are looked up in one query.
BATCH_SIZE = 32
# Batches between checks that the planner's statistics still describe the tables.
ANALYZE_EVERY = 16


def import_files(
    paths: Sequence[Path], *, dry_run: bool = False, jobs: int = 1
) -> Iterator[FileResult]:
    """Import ``paths`` in order, each in its own transaction; yield one result per file.

    With ``jobs`` > 1 (and enough files) worker processes each parse and write
    whole files on their own connection; results still come back in order.
    Every ``ANALYZE_EVERY`` batches, and at the end, tables whose planner
    statistics lag behind what was written are analyzed (``statistics.py``).
    """
    batches = [paths[start : start + BATCH_SIZE] for start in range(0, len(paths), BATCH_SIZE)]
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
    if not dry_run and batches:
        analyze_stale_tables()


_worker_importer = None  # set in each worker process


def _start_worker(dry_run: bool) -> None:
    global _worker_importer
    _worker_importer = Importer(dry_run=dry_run)


def _import_in_worker(paths: Sequence[Path]) -> list[FileResult]:
    return _worker_importer.import_paths(paths)


class Importer:
    """Imports files one by one; caches sources and speakers across files of one run."""

    def __init__(self, *, dry_run: bool = False):
        self.dry_run = dry_run
        self._source_ids: dict[str, int] = {}
        self._speaker_ids: dict[str, int] = {}
        # Articles of the current batch whose claims still need comparing with the archive's.
        self._with_new_claims: list[tuple[int, dt.datetime | None]] = []
        self._aliases_seen: set[str] = set()

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
        known = {
            sha256: (pk, file_name, warnings)
            for sha256, pk, file_name, warnings in Article.objects.filter(
                sha256__in=set(hashes.values())
            ).values_list("sha256", "pk", "file_name", "parse_warnings")
        }
        results = []
        for path, data in contents:
            if isinstance(data, FileResult):
                results.append(data)
            elif hashes[data] in known:
                # The same bytes parse the same: the warnings their import recorded, again.
                pk, file_name, warnings = known[hashes[data]]
                results.append(_same_bytes_result(str(path), pk, file_name, warnings=warnings))
            else:
                results.append(self.import_bytes(path, data))
        self._propose_contradictions()
        return results

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
            except DatabaseError:
                logger.exception("proposing contradictions failed; the files are imported")
                return

    def import_bytes(self, path: Path, data: bytes) -> FileResult:
        try:
            parsed = parse_seed(data, filename=str(path))
        except ParseError as error:
            return FileResult(str(path), Status.FAILED, error=str(error))
        return self.import_parsed(
            parsed, extract_claims(parsed.paragraphs, published_at=parsed.published_at)
        )

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
            except DatabaseError as error:
                del self._with_new_claims[written:]
                # Ids cached during the rolled-back transaction may name rows that are gone.
                self._source_ids.clear()
                self._speaker_ids.clear()
                retry = isinstance(error, IntegrityError) or _sqlstate(error) in RETRY_SQLSTATES
                if retry and attempt < ATTEMPTS:
                    continue
                return self._failure(parsed, error)
            if self.dry_run:
                del self._with_new_claims[written:]  # nothing was written to compare
            return result
        raise AssertionError("unreachable")

    # -- one file, inside its transaction -------------------------------------------------

    def _write(self, parsed: ParsedArticle, claims: Sequence[ParsedClaim]) -> FileResult:
        file_name = PurePath(parsed.filename).name
        fingerprint = article_fingerprint(parsed)
        # Lock the rows too: an editor saving in the admin must not interleave with us.
        # Most files are new articles: one plain statement finds that out, and only the
        # articles it finds (and locks) are loaded as models. Sent with the locks in one
        # round trip (a pipeline), yet run after them, with a snapshot taken after them.
        connection.ensure_connection()
        with connection.connection.pipeline(), connection.cursor() as cursor:
            _start_file_transaction(
                cursor, lock_keys=file_lock_keys(fingerprint, parsed.external_id)
            )
            cursor.execute(CANDIDATES_SQL, [parsed.sha256, fingerprint, parsed.external_id])
            candidate_ids = [row[0] for row in cursor.fetchall()]
        candidates = (
            list(Article.objects.select_related("source").filter(pk__in=candidate_ids))
            if candidate_ids
            else []
        )
        warnings = [str(w) for w in parsed.warnings]

        same_bytes = next((a for a in candidates if a.sha256 == parsed.sha256), None)
        if same_bytes is not None:
            return _same_bytes_result(
                parsed.filename, same_bytes.pk, same_bytes.file_name, warnings=warnings
            )

        article = _pick_version_target(candidates, parsed, fingerprint)
        if article is None:
            article_id = self._create(parsed, claims, fingerprint=fingerprint, file_name=file_name)
            return FileResult(parsed.filename, Status.CREATED, article_id, warnings)

        if article.history.filter(sha256=parsed.sha256).exists():
            warnings.append(f"an older version of article {article.pk}; the newer one is kept")
            return FileResult(parsed.filename, Status.UNCHANGED, article.pk, warnings)

        conflicts = self._update(article, parsed, claims, file_name=file_name)
        return FileResult(parsed.filename, Status.UPDATED, article.pk, warnings + conflicts)

    def _create(
        self,
        parsed: ParsedArticle,
        claims: Sequence[ParsedClaim],
        *,
        fingerprint: str,
        file_name: str,
    ) -> int:
        """Write a new article with its images, claims and their '+' revisions; its id."""
        values = article_values(parsed)
        row = {
            "external_id": parsed.external_id or "",
            "fingerprint": fingerprint,
            "source_id": self._source_id(parsed.source_name),
            "as_imported": digests(values),
            **{
                name: from_snapshot(name, value)
                for name, value in values.items()
                if name != "source"
            },
            **_provenance(parsed, file_name),
        }
        article_id = insert_with_children(
            Article,
            row,
            [
                (Image, "article_id", [_new_image(None, image) for image in parsed.images]),
                (Claim, "article_id", self._new_claims(None, _unique_claims(claims))),
            ],
            reason=f"imported from {file_name}",
        )
        if claims:
            self._with_new_claims.append((article_id, row["published_at"]))
        return article_id

    def _update(
        self,
        article: Article,
        parsed: ParsedArticle,
        claims: Sequence[ParsedClaim],
        *,
        file_name: str,
    ) -> list[str]:
        reason = f"updated from {file_name}"
        imported = article_values(parsed)
        merged, conflicts = merge_three_way(
            article.as_imported, article_values_of(article), imported
        )
        for name, value in merged.items():
            if name == "source":
                article.source_id = self._source_id(value)
            else:
                setattr(article, name, from_snapshot(name, value))
        for name, value in _provenance(parsed, file_name).items():
            setattr(article, name, value)
        article.as_imported = digests(imported)
        notes = [
            f"{name}: kept the editor's value; the new file says {_shorten(value)}"
            for name, value in conflicts.items()
        ]
        article.merge_warnings = list(dict.fromkeys([*article.merge_warnings, *notes]))
        article._change_reason = reason
        article.save()
        notes += self._update_images(article, parsed.images, reason)
        self._update_claims(article, _unique_claims(claims), reason)
        if claims:
            self._with_new_claims.append((article.pk, article.published_at))
        return notes

    def _update_images(
        self, article: Article, images: Sequence[ParsedImage], reason: str
    ) -> list[str]:
        existing = list(article.images.order_by("position", "id"))
        notes: list[str] = []
        changed: list[Image] = []
        for row, image in zip(existing, images, strict=False):
            merged, conflicts = merge_three_way(
                row.as_imported, image_values_of(row), image_values(image)
            )
            for name, value in merged.items():
                setattr(row, name, value)
            row.as_imported = digests(image_values(image))
            changed.append(row)
            notes += [f"image {row.pk} {name}: kept the editor's value" for name in conflicts]
        if changed:
            bulk_update_with_history(
                changed,
                Image,
                ["position", "caption", "credit", "is_lead", "as_imported"],
                default_change_reason=reason,
            )
        for row in existing[len(images) :]:
            untouched = digests(image_values_of(row)) == row.as_imported
            if untouched and not row.file and not row.alt_text:
                row._change_reason = f"no longer in {reason.removeprefix('updated from ')}"
                row.delete()
            else:
                notes.append(
                    f"image {row.pk} is gone from the new file; kept because an editor changed it"
                )
        new = [_new_image(article.pk, image) for image in images[len(existing) :]]
        insert_rows(Image, new, reason=reason)
        return notes

    def _new_claims(self, article_id: int | None, claims: dict[str, ParsedClaim]) -> list[dict]:
        """New claim rows as field values, for ``rows.py`` (``insert_with_children`` gives
        them their article when ``article_id`` is None)."""
        speaker_ids = self._speaker_id_map(claims.values())
        rows = []
        for key, claim in claims.items():
            values = claim_values(claim, speaker_ids)
            rows.append(
                {
                    "article_id": article_id,
                    "statement_key": key,
                    "as_imported": digests(values),
                    **claim_fields(values),
                }
            )
        return rows

    def _update_claims(self, article: Article, claims: dict[str, ParsedClaim], reason: str) -> None:
        existing = {claim.statement_key: claim for claim in article.claims.all()}
        speaker_ids = self._speaker_id_map(claims.values())
        changed = []
        for key, row in existing.items():
            if key in claims:
                new = claim_values(claims[key], speaker_ids)
                merged, _ = merge_three_way(row.as_imported, claim_values_of(row), new)
                for name, value in claim_fields(merged).items():
                    setattr(row, name, value)
                row.as_imported = digests(new)
                row.in_current_text = True
                changed.append(row)
            elif row.origin == Claim.Origin.IMPORTED and row.status == Claim.Status.UNREVIEWED:
                # Nobody worked on it: it goes, and its history says so.
                row._change_reason = "statement no longer in the text"
                row.delete()
            elif row.in_current_text:
                # Reviewed (or added by an editor): kept, marked, never silently dropped.
                row.in_current_text = False
                changed.append(row)
        if changed:
            bulk_update_with_history(
                changed,
                Claim,
                [*CLAIM_FIELDS, "as_imported", "in_current_text"],
                default_change_reason=reason,
            )
        new = {key: claim for key, claim in claims.items() if key not in existing}
        insert_rows(Claim, self._new_claims(article.pk, new), reason=reason)

    # -- shared rows ----------------------------------------------------------------------

    def _source_id(self, name: str | None) -> int | None:
        if not name:
            return None
        if name not in self._source_ids:
            source = Source.objects.filter(name=name).first()
            if source is None:
                source, _ = Source.objects.get_or_create(
                    name=name, defaults={"slug": _free_slug(name), "language": "ar"}
                )
            self._source_ids[name] = source.pk
        return self._source_ids[name]

    def _speaker_id_map(self, claims: Iterable[ParsedClaim]) -> dict[str, int]:
        """Speaker ids by normalised name, creating the missing speakers (one round trip).

        A new speaker gets the kind the wording shows (person, organisation,
        unnamed source), and the other names the article gives it become aliases.
        """
        claims = [claim for claim in claims if claim.speaker]
        wanted = {normalize_name(claim.speaker): claim for claim in claims}
        # Sorted, and inserted in that order: two importers creating the same speakers
        # then wait for each other in the same order instead of deadlocking.
        missing = {key: wanted[key] for key in sorted(wanted) if key not in self._speaker_ids}
        if missing:
            with connection.cursor() as cursor:
                cursor.execute(
                    SPEAKERS_GET_OR_CREATE_SQL,
                    [
                        list(missing),
                        [claim.speaker for claim in missing.values()],
                        [str(claim.speaker_kind) for claim in missing.values()],
                    ],
                )
                self._speaker_ids.update(cursor.fetchall())
            if not missing.keys() <= self._speaker_ids.keys():
                # Created by a concurrent importer after our statement began: read them now.
                self._speaker_ids.update(
                    Speaker.objects.filter(normalized_name__in=missing).values_list(
                        "normalized_name", "pk"
                    )
                )
        self._record_aliases(claims)
        return {key: self._speaker_ids[key] for key in wanted}

    def _record_aliases(self, claims: Iterable[ParsedClaim]) -> None:
        aliases = {}
        for claim in claims:
            speaker_id = self._speaker_ids.get(normalize_name(claim.speaker))
            for alias in claim.speaker_aliases:
                key = normalize_name(alias)
                if speaker_id and key and key not in self._aliases_seen:
                    aliases.setdefault(key, (speaker_id, alias))
        self._aliases_seen.update(aliases)
        aliases = dict(sorted(aliases.items()))  # the same order in every importer
        if aliases:
            with connection.cursor() as cursor:
                cursor.execute(
                    SPEAKER_ALIASES_SQL,
                    [
                        [speaker_id for speaker_id, _ in aliases.values()],
                        [alias for _, alias in aliases.values()],
                        list(aliases),
                    ],
                )

    def _failure(self, parsed: ParsedArticle, error: Exception) -> FileResult:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return FileResult(
            parsed.filename,
            Status.FAILED,
            error=f"{parsed.filename}: database refused the file: {reason}",
        )


# -- helpers -------------------------------------------------------------------------------


def _shorten(value, limit: int = 120) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _read(path: Path) -> bytes | FileResult:
    try:
        return path.read_bytes()
    except OSError as error:
        return FileResult(str(path), Status.FAILED, error=f"{path}: cannot read: {error.strerror}")


def _same_bytes_result(
    path: str, article_id: int, imported_name: str, *, warnings: list[str]
) -> FileResult:
    """These exact bytes are archived: as the same file (unchanged) or under another name."""
    if PurePath(path).name == imported_name:
        return FileResult(path, Status.UNCHANGED, article_id, warnings)
    note = f"same content as {imported_name} (article {article_id})"
    return FileResult(path, Status.DUPLICATE, article_id, [*warnings, note])


def _pick_version_target(
    candidates: list[Article], parsed: ParsedArticle, fingerprint: str
) -> Article | None:
    """The article this file is a new version of: same id in the name, else same fingerprint."""
    if parsed.external_id:
        by_id = next((a for a in candidates if a.external_id == parsed.external_id), None)
        if by_id is not None:
            return by_id
    return next(
        (
            a
            for a in candidates
            if a.fingerprint == fingerprint and a.external_id in ("", parsed.external_id)
        ),
        None,
    )


def _sqlstate(error: DatabaseError) -> str | None:
    """PostgreSQL's error code behind a Django database error."""
    return getattr(error.__cause__, "sqlstate", None)


def file_lock_keys(fingerprint: str, external_id: str) -> list[str]:
    """What an importer locks for a file: the article it may be, by either key."""
    return [f"fingerprint:{fingerprint}", f"external:{external_id}"]


def advisory_lock_ids(lock_keys: list[str]) -> list[int]:
    """The advisory lock numbers for ``lock_keys``, in the order they are taken."""
    return sorted(
        {
            int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
            for key in lock_keys
        }
    )


def _start_file_transaction(cursor, *, lock_keys: list[str]) -> None:
    """Lock the article's keys and relax this transaction's commit, in one statement.

    The locks serialise importers working on the same article (two
    `importseeds` at once): transaction-scoped advisory locks, taken in sorted
    order so two files can never deadlock.

    ``synchronous_commit`` off lets the COMMIT return before the WAL reaches the
    disk. Safe here: a crash can lose at most the last fraction of a second of
    imports, never corrupt anything, and re-running importseeds restores them
    from the files. Editors' transactions keep the default, and as the WAL is
    written in order, an editor's durable commit makes every import before it
    durable too.
    """
    ids = advisory_lock_ids(lock_keys)
    locks = ", ".join(["pg_advisory_xact_lock(%s)"] * len(ids))
    cursor.execute(f"SELECT set_config('synchronous_commit', 'off', true), {locks}", ids)


def _provenance(parsed: ParsedArticle, file_name: str) -> dict:
    return {
        "file_name": file_name,
        "sha256": parsed.sha256,
        "encoding": parsed.encoding,
        "imported_at": timezone.now(),
        "parser_version": parsed.parser_version,
        "parse_warnings": [str(w) for w in parsed.warnings],
    }


def _new_image(article_id: int | None, image: ParsedImage) -> dict:
    """A new image row as field values (as ``_new_claims``)."""
    values = image_values(image)
    return {"article_id": article_id, "as_imported": digests(values), **values}


def _unique_claims(claims: Sequence[ParsedClaim]) -> dict[str, ParsedClaim]:
    unique: dict[str, ParsedClaim] = {}
    for claim in claims:
        unique.setdefault(statement_key(claim.statement), claim)
    return unique


def _free_slug(name: str) -> str:
    base = slugify(name, allow_unicode=True)[:180] or "source"
    slug, n = base, 1
    while Source.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
