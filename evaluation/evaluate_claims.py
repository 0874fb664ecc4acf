"""Per-field precision and recall of ``extract_claims`` on the hand-annotated set.

Run ``python -m evaluation.evaluate_claims [--split dev|test|all] [-v]`` for the
tables; ``evaluate()`` returns the same figures for tests. The set is in two
splits under ``evaluation/claims/`` (``evaluation/README.md`` tells how they were
written): ``dev/``, which rules may be tuned on, and ``test/``, frozen, which
they never are. Each split has its articles in the seed's format and its gold
claims in ``gold.json`` (annotated by hand, never from the extractor's output).

How a predicted claim meets a gold one:

- **statement**: same paragraph, and the shared characters are at least half of
  the longer of the two spans (``overlap / max(len(gold), len(predicted)) >= 0.5``).
  Each gold claim takes the best-overlapping unmatched prediction. The exact
  count (identical start and end) is printed as well.
- **speaker**: the claim's spans match and the names agree after normalising
  (Arabic normalisation, punctuation and quotes removed, spaces collapsed):
  the gold name or one of its ``speaker_also`` names equals the predicted name
  or one of the predicted speaker's aliases.
- **role**, **date**, **medium**, **direct**: among predictions that state one (a
  role, a date, a medium, "is a direct quote"), those whose matched gold claim
  states the same (precision); among gold claims that state one, those matched
  by such a prediction (recall). Roles are compared as names are.
- **figures** (only in articles whose gold claims list them): (value, qualifier)
  pairs; precision over all predicted figures, recall over all gold figures,
  counted on matched claims only.
- **families**: each gold claim names the construction that attributes it; the
  recall per family counts the gold claims found (span) and found with the right
  speaker.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from articles.parsing import extract_claims, normalize_arabic, parse_seed
from articles.parsing.types import ParsedClaim

ROOT = Path(__file__).resolve().parent.parent
CLAIMS_DIR = Path(__file__).resolve().parent / "claims"
SPLITS = ("dev", "test")
SEED_NAME = "000_4ec7ee0256ef7471.txt"
SEED_PATH = ROOT / "seeds" / SEED_NAME

SPAN_MATCH_RATIO = 0.5
FIELDS = ("statement", "speaker", "role", "date", "medium", "direct", "figures")
# The constructions a gold claim's ``family`` names, in the order the tables list them.
FAMILIES = (
    "indirect",
    "direct_quote",
    "quote_no_colon",
    "participle",
    "new_verb",
    "pronoun",
    "anonymous",
    "apposition",
    "according_to",
    "nominal",
    "hasab_fainna",
    "role_word",
    "second_speaker",
    "verbal_noun",
)

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
class FamilyCount:
    """Gold claims of one construction: how many were found, and with the right speaker."""

    gold: int = 0
    found: int = 0
    right_speaker: int = 0

    @property
    def recall(self) -> float:
        return self.right_speaker / self.gold if self.gold else 1.0


@dataclass
class Scores:
    fields: dict[str, Count] = field(default_factory=lambda: {name: Count() for name in FIELDS})
    families: dict[str, FamilyCount] = field(default_factory=dict)
    articles: int = 0
    exact_spans: int = 0
    # (article, gold id or paragraph, what went wrong): for reading, not for scoring.
    misses: list[str] = field(default_factory=list)
    # gold id → the matched prediction, for the seed's named claims.
    matched: dict[str, ParsedClaim] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Count:
        return self.fields["statement" if name == "span" else name]

    def family(self, name: str) -> FamilyCount:
        return self.families.setdefault(name, FamilyCount())


def name_key(name: str) -> str:
    return " ".join(_PUNCTUATION_RE.sub(" ", normalize_arabic(name)).split())


def speaker_matches(gold: dict, predicted: ParsedClaim) -> bool:
    gold_names = {name_key(name) for name in [gold["speaker"], *gold.get("speaker_also", [])]}
    predicted_names = {name_key(name) for name in [predicted.speaker, *predicted.speaker_aliases]}
    return bool(gold_names & predicted_names)


def load_gold(split: str) -> dict[str, dict]:
    """The gold entries of one split, by article file name."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; one of {', '.join(SPLITS)}")
    path = CLAIMS_DIR / split / "gold.json"
    return json.loads(path.read_text(encoding="utf-8"))["articles"]


def article_path(split: str, name: str, entry: dict) -> Path:
    return ROOT / entry["path"] if "path" in entry else CLAIMS_DIR / split / "articles" / name


def evaluate(split: str = "all", *, only: set[str] | None = None) -> Scores:
    """Score the extractor on a split ("dev", "test" or "all"), or on the articles in ``only``."""
    scores = Scores()
    for name_of_split in SPLITS if split == "all" else (split,):
        for name, entry in load_gold(name_of_split).items():
            if only is not None and name not in only:
                continue
            path = article_path(name_of_split, name, entry)
            article = parse_seed(path.read_bytes(), filename=path.name)
            predicted = list(extract_claims(article.paragraphs, published_at=article.published_at))
            _score_article(name, article.paragraphs, entry["claims"], predicted, scores)
            scores.articles += 1
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
        family = scores.family(gold.get("family", "untagged"))
        family.gold += 1
        label = f"{name} {gold.get('id', f'#{number + 1}')} p{gold['paragraph']}"
        if best is None:
            pairs.append((gold, None))
            scores.misses.append(f"{label}: not found ({gold['speaker']})")
            continue
        unmatched.remove(best)
        claim = predicted[best]
        pairs.append((gold, claim))
        family.found += 1
        if "id" in gold:
            scores.matched[gold["id"]] = claim
        if (claim.start, claim.end) == (start, end):
            scores.exact_spans += 1
        if speaker_matches(gold, claim):
            family.right_speaker += 1
        else:
            scores.misses.append(f"{label}: speaker {claim.speaker!r}, gold {gold['speaker']!r}")
        date = claim.stated_on.isoformat() if claim.stated_on else None
        if date != gold["date"]:
            scores.misses.append(f"{label}: date {date}, gold {gold['date']}")
        medium = str(claim.medium or "")
        if medium != gold["medium"]:
            scores.misses.append(f"{label}: medium {medium!r}, gold {gold['medium']!r}")
    for index in unmatched:
        claim = predicted[index]
        scores.misses.append(
            f"{name} p{claim.paragraph}: extra claim by {claim.speaker!r}: {claim.statement[:60]}"
        )
    with_figures = all("figures" in gold for gold in gold_claims)
    _count(pairs, [predicted[index] for index in unmatched], scores, with_figures=with_figures)


def _count(
    pairs: list[tuple[dict, ParsedClaim | None]],
    extra: list[ParsedClaim],
    scores: Scores,
    *,
    with_figures: bool,
) -> None:
    statement, speaker = scores["statement"], scores["speaker"]
    everything = [claim for _, claim in pairs if claim is not None] + extra
    statement.predicted += len(everything)
    speaker.predicted += len(everything)
    statement.gold += len(pairs)
    speaker.gold += len(pairs)
    for gold, claim in pairs:
        if claim is None:
            continue
        statement.correct_predicted += 1
        statement.correct_gold += 1
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
        if "role" in gold:
            stated("role", name_key(gold["role"]), name_key(claim.speaker_role) if claim else "")
        if with_figures:
            _count_figures(gold, claim, scores)
    for claim in extra:
        scores["date"].predicted += claim.stated_on is not None
        scores["medium"].predicted += bool(claim.medium)
        scores["direct"].predicted += claim.is_direct_quote
        scores["role"].predicted += bool(claim.speaker_role)
        if with_figures:
            scores["figures"].predicted += len(claim.figures)


def _count_figures(gold: dict, claim: ParsedClaim | None, scores: Scores) -> None:
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


def format_table(title: str, scores: Scores) -> str:
    header = f"{'field':<11}{'precision':>10}{'recall':>10}{'F1':>8}   hits / predicted / gold"
    lines = [f"{title} ({scores.articles} articles)", header]
    for name in FIELDS:
        count = scores[name]
        lines.append(
            f"{name:<11}{count.precision:>10.3f}{count.recall:>10.3f}{count.f1:>8.3f}"
            f"   {count.correct_gold} / {count.predicted} / {count.gold}"
        )
    lines.append(f"exact spans: {scores.exact_spans} of {scores['statement'].gold} gold claims")
    return "\n".join(lines)


def format_families(scores: Scores) -> str:
    """Recall per construction: found with the right speaker, found at all, of the gold."""
    lines = [f"{'family':<16}{'recall':>8}   right speaker / found / gold"]
    known = [name for name in FAMILIES if name in scores.families]
    others = sorted(set(scores.families) - set(FAMILIES))
    for name in [*known, *others]:
        family = scores.families[name]
        counts = f"{family.right_speaker} / {family.found} / {family.gold}"
        lines.append(f"{name:<16}{family.recall:>8.3f}   {counts}")
    return "\n".join(lines)


def measure_speed(seconds: float = 1.0, rounds: int = 3) -> float:
    """Seed-sized articles per second ``extract_claims`` handles on one core (best of rounds).

    Timed in the process's CPU time, so other work on the machine does not count
    against it (the extractor runs in one thread).
    """
    article = parse_seed(SEED_PATH.read_bytes(), filename=SEED_NAME)
    paragraphs, published_at = article.paragraphs, article.published_at
    best = 0.0
    for _ in range(rounds):
        done, started = 0, time.process_time()
        while (elapsed := time.process_time() - started) < seconds:
            for _ in range(20):
                extract_claims(paragraphs, published_at=published_at)
            done += 20
        best = max(best, done / elapsed)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation.evaluate_claims",
        description="Precision, recall and F1 of the claim extractor per field and family.",
    )
    parser.add_argument("--split", choices=[*SPLITS, "all"], default="all")
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="list the misses (of the dev split only: the test split is never read for rules)",
    )
    parser.add_argument("--no-speed", action="store_true", help="skip the speed measurement")
    options = parser.parse_args(sys.argv[1:] if argv is None else argv)

    splits = list(SPLITS) if options.split == "all" else [options.split]
    for split in splits:
        scores = evaluate(split)
        print(format_table(f"Split {split}", scores))
        print(format_families(scores))
        print()
    if options.split == "all":
        print(format_table("Both splits", evaluate("all")))
        print()
    if not options.no_speed:
        print(f"speed: {measure_speed():,.0f} seed-sized articles/s (extract_claims, one core)")
    if options.verbose:
        print()
        if "dev" in splits:
            print("\n".join(evaluate("dev").misses) or "no misses")
        if "test" in splits:
            print("(the test split's misses are not listed: rules are never tuned on it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
