"""Candidate contradictions between claims, proposed for editors to confirm.

Which statements disagree is decided in ``articles/parsing/disagreement.py``
(pure Python); here the claims come from the database and the proposals go to
it. The importer only ever *proposes* (status proposed, no user); an editor
confirms or rejects, and a pair that already has a relation of this kind, in
either direction and with any status, is never proposed again.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Sequence
from typing import Any

from django.db import connection

from articles.importing.rows import insert_rows
from articles.models import ClaimRelation
from articles.parsing.disagreement import Statement, disagreement

MAX_CANDIDATES = 200
# An article whose figures disagree with half the archive needs an editor, not
# hundreds of proposals.
MAX_PROPOSALS = 10
SAME_STORY_DAYS = 3


def propose_contradictions(
    articles: Sequence[tuple[int, dt.datetime | None]],
) -> list[dict[str, Any]]:
    """Propose "contradicts" relations for the claims of these ``(id, published_at)`` articles.

    For each article the candidates are its own claims and those of articles
    published within ``SAME_STORY_DAYS`` of it, the nearest in time first (at
    most ``MAX_CANDIDATES``): the same story as others told it. A whole batch
    of imported articles costs a fixed number of queries.
    Cheap tests (a shared unit, a negation on one side only) run before the
    word overlap is computed. Returns the new proposals' field values.
    """
    if not articles:
        return []
    own_by_article: dict[int, list[Statement]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT article_id, id, statement, figures FROM articles_claim "
            "WHERE article_id = ANY(%s) ORDER BY id",
            [[pk for pk, _ in articles]],
        )
        for article_id, claim_id, statement, figures in cursor.fetchall():
            own_by_article.setdefault(article_id, []).append(
                _statement(claim_id, statement, figures)
            )
    nearby = _nearby_claims([(pk, when) for pk, when in articles if pk in own_by_article])

    proposals: dict[tuple[int, int], str] = {}
    for article_id, _ in articles:
        own = own_by_article.get(article_id, [])
        candidates = {claim.id: claim for claim in own}
        for claim in nearby.get(article_id, ()):
            candidates.setdefault(claim.id, claim)
        # Only pairs that share a unit or differ in negation can disagree: look those up
        # rather than test every pair (hundreds of thousands per batch), in candidate order.
        order = {claim_id: index for index, claim_id in enumerate(candidates)}
        by_unit: dict[str, list[Statement]] = {}
        by_negation: dict[bool, list[Statement]] = {True: [], False: []}
        for candidate in candidates.values():
            for unit in candidate.units:
                by_unit.setdefault(unit, []).append(candidate)
            by_negation[candidate.negated].append(candidate)
        found = 0
        for claim in own:
            if found >= MAX_PROPOSALS:
                break
            comparable = {other.id: other for other in by_negation[not claim.negated]}
            for unit in claim.units:
                comparable.update((other.id, other) for other in by_unit[unit])
            for other_id in sorted(comparable, key=order.__getitem__):
                other = comparable[other_id]
                pair = (max(claim.id, other.id), min(claim.id, other.id))
                if other.id == claim.id or pair in proposals:
                    continue
                reason = disagreement(claim, other)
                if reason:
                    proposals[pair] = reason
                    found += 1
                    if found >= MAX_PROPOSALS:
                        break
    if not proposals:
        return []
    # Pairs that already have a relation of this kind, either way round: looked up by the
    # unique (from, to, kind) index, not by scanning every relation of either claim.
    both_ways = [*proposals, *((older, newer) for newer, older in proposals)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT from_claim_id, to_claim_id FROM articles_claimrelation "
            "WHERE kind = %s AND (from_claim_id, to_claim_id) IN "
            "(SELECT * FROM unnest(%s::bigint[], %s::bigint[]))",
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
        for (newer, older), reason in proposals.items()
        if (newer, older) not in existing and (older, newer) not in existing
    ]
    # The importer's fast path (the rows and their '+' revisions in one statement):
    # simple-history's bulk helper cost 3 ms a call here.
    insert_rows(ClaimRelation, new, reason="proposed by the importer")
    return new


_WINDOW = dt.timedelta(days=SAME_STORY_DAYS)

# For each (article, published_at): the claims of the other articles published
# within the window, nearest in time first, at most MAX_CANDIDATES of them from
# at most NEARBY_ARTICLES articles. Bounded per article, so the pass costs the
# same in a thin archive and in one with hundreds of articles a day.
NEARBY_CLAIMS_SQL = """
SELECT given.id, near.id, near.statement, near.figures
FROM unnest(%(ids)s::bigint[], %(times)s::timestamptz[]) AS given (id, published_at)
CROSS JOIN LATERAL (
    SELECT c.id, c.statement, c.figures
    FROM (
        SELECT a.id, abs(extract(epoch FROM a.published_at - given.published_at)) AS distance
        FROM articles_article a
        WHERE a.published_at BETWEEN given.published_at - %(window)s
                                 AND given.published_at + %(window)s
          AND a.id <> given.id
        ORDER BY distance, a.id
        LIMIT %(articles)s
    ) a
    JOIN articles_claim c ON c.article_id = a.id
    ORDER BY a.distance, c.id
    LIMIT %(claims)s
) near
"""
NEARBY_ARTICLES = 50


def _nearby_claims(
    articles: Sequence[tuple[int, dt.datetime | None]],
) -> dict[int, list[Statement]]:
    """Candidate claims per article from other articles of the same story, in one query."""
    dated = [(pk, when) for pk, when in articles if when is not None]
    if not dated:
        return {}
    nearby: dict[int, list[Statement]] = {}
    # psycopg sends a timedelta as an interval (django-stubs' parameter types leave it out).
    params: dict[str, Any] = {
        "ids": [pk for pk, _ in dated],
        "times": [when for _, when in dated],
        "window": _WINDOW,
        "articles": NEARBY_ARTICLES,
        "claims": MAX_CANDIDATES,
    }
    with connection.cursor() as cursor:
        cursor.execute(NEARBY_CLAIMS_SQL, params)
        for article_id, claim_id, statement, figures in cursor.fetchall():
            nearby.setdefault(article_id, []).append(_statement(claim_id, statement, figures))
    return nearby


@functools.lru_cache(maxsize=20_000)
def _statement(claim_id: int, statement: str, figures: str) -> Statement:
    """A claim prepared for comparison, kept while the import runs: the claims of one
    day's articles are candidates for every batch that imports that day's stories.
    Keyed by the text as well, so a statement an editor changes is prepared anew."""
    # Django reads jsonb as text (its JSONField decodes it).
    return Statement(claim_id, statement, json.loads(figures))
