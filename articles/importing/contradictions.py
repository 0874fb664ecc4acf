"""Candidate contradictions between claims, proposed for editors to confirm.

Two claims are about the same subject when their statements share enough
content words; they disagree when they give different figures for a count of
the same unit (and the qualifiers cannot both be true: "200 على الأقل" and
"150"), or when one negates what the other asserts. The importer only ever
*proposes* (status proposed, no user); an editor confirms or rejects, and a
pair that already has a relation of this kind, in either direction and with
any status, is never proposed again.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterable, Sequence

from django.db import connection

from articles.importing.rows import insert_rows
from articles.models import ClaimRelation
from articles.parsing import normalize_arabic

# Share of content words two statements need to be about the same subject.
SAME_SUBJECT_FIGURES = 0.2
SAME_SUBJECT_NEGATION = 0.5
# "about" figures further apart than this disagree.
ABOUT_TOLERANCE = 0.2
MAX_CANDIDATES = 200
# An article whose figures disagree with half the archive needs an editor, not
# hundreds of proposals.
MAX_PROPOSALS = 10
SAME_STORY_DAYS = 3

_WORD_RE = re.compile(r"\w+")
_STOP_WORDS = frozenset(
    normalize_arabic(word)
    for word in (
        "في", "من", "على", "إلى", "عن", "أن", "إن", "التي", "الذي", "الذين", "هذا", "هذه",
        "ذلك", "تلك", "كان", "كانت", "قد", "ما", "مع", "بعد", "قبل", "منذ", "حتى", "خلال",
        "أو", "ثم", "كل", "بين", "عند", "هو", "هي", "هم", "وهو", "وهي", "أنه", "أنها", "إنه",
        "إنها", "فقط", "أيضا", "أيضاً", "الآن",
    )
)  # fmt: skip
_NEGATIONS = frozenset(
    normalize_arabic(word)
    for word in ("لم", "لا", "لن", "ليس", "ليست", "غير", "ولم", "ولا", "ولن", "لسنا", "ليسوا")
)


def propose_contradictions(
    articles: Sequence[tuple[int, dt.datetime | None]],
) -> list[dict]:
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
    own_by_article: dict[int, list[_Statement]] = {}
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
        by_unit: dict[str, list[_Statement]] = {}
        by_negation: dict[bool, list[_Statement]] = {True: [], False: []}
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
                reason = _disagreement(claim, other)
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
) -> dict[int, list[_Statement]]:
    """Candidate claims per article from other articles of the same story, in one query."""
    dated = [(pk, when) for pk, when in articles if when is not None]
    if not dated:
        return {}
    nearby: dict[int, list[_Statement]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            NEARBY_CLAIMS_SQL,
            {
                "ids": [pk for pk, _ in dated],
                "times": [when for _, when in dated],
                "window": _WINDOW,
                "articles": NEARBY_ARTICLES,
                "claims": MAX_CANDIDATES,
            },
        )
        for article_id, claim_id, statement, figures in cursor.fetchall():
            nearby.setdefault(article_id, []).append(_statement(claim_id, statement, figures))
    return nearby


@functools.lru_cache(maxsize=20_000)
def _statement(claim_id: int, statement: str, figures: str) -> _Statement:
    """A claim prepared for comparison, kept while the import runs: the claims of one
    day's articles are candidates for every batch that imports that day's stories.
    Keyed by the text as well, so a statement an editor changes is prepared anew."""
    # Django reads jsonb as text (its JSONField decodes it).
    return _Statement(claim_id, statement, json.loads(figures))


class _Statement:
    """A claim's statement with what the comparison needs, each computed once: the
    statement normalised once, its figures' units, negation, and (when a comparison
    gets that far) its content words."""

    def __init__(self, claim_id: int, statement: str, figures: list[dict]):
        self.id, self.statement, self.figures = claim_id, statement, figures
        self.unit_keys = [_unit_key(figure) for figure in self.figures]
        self.units = set(self.unit_keys) - {""}
        self._tokens = _WORD_RE.findall(normalize_arabic(self.statement))
        self.negated = any(word in _NEGATIONS for word in self._tokens)
        self._words: set[str] | None = None

    @property
    def words(self) -> set[str]:
        if self._words is None:
            self._words = _content_words(self._tokens)
        return self._words


def _disagreement(claim: _Statement, other: _Statement) -> str:
    """Why two claims look contradictory, or "".

    The word overlap is computed last: most pairs fail a cheaper test first (no
    figures that disagree, or word counts too far apart for the overlap needed).
    """
    shared_units = claim.units & other.units
    negation_differs = claim.negated != other.negated
    if not shared_units and not negation_differs:
        return ""
    if shared_units:
        figures = _disagreeing_figures(claim, other, shared_units)
        if figures and _overlaps(claim.words, other.words, SAME_SUBJECT_FIGURES):
            figure, other_figure = figures
            return (
                f"different figures for {figure['unit']}: {figure['text']} / {other_figure['text']}"
            )
    if negation_differs and _overlaps(claim.words, other.words, SAME_SUBJECT_NEGATION):
        return "one statement negates the other"
    return ""


def _disagreeing_figures(
    claim: _Statement, other: _Statement, units: set[str]
) -> tuple[dict, dict] | None:
    """The first figure of ``claim`` and of ``other`` that count the same unit differently."""
    for figure, unit in zip(claim.figures, claim.unit_keys, strict=True):
        if unit not in units:
            continue
        for other_figure, other_unit in zip(other.figures, other.unit_keys, strict=True):
            if unit == other_unit and figures_disagree(figure, other_figure):
                return figure, other_figure
    return None


def figures_disagree(first: dict, second: dict) -> bool:
    """Can both counts be true? "at least 200" and "150" cannot; "about 40" and "42" can."""
    low_a, high_a = _bounds(first)
    low_b, high_b = _bounds(second)
    return high_a < low_b or high_b < low_a


def _bounds(figure: dict) -> tuple[float, float]:
    value, qualifier = float(figure["value"]), figure.get("qualifier", "")
    if qualifier == "at_least":
        return value, float("inf")
    if qualifier == "more_than":
        return value + 1e-9, float("inf")
    if qualifier in ("up_to", "less_than"):
        return 0.0, value
    if qualifier == "about":
        return value * (1 - ABOUT_TOLERANCE), value * (1 + ABOUT_TOLERANCE)
    return value, value


def _content_words(tokens: Iterable[str]) -> set[str]:
    """The words of a normalised statement that say what it is about."""
    words = set()
    for word in tokens:
        if word in _STOP_WORDS or word in _NEGATIONS or word.isdigit():
            continue
        word = word.removeprefix("و").removeprefix("ال") if len(word) > 4 else word
        if len(word) > 2:
            words.add(word)
    return words


def _unit_key(figure: dict) -> str:
    return normalize_arabic(figure.get("unit") or "").removeprefix("ال")


def _overlaps(first: set[str], second: set[str], share: float) -> bool:
    """Do the two sets share at least ``share`` of their words (Jaccard)? Two sets of
    sizes m <= n share at most m / n: when that is too little, no need to intersect."""
    if not first or not second:
        return False
    smaller, larger = sorted((len(first), len(second)))
    if smaller < share * larger:
        return False
    return len(first & second) >= share * len(first | second)
