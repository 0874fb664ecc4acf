"""Claim extraction benchmark: ``extract_claims`` alone, on articles already parsed.

    taskset -c 0 .venv/bin/python bench/claims_bench.py --articles 2000

Generates ``--articles`` files in the seed's format (``bench/generate.py``),
parses them once, then times ``extract_claims`` over all of them and over the
seed repeated, in CPU seconds (``time.process_time``, best of ``--passes``), so
that other processes on a shared machine count for less. The floor is one
``normalize_arabic`` pass over the same paragraphs, the least any extraction
does; the figure to compare between runs is articles/s as a multiple of the
floor's, not the absolute rate. Goal: 1,000 seed-sized articles/s on one core.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from articles.parsing import ParsedArticle, extract_claims, normalize_arabic, parse_seed  # noqa: E402
from bench.generate import DEFAULT_SEED_FILE, generate  # noqa: E402

GOAL = 1_000


def best_rate(count: int, work: Callable[[], object], passes: int) -> float:
    """``count`` items per CPU second, the best of ``passes`` runs of ``work``."""
    best = float("inf")
    for _ in range(passes):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return count / best


def extract_all(articles: list[ParsedArticle]) -> None:
    for article in articles:
        extract_claims(article.paragraphs, published_at=article.published_at)


def normalise_all(articles: list[ParsedArticle]) -> None:
    for article in articles:
        for paragraph in article.paragraphs:
            normalize_arabic(paragraph)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        paths = generate(Path(folder), args.articles, seed=args.seed)
        generated = [parse_seed(path.read_bytes(), filename=path.name) for path in paths]
    seed = parse_seed(DEFAULT_SEED_FILE.read_bytes(), filename=DEFAULT_SEED_FILE.name)
    seeds = [seed] * 500
    rows = []
    for label, articles in (
        (f"{args.articles} generated articles", generated),
        ("seed x500", seeds),
    ):
        rate = best_rate(len(articles), lambda a=articles: extract_all(a), args.passes)
        floor = best_rate(len(articles), lambda a=articles: normalise_all(a), args.passes)
        rows.append((label, rate, floor))
    print(f"{'extract_claims':<28}{'articles/s':>12}{'floor/s':>12}{'of floor':>10}")
    for label, rate, floor in rows:
        print(f"{label:<28}{rate:>12,.0f}{floor:>12,.0f}{rate / floor:>10.3f}")
    seed_rate = rows[1][1]
    verdict = "PASS" if seed_rate >= GOAL else "MISS"
    print(f"goal: >= {GOAL:,} seed-sized articles/s on one core: {verdict} ({seed_rate:,.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
