"""Candidate contradictions between claims, proposed for editors to confirm.

Which statements disagree is decided in ``articles/parsing/disagreement.py``
(pure Python); here the claims come from the database and the proposals go to
it. The importer only ever *proposes* (status proposed, no user); an editor
confirms or rejects, and a pair that already has a relation of this kind, in
either direction and with any status, is never proposed again.

The proposals are a function of the archive, not of the run that imported it:
two claims are proposed as contradicting when they disagree and their articles
are the same or were published within ``SAME_STORY_DAYS`` of each other; a
property of the pair alone, with no limit that depends on what else was
imported first. The newer claim (by its article's publish time, then natural
keys) is the relation's ``from_claim``, whatever the order of import.

An article whose claims were written is queued (``PendingComparison``) in the
same transaction; the comparison takes it off the queue in the transaction that
writes its proposals. Of two articles, the one committed second is compared
after the other is visible, so every pair is seen; an article whose comparison
never ran (a killed run, a lost connection) stays queued, and every import run
ends by comparing whatever is queued (``propose_all_queued``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, IntegrityError, connection, transaction

from articles.importing.rows import insert_rows
from articles.models import ClaimRelation
from articles.parsing.disagreement import (
    SAME_SUBJECT_FIGURES,
    SAME_SUBJECT_NEGATION,
    Statement,
    disagreement,
)

logger = logging.getLogger(__name__)

SAME_STORY_DAYS = 3
_WINDOW = dt.timedelta(days=SAME_STORY_DAYS)
# Articles compared per transaction when working through the queue.
QUEUE_CHUNK = 64
# Tries of one comparison when the database cancels it for a reason a retry can settle.
ATTEMPTS = 5
RETRY_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock, serialisation failure

QUEUE_SQL = """
INSERT INTO articles_pendingcomparison (article_id, queued_at) VALUES (%s, now())
ON CONFLICT (article_id) DO NOTHING
"""

# Queued articles (these, or any when none are given) this transaction takes off the queue;
# those another importer is comparing right now are left to it.
TAKE_SQL = """
DELETE FROM articles_pendingcomparison
WHERE article_id IN (
    SELECT article_id FROM articles_pendingcomparison
    WHERE %(any)s OR article_id = ANY(%(ids)s::bigint[])
    ORDER BY article_id
    LIMIT %(limit)s
    FOR UPDATE SKIP LOCKED
)
RETURNING article_id
"""

# The claims of the given articles, and those of the articles published within the window
# of one of them that may disagree with one of its claims: each once, with what orders
# them and what the comparison needs. "May disagree" is what ``disagreement`` needs of a
# pair before anything else (``comparison_keys``): a shared unit, or a negation on one
# side only, and a shared content word in a word count the overlap test lets through
# (``overlaps``: the smaller at least the share of the larger, by the test's share);
# tested here against the stored keys, so the claims
# that cannot disagree with any stay in the database, and the others come with their keys
# (not their text, which the comparison does not read). The given articles' keys are read
# once (``own``); the articles around each one through the publish-time index and their
# claims' keys from ``claim_comparison_keys_idx`` alone (an index-only scan, not the
# claims' rows), never a join of whole tables (a planner's guess of a tenth of the
# archive for the window once made it hash-join the article and claim tables for every
# batch).
CLAIMS_SQL = """
WITH own AS MATERIALIZED (
    SELECT article_id, compare_negated AS negated, compare_units AS units, compare_words AS words
    FROM articles_claim WHERE article_id = ANY(%(ids)s::bigint[])
),
near AS MATERIALIZED (
    SELECT given.id AS given_id, c.id, c.compare_negated AS negated, c.compare_units AS units,
           c.compare_words AS words
    FROM articles_article given
    CROSS JOIN LATERAL (
        SELECT a.id FROM articles_article a
        WHERE a.published_at BETWEEN given.published_at - %(window)s
                                 AND given.published_at + %(window)s
          AND a.id <> given.id
        OFFSET 0
    ) a
    CROSS JOIN LATERAL (
        SELECT id, compare_negated, compare_units, compare_words FROM articles_claim
        WHERE article_id = a.id OFFSET 0
    ) c
    WHERE given.id = ANY(%(ids)s::bigint[])
),
own_unit AS MATERIALIZED (
    SELECT article_id, unnest(units) AS unit, words FROM own
),
comparable AS (
    SELECT id FROM articles_claim WHERE article_id = ANY(%(ids)s::bigint[])
    UNION
    SELECT near.id FROM near
    WHERE EXISTS (
        SELECT FROM own
        WHERE own.article_id = near.given_id AND own.negated = NOT near.negated
          -- the counts first (a CASE: the planner would test the dearer overlap first)
          AND CASE WHEN cardinality(own.words) >= %(negation_share)s * cardinality(near.words)
                    AND cardinality(near.words) >= %(negation_share)s * cardinality(own.words)
                   THEN own.words && near.words END
    )
    UNION
    SELECT near.id FROM near CROSS JOIN LATERAL unnest(near.units) AS near_unit(unit)
    WHERE EXISTS (
        SELECT FROM own_unit
        WHERE own_unit.article_id = near.given_id AND own_unit.unit = near_unit.unit
          -- the counts first (a CASE: the planner would test the dearer overlap first)
          AND CASE WHEN cardinality(own_unit.words) >= %(figures_share)s * cardinality(near.words)
                    AND cardinality(near.words) >= %(figures_share)s * cardinality(own_unit.words)
                   THEN own_unit.words && near.words END
    )
)
SELECT c.id, c.article_id, a.published_at, a.external_id, a.fingerprint, c.statement_key,
       NULLIF(c.figures, '[]'), c.compare_negated, c.compare_words
FROM articles_claim c
JOIN articles_article a ON a.id = c.article_id
WHERE c.id = ANY(ARRAY(SELECT id FROM comparable))
"""

# Pairs that already have a relation of this kind, either way round: looked up by the
# unique (from, to, kind) index, not by scanning every relation of either claim.
EXISTING_SQL = """
SELECT from_claim_id, to_claim_id FROM articles_claimrelation
WHERE kind = %s AND (from_claim_id, to_claim_id) IN
    (SELECT * FROM unnest(%s::bigint[], %s::bigint[]))
"""


def queue_comparison(article_id: int) -> None:
    """Queue the article's claims for comparison; call it in the transaction writing them."""
    with connection.cursor() as cursor:
        cursor.execute(QUEUE_SQL, [article_id])


def propose_queued(article_ids: Sequence[int]) -> int:
    """Compare these queued articles' claims with the archive's and propose what disagrees;
    return how many articles were compared.

    Proposals are suggestions for editors: they never fail a file. A deadlock or a
    lost race is tried again; whatever still fails stays queued for the next pass.
    """
    if not article_ids:
        return 0
    return _take_and_propose(sorted(set(article_ids)))


def propose_all_queued() -> int:
    """Work through the whole queue (articles a killed or failed run left), a chunk per
    transaction; return how many articles were compared."""
    compared = 0
    while True:
        done = _take_and_propose(None)
        if not done:
            return compared
        compared += done


def _take_and_propose(article_ids: list[int] | None) -> int:
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with transaction.atomic():
                taken = _take(article_ids)
                if taken:
                    propose_contradictions(taken)
                return len(taken)
        except DatabaseError as error:
            sqlstate = getattr(error.__cause__, "sqlstate", None)
            retry = isinstance(error, IntegrityError) or sqlstate in RETRY_SQLSTATES
            if not retry or attempt == ATTEMPTS:
                # One line for the operator; the traceback for developers (DJANGO_LOG_LEVEL=INFO).
                logger.warning(
                    "proposing contradictions failed; the articles stay queued: %s", error
                )
                logger.info("proposing contradictions failed", exc_info=True)
                return 0
            time.sleep(0.05 * attempt)  # let the other transaction finish
    raise AssertionError("unreachable")


def _take(article_ids: list[int] | None) -> list[int]:
    params: dict[str, Any] = {
        "any": article_ids is None,
        "ids": article_ids or [],
        "limit": len(article_ids) if article_ids else QUEUE_CHUNK,
    }
    with connection.cursor() as cursor:
        cursor.execute(TAKE_SQL, params)
        return sorted(row[0] for row in cursor.fetchall())


@dataclass(frozen=True)
class _Claim:
    article_id: int
    published_at: dt.datetime | None
    # Orders the pair's claims the same way in every run: the newer article's claim first.
    order: tuple[Any, ...]
    statement: Statement


def propose_contradictions(article_ids: Sequence[int]) -> list[dict[str, Any]]:
    """Propose "contradicts" relations between these articles' claims and every claim of
    the same article or of one published within ``SAME_STORY_DAYS``; return the new
    proposals' field values.

    Cheap tests (a shared unit, a negation on one side only) pick the pairs worth
    comparing before the word overlap is computed.
    """
    if not article_ids:
        return []
    params: dict[str, Any] = {
        "ids": list(article_ids),
        "window": _WINDOW,
        "figures_share": SAME_SUBJECT_FIGURES,
        "negation_share": SAME_SUBJECT_NEGATION,
    }
    by_article: dict[int, list[_Claim]] = {}
    with connection.cursor() as cursor:
        cursor.execute(CLAIMS_SQL, params)
        for row in cursor.fetchall():
            claim = _claim(*row)
            by_article.setdefault(claim.article_id, []).append(claim)
    dated = sorted(
        (claims[0].published_at, article_id)
        for article_id, claims in by_article.items()
        if claims[0].published_at is not None
    )

    proposals: dict[tuple[int, int], str] = {}
    compared: set[tuple[int, int]] = set()
    for article_id in sorted(set(article_ids)):
        own = by_article.get(article_id, [])
        if not own:
            continue
        candidates = list(own)
        when = own[0].published_at
        if when is not None:
            for other_when, other_id in dated:
                if other_id != article_id and abs(other_when - when) <= _WINDOW:
                    candidates += by_article[other_id]
        # Only pairs that share a unit or differ in negation can disagree: look those up
        # rather than test every pair.
        by_unit: dict[str, list[_Claim]] = {}
        by_negation: dict[bool, list[_Claim]] = {True: [], False: []}
        for candidate in candidates:
            for unit in candidate.statement.units:
                by_unit.setdefault(unit, []).append(candidate)
            by_negation[candidate.statement.negated].append(candidate)
        for claim in own:
            opposite = by_negation[not claim.statement.negated]
            comparable = {other.statement.id: other for other in opposite}
            for unit in claim.statement.units:
                comparable.update((other.statement.id, other) for other in by_unit[unit])
            words = claim.statement.words
            for other in comparable.values():
                # No content word in common: no overlap either test could pass.
                if other.statement.id == claim.statement.id or words.isdisjoint(
                    other.statement.words
                ):
                    continue
                newer, older = sorted((claim, other), key=lambda c: c.order, reverse=True)
                pair = (newer.statement.id, older.statement.id)
                if pair in compared:
                    continue
                compared.add(pair)
                reason = disagreement(newer.statement, older.statement)
                if reason:
                    proposals[pair] = reason
    if not proposals:
        return []
    both_ways = [*proposals, *((older, newer) for newer, older in proposals)]
    with connection.cursor() as cursor:
        cursor.execute(
            EXISTING_SQL,
            [
                ClaimRelation.Kind.CONTRADICTS.value,
                [first for first, _ in both_ways],
                [second for _, second in both_ways],
            ],
        )
        existing = set(cursor.fetchall())
    new = [
        {
            "from_claim_id": newer,
            "to_claim_id": older,
            "kind": ClaimRelation.Kind.CONTRADICTS.value,
            "status": ClaimRelation.Status.PROPOSED.value,
            "created_by_id": None,
            "note": reason,
        }
        for (newer, older), reason in sorted(proposals.items())
        if (newer, older) not in existing and (older, newer) not in existing
    ]
    # The importer's fast path (the rows and their '+' revisions in one statement), in key
    # order; a pair a concurrent comparison wrote first is skipped, not an error.
    insert_rows(ClaimRelation, new, reason="proposed by the importer", skip_conflicts=True)
    return new


def _claim(
    claim_id: int,
    article_id: int,
    published_at: dt.datetime | None,
    external_id: str,
    fingerprint: str,
    statement_key: str,
    figures: str | None,
    negated: bool,
    words: list[str],
) -> _Claim:
    order = (
        published_at is not None,
        published_at or dt.datetime.min.replace(tzinfo=dt.UTC),
        external_id,
        fingerprint,
        statement_key,
    )
    # Django reads jsonb as text (its JSONField decodes it); most claims have no figures.
    # The statement's text is not read: the comparison needs only its keys.
    prepared = Statement(
        claim_id, "", json.loads(figures) if figures else [], negated=negated, words=words
    )
    return _Claim(article_id, published_at, order, prepared)
