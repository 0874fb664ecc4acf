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
import re
from collections.abc import Iterable

from django.db.models import Q

from articles.importing.history import record_created
from articles.importing.rows import copy_rows
from articles.models import Article, Claim, ClaimRelation
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
    article_id: int, published_at: dt.datetime | None = None
) -> list[ClaimRelation]:
    """Propose "contradicts" relations for the claims of one article; return the new ones.

    Candidates are the article's own claims and those of articles published
    within ``SAME_STORY_DAYS`` of it: the same story as others told it, found
    through the publish-date index in one query. Cheap tests (a shared unit, a
    negation on one side only) run before the word overlap is computed.
    """
    own = [
        _Statement(claim)
        # order_by(): the default ordering would join the article table to sort.
        for claim in Claim.objects.filter(article_id=article_id)
        .order_by()
        .values("id", "statement", "figures")
    ]
    if not own:
        return []
    candidates = {claim.id: claim for claim in own}
    if published_at is not None:
        window = dt.timedelta(days=SAME_STORY_DAYS)
        same_story = Article.objects.filter(
            published_at__range=(published_at - window, published_at + window)
        ).exclude(pk=article_id)
        rows = (
            Claim.objects.filter(article__in=same_story.values("pk"))
            .order_by()
            .values("id", "statement", "figures")[:MAX_CANDIDATES]
        )
        for row in rows:
            candidates.setdefault(row["id"], _Statement(row))
    proposals: dict[tuple[int, int], str] = {}
    for claim in own:
        for other in candidates.values():
            if other.id == claim.id or len(proposals) >= MAX_PROPOSALS:
                continue
            pair = (max(claim.id, other.id), min(claim.id, other.id))
            if pair in proposals:
                continue
            reason = _disagreement(claim, other)
            if reason:
                proposals[pair] = reason
    if not proposals:
        return []
    newer_ids = [newer for newer, _ in proposals]
    existing = set(
        ClaimRelation.objects.filter(kind=ClaimRelation.Kind.CONTRADICTS)
        .filter(Q(from_claim_id__in=newer_ids) | Q(to_claim_id__in=newer_ids))
        .values_list("from_claim_id", "to_claim_id")
    )
    new = [
        ClaimRelation(
            from_claim_id=newer,
            to_claim_id=older,
            kind=ClaimRelation.Kind.CONTRADICTS,
            status=ClaimRelation.Status.PROPOSED,
            created_by=None,
            note=reason,
        )
        for (newer, older), reason in proposals.items()
        if (newer, older) not in existing and (older, newer) not in existing
    ]
    if new:
        # The importer's fast path (COPY, then the '+' revisions in SQL): simple-history's
        # bulk helper cost 3 ms a call here.
        copy_rows(ClaimRelation, new)
        pairs = [
            value for relation in new for value in (relation.from_claim_id, relation.to_claim_id)
        ]
        record_created(
            (
                ClaimRelation,
                "kind = 'contradicts' AND (from_claim_id, to_claim_id) IN ("
                + ", ".join(["(%s, %s)"] * len(new))
                + ")",
                pairs,
            ),
            reason="proposed by the importer",
        )
    return new


class _Statement:
    """A claim's statement with what the comparison needs, computed once."""

    def __init__(self, row: dict):
        self.id, self.statement, self.figures = row["id"], row["statement"], row["figures"]
        self.units = {_unit_key(figure) for figure in self.figures} - {""}
        self._words: set[str] | None = None
        self.negated = _negated(self.statement)

    @property
    def words(self) -> set[str]:
        if self._words is None:
            self._words = content_words(self.statement)
        return self._words


def _disagreement(claim: _Statement, other: _Statement) -> str:
    if not (claim.units & other.units) and claim.negated == other.negated:
        return ""
    return disagreement(
        {"statement": claim.statement, "figures": claim.figures},
        {"statement": other.statement, "figures": other.figures},
        words=(claim.words, other.words),
    )


def disagreement(claim: dict, other: dict, *, words: tuple[set, set] | None = None) -> str:
    """Why two claims (``statement`` and ``figures`` dicts) look contradictory, or ""."""
    words, other_words = words or (
        content_words(claim["statement"]),
        content_words(other["statement"]),
    )
    overlap = _jaccard(words, other_words)
    if overlap >= SAME_SUBJECT_FIGURES:
        for figure in claim["figures"]:
            for other_figure in other["figures"]:
                same_unit = _unit_key(figure) and _unit_key(figure) == _unit_key(other_figure)
                if same_unit and figures_disagree(figure, other_figure):
                    return (
                        f"different figures for {figure['unit']}: "
                        f"{figure['text']} / {other_figure['text']}"
                    )
    if overlap >= SAME_SUBJECT_NEGATION and _negated(claim["statement"]) != _negated(
        other["statement"]
    ):
        return "one statement negates the other"
    return ""


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


def content_words(statement: str) -> set[str]:
    words = set()
    for word in _WORD_RE.findall(normalize_arabic(statement)):
        if word in _STOP_WORDS or word in _NEGATIONS or word.isdigit():
            continue
        word = word.removeprefix("و").removeprefix("ال") if len(word) > 4 else word
        if len(word) > 2:
            words.add(word)
    return words


def _negated(statement: str) -> bool:
    return any(word in _NEGATIONS for word in _WORD_RE.findall(normalize_arabic(statement)))


def _unit_key(figure: dict) -> str:
    return normalize_arabic(figure.get("unit") or "").removeprefix("ال")


def _jaccard(first: Iterable[str], second: Iterable[str]) -> float:
    first, second = set(first), set(second)
    return len(first & second) / len(first | second) if first and second else 0.0
