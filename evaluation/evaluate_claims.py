"""Per-field precision and recall of ``extract_claims`` on the hand-annotated set.

Run ``python -m evaluation.evaluate_claims`` for the table; ``evaluate()``
returns the same figures for tests. The set is ``evaluation/claims/``: the seed
plus articles written for it in the seed's format, with the gold claims in
``gold.json`` (annotated by hand, never from the extractor's output). Articles
marked ``held_out`` were written and annotated after the rules were written,
and scored before any rule was changed for them; the rest were written while
the rules were, so their scores are development figures, not estimates of
accuracy on unseen text.

How a predicted claim meets a gold one:

- **span**: same paragraph, and the shared characters are at least half of
  the longer of the two spans (``overlap / max(len(gold), len(predicted)) >= 0.5``).
  Each gold claim takes the best-overlapping unmatched prediction. The exact
  count (identical start and end) is printed as well.
- **speaker**: the claim's spans match and the names agree after normalising
  (Arabic normalisation, punctuation and quotes removed, spaces collapsed):
  the gold name or one of its ``speaker_also`` names equals the predicted name
  or one of the predicted speaker's aliases.
- **date**, **medium**, **direct**: among predictions that state one (a date, a
  medium, "is a direct quote"), those whose matched gold claim states the same
  (precision); among gold claims that state one, those matched by such a
  prediction (recall).
- **figures**: (value, qualifier) pairs; precision over all predicted figures,
  recall over all gold figures, counted on matched claims only.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from articles.parsing import extract_claims, normalize_arabic, parse_seed
from articles.parsing.types import ParsedClaim

ROOT = Path(__file__).resolve().parent.parent
CLAIMS_DIR = Path(__file__).resolve().parent / "claims"
GOLD = CLAIMS_DIR / "gold.json"
SEED_NAME = "000_4ec7ee0256ef7471.txt"

SPAN_MATCH_RATIO = 0.5
FIELDS = ("span", "speaker", "date", "medium", "figures", "direct")

_PUNCTUATION_RE = re.compile(r"[\"'«»“”()\[\]،,.:؛;!?؟\-ـ]")


@dataclass
class Count:
    """Hits, predictions and gold items of one field."""

    correct_predicted: int = 0
    predicted: int = 0
    correct_gold: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.correct_predicted / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct_gold / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    fields: dict[str, Count] = field(default_factory=lambda: {name: Count() for name in FIELDS})
    exact_spans: int = 0
    # (article, gold id or paragraph, what went wrong): for reading, not for scoring.
    misses: list[str] = field(default_factory=list)
    # gold id → the matched prediction, for the seed's named claims.
    matched: dict[str, ParsedClaim] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Count:
        return self.fields[name]


def name_key(name: str) -> str:
    return " ".join(_PUNCTUATION_RE.sub(" ", normalize_arabic(name)).split())


def speaker_matches(gold: dict, predicted: ParsedClaim) -> bool:
    gold_names = {name_key(name) for name in [gold["speaker"], *gold.get("speaker_also", [])]}
    predicted_names = {name_key(name) for name in [predicted.speaker, *predicted.speaker_aliases]}
    return bool(gold_names & predicted_names)


def load_gold(path: Path = GOLD) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["articles"]


def article_path(name: str, entry: dict) -> Path:
    return ROOT / entry["path"] if "path" in entry else CLAIMS_DIR / "articles" / name


def evaluate(*, only: set[str] | None = None) -> Scores:
    """Score the extractor on the whole set, or on the articles named in ``only``."""
    scores = Scores()
    for name, entry in load_gold().items():
        if only is not None and name not in only:
            continue
        path = article_path(name, entry)
        article = parse_seed(path.read_bytes(), filename=path.name)
        predicted = list(extract_claims(article.paragraphs, published_at=article.published_at))
        _score_article(name, article.paragraphs, entry["claims"], predicted, scores)
    return scores


def _score_article(
    name: str,
    paragraphs: tuple[str, ...],
    gold_claims: list[dict],
    predicted: list[ParsedClaim],
    scores: Scores,
) -> None:
    unmatched = list(range(len(predicted)))
    pairs: list[tuple[dict, ParsedClaim | None]] = []
    for number, gold in enumerate(gold_claims):
        text = paragraphs[gold["paragraph"] - 1]
        start = text.find(gold["statement"])
        if start == -1:
            raise ValueError(f"{name}: gold statement not in paragraph {gold['paragraph']}")
        end = start + len(gold["statement"])
        best, best_ratio = None, SPAN_MATCH_RATIO
        for index in unmatched:
            claim = predicted[index]
            if claim.paragraph != gold["paragraph"]:
                continue
            overlap = min(end, claim.end) - max(start, claim.start)
            ratio = overlap / max(end - start, claim.end - claim.start)
            if ratio >= best_ratio:
                best, best_ratio = index, ratio
        label = f"{name} {gold.get('id', f'#{number + 1}')} p{gold['paragraph']}"
        if best is None:
            pairs.append((gold, None))
            scores.misses.append(f"{label}: not found ({gold['speaker']})")
            continue
        unmatched.remove(best)
        claim = predicted[best]
        pairs.append((gold, claim))
        if "id" in gold:
            scores.matched[gold["id"]] = claim
        if (claim.start, claim.end) == (start, end):
            scores.exact_spans += 1
        if not speaker_matches(gold, claim):
            scores.misses.append(f"{label}: speaker {claim.speaker!r}, gold {gold['speaker']!r}")
    for index in unmatched:
        claim = predicted[index]
        scores.misses.append(
            f"{name} p{claim.paragraph}: extra claim by {claim.speaker!r}: {claim.statement[:60]}"
        )
    _count(pairs, [predicted[index] for index in unmatched], scores)


def _count(
    pairs: list[tuple[dict, ParsedClaim | None]], extra: list[ParsedClaim], scores: Scores
) -> None:
    span, speaker = scores["span"], scores["speaker"]
    everything = [claim for _, claim in pairs if claim is not None] + extra
    span.predicted += len(everything)
    speaker.predicted += len(everything)
    span.gold += len(pairs)
    speaker.gold += len(pairs)
    for gold, claim in pairs:
        if claim is None:
            continue
        span.correct_predicted += 1
        span.correct_gold += 1
        if speaker_matches(gold, claim):
            speaker.correct_predicted += 1
            speaker.correct_gold += 1

    def stated(name: str, gold_value, predicted_value) -> None:
        count = scores[name]
        count.gold += bool(gold_value)
        count.predicted += bool(predicted_value)
        if gold_value and gold_value == predicted_value:
            count.correct_gold += 1
            count.correct_predicted += 1

    for gold, claim in pairs:
        date = claim.stated_on.isoformat() if claim and claim.stated_on else None
        stated("date", gold["date"], date)
        stated("medium", gold["medium"], str(claim.medium) if claim else "")
        stated("direct", gold["direct"], claim.is_direct_quote if claim else False)
        gold_figures = Counter((float(f["value"]), f["qualifier"]) for f in gold["figures"])
        predicted_figures = Counter(
            (float(f.value), str(f.qualifier)) for f in (claim.figures if claim else ())
        )
        hits = sum((gold_figures & predicted_figures).values())
        figures = scores["figures"]
        figures.gold += sum(gold_figures.values())
        figures.predicted += sum(predicted_figures.values())
        figures.correct_gold += hits
        figures.correct_predicted += hits
    for claim in extra:
        scores["date"].predicted += claim.stated_on is not None
        scores["medium"].predicted += bool(claim.medium)
        scores["direct"].predicted += claim.is_direct_quote
        scores["figures"].predicted += len(claim.figures)


def format_table(title: str, scores: Scores) -> str:
    header = f"{'field':<10}{'precision':>10}{'recall':>10}{'F1':>8}   hits / predicted / gold"
    lines = [title, header]
    for name in FIELDS:
        count = scores[name]
        lines.append(
            f"{name:<10}{count.precision:>10.3f}{count.recall:>10.3f}{count.f1:>8.3f}"
            f"   {count.correct_gold} / {count.predicted} / {count.gold}"
        )
    lines.append(f"exact spans: {scores.exact_spans} of {scores['span'].gold} gold claims")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    gold = load_gold()
    held_out = {name for name, entry in gold.items() if entry.get("held_out")}
    whole, seed = evaluate(), evaluate(only={SEED_NAME})
    print(format_table(f"Whole set ({len(gold)} articles)", whole))
    print()
    print(format_table("Seed only", seed))
    if held_out:
        print()
        print(format_table(f"Held out ({', '.join(sorted(held_out))})", evaluate(only=held_out)))
    if "-v" in argv or "--verbose" in argv:
        print()
        print("\n".join(whole.misses) or "no misses")
    return 0


if __name__ == "__main__":
    sys.exit(main())
