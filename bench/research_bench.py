"""Research benchmark: counts, top words and quoted speakers, uncached, beside the plain
article search measured in the same run.

    DATABASE_URL=postgres://…/db .venv/bin/python bench/research_bench.py [--repeat 30]

Reads an existing archive (imported with ``manage.py importseeds`` from files of
``bench/generate.py``; it writes nothing). Requests go through Django's test client in
this process with the API's response cache off (``NEWSARCHIVE_API_CACHE_ENTRIES=0``) and
no throttling, so every request runs its queries; each scenario rotates over four place
names that each appear in about 7% of generated articles, after one warm-up round. Prints
p50 / p95 per scenario, the ratio of each p50 to the plain search's (the floor: what
finding the same articles costs), and the issue's goals (set for 100,000 articles) as
PASS / MISS at the size measured. Always exits 0 unless the setup fails.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TERMS = ["منبج", "كركوك", "تلعفر", "الميادين"]
GOALS_MS = {"counts by month": 150.0, "top words": 300.0}  # p95, at 100,000 articles


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret")
    os.environ["NEWSARCHIVE_API_CACHE_ENTRIES"] = "0"
    os.environ["NEWSARCHIVE_API_ANON_RATE"] = ""
    import django

    django.setup()


def scenarios() -> dict[str, list[str]]:
    def each(template: str) -> list[str]:
        return [template.format(term=quote(term)) for term in TERMS]

    return {
        "article search": each("/api/v1/articles/?search={term}"),
        "counts by month": each("/api/v1/articles/counts/?search={term}&interval=month"),
        "counts by source": each("/api/v1/articles/counts/?search={term}&split=source"),
        "counts by day, Riyadh": each(
            "/api/v1/articles/counts/?search={term}&interval=day&tz=Asia/Riyadh"
        ),
        "top words": each("/api/v1/articles/words/?search={term}"),
        "quoted speakers": each("/api/v1/articles/speakers/?search={term}"),
        "claims by verdict": ["/api/v1/claims/counts/?split=verdict&interval=month"],
        "site search page": each("/articles/?q={term}"),
        "site search, 2nd page": [],  # filled in below: the same query without the chart
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="Requests per scenario (30).")
    args = parser.parse_args(argv)
    setup()
    import re

    from django.test import Client

    from articles.models import Article

    client = Client(HTTP_HOST="localhost")
    articles = Article.objects.count()
    shares = {
        term: Article.objects.published().search(term).order_by().count() / max(articles, 1)
        for term in TERMS
    }
    paths = scenarios()
    # The search page's next page: the same results without the chart (only page one has it).
    first = client.get(paths["site search page"][0]).content.decode()
    cursor = re.search(r"cursor=([^\"&]+)", first)
    paths["site search, 2nd page"] = (
        [f"{paths['site search page'][0]}&cursor={cursor.group(1)}"] if cursor else []
    )
    figures = {}
    for name, urls in paths.items():
        if not urls:
            continue
        for url in urls:  # warm up: connections, plans, the time zone list
            assert client.get(url).status_code == 200, url
        times, cpu = [], []
        for index in range(args.repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(urls[index % len(urls)])
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200
        figures[name] = (statistics.median(times), percentile(times, 0.95), statistics.median(cpu))
    floor = figures["article search"][0]
    load = os.getloadavg()[0]
    print(
        f"Research benchmark: {articles:,} articles; {args.repeat} requests per scenario, "
        f"uncached, one at a time; load average {load:.1f} on {os.cpu_count()} CPUs"
    )
    print("search words: " + ", ".join(f"{t} {s:.1%}" for t, s in shares.items()))
    # cpu: this process's CPU time (Django, Python), the rest being the database and waiting
    # for a core: on a loaded machine wall times stretch, CPU times much less.
    print(f"{'scenario':24}{'p50 ms':>9}{'p95 ms':>9}{'p50 / search':>14}{'cpu p50 ms':>12}")
    for name, (p50, p95, cpu_p50) in figures.items():
        print(f"{name:24}{p50:9.1f}{p95:9.1f}{p50 / floor:13.1f}x{cpu_p50:12.1f}")
    print(f"goals (p95 at 100,000 articles; measured at {articles:,}):")
    for name, goal in GOALS_MS.items():
        p95 = figures[name][1]
        print(f"  {'PASS' if p95 < goal else 'MISS'}  {name}: p95 < {goal:.0f} ms   {p95:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
