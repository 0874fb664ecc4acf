"""Claims extracted anew from archived articles whose parser version is older than the code's.

The importer stores the parser version each article was read with; when the
rules improve, ``reextract_article`` runs the current extractor over the
article's text as archived (the body editors see, their edits included) and
brings its claims up to date, in one transaction per article:

- claims an editor worked on (``is_editors``: added, reviewed, assigned, noted)
  and claims with a relation an editor decided are **kept untouched**, even when
  the new rules no longer find them; a new claim with the same statement is not
  added beside them;
- an unreviewed claim the new rules find again (the same statement) is
  **updated** with the three-way merge the importer uses, so a field an editor
  corrected keeps the editor's value;
- an unreviewed claim they no longer find is **deleted**, and the claims they
  find that the article lacked are **added**; a deleted claim whose span the new
  claim overlaps counts as replaced;
- a speaker is looked up by name and alias as on import (never duplicated). A
  speaker left without claims whose name is the new speaker's name with a role
  around it ("محامي الجماعة، أحمد علي" for "أحمد علي") is merged into it
  (``speaker_merge``), its name becoming an alias;
- the contradiction proposals of changed claims are refreshed: the undecided ones
  go, and the article is compared with its neighbours again;
- the article takes the current parser version, so a second run has nothing to do.

Every write is a revision with the reason ``re-extracted …``, as the importer
records its own; the article gets one when its claims changed (an article whose
claims were right already only has its version noted, as an unchanged import
leaves no revision).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from simple_history.utils import bulk_update_with_history

from articles.importing.article_writes import is_editors
from articles.importing.contradictions import propose_queued, queue_comparison
from articles.importing.history import set_change_reason
from articles.importing.lookups import Lookups
from articles.importing.rows import insert_rows
from articles.importing.values import (
    CLAIM_UPDATE_FIELDS,
    claim_fields,
    claim_values,
    claim_values_of,
    digests,
    merge_three_way,
    new_claim_row,
    statement_key,
)
from articles.models import Article, Claim, ClaimRelation, Speaker
from articles.parsing import PARSER_VERSION, extract_claims
from articles.parsing.text import normalize_name
from articles.parsing.types import ParsedClaim
from articles.speaker_merge import speaker_merge

logger = logging.getLogger(__name__)

# Tries per article when the database refuses it for a reason a retry can settle.
ATTEMPTS = 3
RETRY_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock, serialisation failure
_VERSION_PART_RE = re.compile(r"\d+")
# The fields an update names, as a reader calls them.
_FIELD_NAMES = {"speaker_id": "speaker", "span_start": "span", "span_end": "span"}


def version_key(version: str) -> tuple[int, ...]:
    """``"1.10"`` → ``(1, 10)``: versions compare by their numbers, not as text."""
    return tuple(int(part) for part in _VERSION_PART_RE.findall(version))


def is_older(stored: str, current: str = PARSER_VERSION) -> bool:
    """Whether an article read by parser ``stored`` predates ``current``.

    An empty version is no parser's (an article an editor wrote): never older.
    A version without numbers is older unless it is the current one.
    """
    if not stored or stored == current:
        return False
    stored_key = version_key(stored)
    if not stored_key:
        return True
    return stored_key < version_key(current)


def stale_article_ids(current: str = PARSER_VERSION) -> list[int]:
    """Ids of the articles whose claims an older parser extracted, in id order."""
    rows = (
        Article.objects.exclude(parser_version="")
        .exclude(parser_version=current)
        .order_by("pk")
        .values_list("pk", "parser_version")
    )
    return [pk for pk, version in rows.iterator(chunk_size=10_000) if is_older(version, current)]


@dataclass
class ClaimChange:
    """One claim's change, as ``--dry-run`` prints it."""

    action: str  # "added", "updated", "replaced", "removed"
    paragraph: int
    statement: str
    speaker: str = ""
    detail: str = ""  # for "updated": the fields that change; "replaced": the old statement


@dataclass
class ArticleResult:
    article_id: int
    title: str
    from_version: str
    changes: list[ClaimChange] = field(default_factory=list)
    kept: int = 0  # editors' claims left untouched
    unchanged: int = 0  # unreviewed claims the new rules find as they were
    merged_speakers: list[tuple[str, str]] = field(default_factory=list)  # (merged, into)
    error: str | None = None

    def count(self, action: str) -> int:
        return sum(change.action == action for change in self.changes)

    @property
    def changed(self) -> bool:
        return bool(self.changes or self.merged_speakers)


class Reextractor:
    """Re-extracts articles one by one; speakers are cached across the articles of one run."""

    def __init__(self, *, dry_run: bool = False, current: str = PARSER_VERSION):
        self.dry_run = dry_run
        self.current = current
        self._lookups = Lookups()

    def run(self, article_ids: list[int] | None = None) -> Iterator[ArticleResult]:
        """Each stale article's result, in id order (all stale articles by default)."""
        for pk in stale_article_ids(self.current) if article_ids is None else article_ids:
            result = self.reextract(pk)
            if result is not None:
                yield result

    def reextract(self, article_id: int) -> ArticleResult | None:
        """One article in its own transaction; None when it is gone or already current.

        A lost race with an importer (IntegrityError), a deadlock or a serialisation
        failure is tried again, as the importer does; another error fails the article.
        """
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with transaction.atomic():
                    result = self._reextract(article_id)
                    if self.dry_run:
                        transaction.set_rollback(True)
            except DatabaseError as error:
                self._lookups.forget_ids()
                sqlstate = getattr(error.__cause__, "sqlstate", None)
                if attempt < ATTEMPTS and (
                    isinstance(error, IntegrityError) or sqlstate in RETRY_SQLSTATES
                ):
                    continue
                logger.exception("re-extracting article %s failed", article_id)
                text = str(error).strip()
                reason = text.splitlines()[0] if text else type(error).__name__
                return ArticleResult(article_id, "", "", error=f"database refused it: {reason}")
            if self.dry_run:
                self._lookups.forget_ids()  # the speakers it created were rolled back
            elif result is not None:
                propose_queued([article_id])  # its changed claims against the archive's
            return result
        raise AssertionError("unreachable")

    def _reextract(self, article_id: int) -> ArticleResult | None:
        # Locked: an editor saving the article or one of its claims waits for us.
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None or not is_older(article.parser_version, self.current):
            return None
        result = ArticleResult(article.pk, article.title, article.parser_version)
        reason = f"re-extracted (parser {article.parser_version} → {self.current})"
        parsed = _unique_claims(
            extract_claims(tuple(article.paragraphs), published_at=article.published_at)
        )
        annotated = list(
            Claim.objects.select_for_update(of=("self",))
            .filter(article=article)
            .select_related("speaker")
            .annotate(decided=_DECIDED)
            .order_by("pk")
        )
        decided = {row.pk for row in annotated if row.decided}
        rows: list[Claim] = list(annotated)
        kept_keys = {row.statement_key for row in rows if is_editors(row) or row.pk in decided}
        result.kept = len(kept_keys)
        # An editor's claim stays as it is: the new one with its statement is not written.
        parsed = {key: claim for key, claim in parsed.items() if key not in kept_keys}
        speaker_ids = self._lookups.speaker_ids(parsed.values())

        updated: list[Claim] = []
        removed: list[Claim] = []
        moves: dict[int, set[int]] = {}  # old speaker → the speakers its claims went to
        for row in rows:
            if row.statement_key in kept_keys:
                continue
            claim = parsed.get(row.statement_key)
            if claim is None:
                removed.append(row)
                continue
            new = claim_values(claim, speaker_ids)
            merged, _ = merge_three_way(row.as_imported, claim_values_of(row), new)
            if not merged and row.as_imported == digests(new) and row.in_current_text:
                result.unchanged += 1
                continue
            if "speaker_id" in merged and row.speaker_id and merged["speaker_id"]:
                moves.setdefault(row.speaker_id, set()).add(merged["speaker_id"])
            for name, value in claim_fields(merged).items():
                setattr(row, name, value)
            row.as_imported = digests(new)
            row.in_current_text = True
            updated.append(row)
            if merged:
                detail = ", ".join(sorted({_FIELD_NAMES.get(name, name) for name in merged}))
                result.changes.append(
                    ClaimChange("updated", row.paragraph, row.statement, claim.speaker, detail)
                )

        existing = {row.statement_key for row in rows}
        added = {key: claim for key, claim in parsed.items() if key not in existing}
        replaced = _pair_replacements(removed, list(added.values()))
        for row in removed:
            new_claim = replaced.get(row.pk)
            if new_claim is None:
                result.changes.append(
                    ClaimChange("removed", row.paragraph, row.statement, _name(row))
                )
                continue
            new_speaker = speaker_ids.get(normalize_name(new_claim.speaker))
            if row.speaker_id and new_speaker and new_speaker != row.speaker_id:
                moves.setdefault(row.speaker_id, set()).add(new_speaker)
        replacing = {id(claim): pk for pk, claim in replaced.items()}
        old_statements = {row.pk: row.statement for row in removed}
        for claim in added.values():
            old = replacing.get(id(claim))
            action, detail = ("replaced", old_statements[old]) if old else ("added", "")
            result.changes.append(
                ClaimChange(action, claim.paragraph, claim.statement, claim.speaker, detail)
            )

        # Undecided proposals of claims that change are stale: they go, and come back if
        # the claims still disagree.
        touched = [row.pk for row in updated] + [row.pk for row in removed]
        _drop_proposals(touched, reason)
        for row in removed:
            set_change_reason(row, f"{reason}: statement no longer found")
            row.delete()
        if updated:
            for row in updated:
                row.set_comparison_keys()
            bulk_update_with_history(
                updated, Claim, CLAIM_UPDATE_FIELDS, default_change_reason=reason
            )
        new_rows = [new_claim_row(article.pk, key, c, speaker_ids) for key, c in added.items()]
        insert_rows(Claim, new_rows, reason=reason)
        result.merged_speakers = _merge_orphans(moves)
        if result.merged_speakers:
            self._lookups.forget_ids()  # a merged-away speaker's id is gone

        if result.changed:
            article.parser_version = self.current
            set_change_reason(article, reason)
            article.save(update_fields=["parser_version", "modified_at"])
        else:
            # The claims were right already: the version is noted, the text has no new revision.
            Article.objects.filter(pk=article.pk).update(parser_version=self.current)
        if added or updated:
            # Compared once this transaction commits (``reextract``); queued with it, so
            # a run killed in between leaves the comparison to the next run.
            queue_comparison(article.pk)
        return result


def _unique_claims(claims: list[ParsedClaim] | tuple[ParsedClaim, ...]) -> dict[str, ParsedClaim]:
    unique: dict[str, ParsedClaim] = {}
    for claim in claims:
        unique.setdefault(statement_key(claim.statement), claim)
    return unique


# Whether a claim has a relation an editor confirmed, rejected or made (not a proposal).
_DECIDED = Exists(
    ClaimRelation.objects.filter(
        Q(from_claim_id=OuterRef("pk")) | Q(to_claim_id=OuterRef("pk"))
    ).exclude(status=ClaimRelation.Status.PROPOSED)
)


def _pair_replacements(removed: list[Claim], added: list[ParsedClaim]) -> dict[int, ParsedClaim]:
    """Removed claim id → the new claim that overlaps its span most in the same paragraph."""
    pairs: dict[int, ParsedClaim] = {}
    taken: set[int] = set()
    for row in removed:
        if row.span_start is None or row.span_end is None:
            continue
        best, best_overlap = None, 0
        for claim in added:
            if claim.paragraph != row.paragraph or id(claim) in taken:
                continue
            overlap = min(row.span_end, claim.end) - max(row.span_start, claim.start)
            if overlap > best_overlap:
                best, best_overlap = claim, overlap
        if best is not None:
            pairs[row.pk] = best
            taken.add(id(best))
    return pairs


def _drop_proposals(claim_ids: list[int], reason: str) -> None:
    if not claim_ids:
        return
    for relation in ClaimRelation.objects.filter(
        Q(from_claim_id__in=claim_ids) | Q(to_claim_id__in=claim_ids),
        status=ClaimRelation.Status.PROPOSED,
    ):
        set_change_reason(relation, f"{reason}: proposed for a claim that changed")
        relation.delete()


def _name(row: Claim) -> str:
    return row.speaker.name if row.speaker is not None else ""


def _merge_orphans(moves: dict[int, set[int]]) -> list[tuple[str, str]]:
    """Merge each old speaker left without claims into the one speaker its claims went to,
    when its name is that speaker's name with words around it (a role, a place)."""
    merged = []
    for old_id, new_ids in sorted(moves.items()):
        if len(new_ids) != 1 or Claim.objects.filter(speaker_id=old_id).exists():
            continue
        (new_id,) = new_ids
        speakers = Speaker.objects.in_bulk([old_id, new_id])
        old, new = speakers.get(old_id), speakers.get(new_id)
        if old is None or new is None or not _contains_name(old.name, new.name):
            continue
        into = speaker_merge(into=new, others=[old])
        merged.append((old.name, into.name))
    return merged


def _contains_name(longer: str, name: str) -> bool:
    """Whether ``name``'s words appear, in order and together, among ``longer``'s."""
    words = normalize_name(re.sub(r"[،,:()]", " ", longer)).split()
    wanted = normalize_name(name).split()
    if not wanted or len(wanted) >= len(words):
        return False
    return any(words[i : i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1))
