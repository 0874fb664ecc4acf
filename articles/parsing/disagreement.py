"""Whether two statements disagree: the comparison behind the importer's contradiction proposals.

Two claims are about the same subject when their statements share enough
content words; they disagree when they give different figures for a count of
the same unit (and the qualifiers cannot both be true: "200 على الأقل" and
"150"), or when one negates what the other asserts. Pure Python: loading the
claims and writing the proposals is ``articles/importing/contradictions.py``;
``disagreeing_spans`` tells the admin's comparison page what to mark.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import cast

from articles.parsing.text import normalize_arabic
from articles.parsing.types import FigureValues

# Share of content words two statements need to be about the same subject.
SAME_SUBJECT_FIGURES = 0.2
SAME_SUBJECT_NEGATION = 0.5
# "about" figures further apart than this disagree.
ABOUT_TOLERANCE = 0.2

_WORD_RE = re.compile(r"\w+")
STOP_WORDS = frozenset(
    normalize_arabic(word)
    for word in (
        "في", "من", "على", "إلى", "عن", "أن", "إن", "التي", "الذي", "الذين", "هذا", "هذه",
        "ذلك", "تلك", "كان", "كانت", "قد", "ما", "مع", "بعد", "قبل", "منذ", "حتى", "خلال",
        "أو", "ثم", "كل", "بين", "عند", "هو", "هي", "هم", "وهو", "وهي", "أنه", "أنها", "إنه",
        "إنها", "فقط", "أيضا", "أيضاً", "الآن",
    )
)  # fmt: skip
NEGATIONS = frozenset(
    normalize_arabic(word)
    for word in ("لم", "لا", "لن", "ليس", "ليست", "غير", "ولم", "ولا", "ولن", "لسنا", "ليسوا")
)


class Statement:
    """A claim's statement with what the comparison needs, each computed once: the
    statement normalised once, its figures' units, negation, and (when a comparison
    gets that far) its content words."""

    def __init__(
        self,
        claim_id: int,
        statement: str,
        figures: Sequence[FigureValues],
        *,
        negated: bool | None = None,
        words: Iterable[str] | None = None,
    ):
        """``negated`` and ``words``, when given, are the stored ``comparison_keys``
        (the values computed here otherwise): the statement is not normalised again."""
        figures = _figure_list(figures)
        self.id, self.statement, self.figures = claim_id, statement, figures
        self.unit_keys = [unit_key(figure) for figure in self.figures]
        self.units = set(self.unit_keys) - {""}
        self._tokens: list[str] = []
        if negated is None or words is None:
            self._tokens = _WORD_RE.findall(normalize_arabic(self.statement))
        if negated is None:
            negated = any(word in NEGATIONS for word in self._tokens)
        self.negated = negated
        self._words: set[str] | None = None if words is None else set(words)

    @property
    def words(self) -> set[str]:
        if self._words is None:
            self._words = content_words(self._tokens)
        return self._words


def _figure_list(figures: object) -> list[FigureValues]:
    """The figures that are figures: an editor's figures box takes any JSON (a bare
    string, an object), which counts nothing the comparison could read."""
    if not isinstance(figures, list):
        return []
    return [cast(FigureValues, figure) for figure in figures if isinstance(figure, dict)]


def comparison_keys(
    statement: str, figures: Sequence[FigureValues]
) -> tuple[list[str], bool, list[str]]:
    """What ``disagreement`` keys on, stored with each claim (``Claim.compare_*``) so
    the database can leave out the claims that cannot disagree with a given one: its
    figures' units, whether it negates, and its content words (each list sorted).

    Two statements that disagree share a content word (either test needs some overlap
    of their words) and share a unit or differ in negation; a pair without both is
    never a proposal, so nothing is lost by not reading it. What this returns is stored:
    a change to it (or to what ``disagreement`` needs of a pair) needs a migration that
    keys every claim again, as ``0019_claim_comparison_keys`` does.
    """
    prepared = Statement(0, statement, figures)
    return sorted(prepared.units), prepared.negated, sorted(prepared.words)


def disagreement(claim: Statement, other: Statement) -> str:
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
        if figures and overlaps(claim.words, other.words, SAME_SUBJECT_FIGURES):
            figure, other_figure = figures
            return (
                f"different figures for {figure['unit']}: {figure['text']} / {other_figure['text']}"
            )
    if negation_differs and overlaps(claim.words, other.words, SAME_SUBJECT_NEGATION):
        return "one statement negates the other"
    return ""


def _disagreeing_figures(
    claim: Statement, other: Statement, units: set[str]
) -> tuple[FigureValues, FigureValues] | None:
    """The first figure of ``claim`` and of ``other`` that count the same unit differently."""
    for figure, unit in zip(claim.figures, claim.unit_keys, strict=True):
        if unit not in units:
            continue
        for other_figure, other_unit in zip(other.figures, other.unit_keys, strict=True):
            if unit == other_unit and figures_disagree(figure, other_figure):
                return figure, other_figure
    return None


Span = tuple[int, int]


def disagreeing_spans(claim: Statement, other: Statement) -> tuple[list[Span], list[Span]]:
    """Where each statement parts from the other, as ``(start, end)`` character spans of
    its own text, in text order: the figures that count a shared unit differently, and
    the negation words of the side that negates when only one does. A figure whose text
    cannot be found in its statement (an editor rewrote it) is left unmarked."""
    marked: tuple[set[Span], set[Span]] = (set(), set())
    for figure, unit in zip(claim.figures, claim.unit_keys, strict=True):
        for other_figure, other_unit in zip(other.figures, other.unit_keys, strict=True):
            if unit and unit == other_unit and figures_disagree(figure, other_figure):
                marked[0].update(_figure_spans(claim.statement, figure))
                marked[1].update(_figure_spans(other.statement, other_figure))
    if claim.negated != other.negated:
        negating = 0 if claim.negated else 1
        marked[negating].update(_negation_spans((claim, other)[negating].statement))
    return sorted(marked[0]), sorted(marked[1])


def _figure_spans(statement: str, figure: FigureValues) -> list[Span]:
    text = figure.get("text") or ""
    start = statement.find(text) if text else -1
    return [] if start < 0 else [(start, start + len(text))]


def _negation_spans(statement: str) -> list[Span]:
    return [
        match.span()
        for match in _WORD_RE.finditer(statement)
        if normalize_arabic(match.group()) in NEGATIONS
    ]


def figures_disagree(first: FigureValues, second: FigureValues) -> bool:
    """Can both counts be true? "at least 200" and "150" cannot; "about 40" and "42" can."""
    low_a, high_a = _bounds(first)
    low_b, high_b = _bounds(second)
    return high_a < low_b or high_b < low_a


def _bounds(figure: FigureValues) -> tuple[float, float]:
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


def content_words(tokens: Iterable[str]) -> set[str]:
    """The words of a normalised statement that say what it is about."""
    words = set()
    for word in tokens:
        if word in STOP_WORDS or word in NEGATIONS or word.isdigit():
            continue
        word = word.removeprefix("و").removeprefix("ال") if len(word) > 4 else word
        if len(word) > 2:
            words.add(word)
    return words


def unit_key(figure: FigureValues) -> str:
    """What a figure counts, as a key: normalised, without the article (الأشخاص: اشخاص)."""
    return _unit_key(figure.get("unit") or "")


@functools.lru_cache(maxsize=4096)
def _unit_key(unit: str) -> str:
    # A few units (people, soldiers, families) count most figures.
    return normalize_arabic(unit).removeprefix("ال")


def overlaps(first: set[str], second: set[str], share: float) -> bool:
    """Do the two sets share at least ``share`` of their words (Jaccard)? Two sets of
    sizes m <= n share at most m / n: when that is too little, no need to intersect."""
    if not first or not second:
        return False
    smaller, larger = sorted((len(first), len(second)))
    if smaller < share * larger:
        return False
    return len(first & second) >= share * len(first | second)
