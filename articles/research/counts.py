"""Attention over time: how many articles match a query per day, week, month or year,
beside how many the archive holds in the same scope, and the same split by source; and
claims over time, split by speaker, verdict or medium.

Buckets are calendar periods in a time zone (UTC unless asked otherwise): a day from
midnight to midnight there, a week from Monday (ISO 8601, as PostgreSQL's ``date_trunc``),
a month, a year. Every bucket between the first and the last is present, zeros included,
so a series can be drawn as it comes. Articles without a publish date (claims without a
stated date) fall in no bucket and are counted apart (``undated``).

Each count is one grouped query (by source and bucket): PostgreSQL counts, Python only
fills the gaps and sums.
"""

import datetime as dt
import functools
import hashlib
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import caches
from django.db import connection
from django.db.models import Case, Count, DateField, F, Q, When
from django.db.models.functions import Trunc

from articles.api.caching import snapshot

INTERVALS = ("day", "week", "month", "year")
# A day per bucket over 27 years; more is a request to narrow (and a page nobody draws).
MAX_BUCKETS = 10_000
UTC = zoneinfo.ZoneInfo("UTC")
# A snapshot rarely lives this long on a busy server; on an idle one, nothing is stale.
TOTALS_SECONDS = 3600


class TooManyBuckets(ValueError):
    pass


@functools.cache
def _database_time_zones() -> frozenset[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_timezone_names")
        return frozenset(name for (name,) in cursor.fetchall())


@functools.cache
def _python_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def time_zone(name: str) -> zoneinfo.ZoneInfo | None:
    """The IANA time zone ``name`` if both Python and PostgreSQL know it, else None."""
    if name not in _python_time_zones() or name not in _database_time_zones():
        return None
    return zoneinfo.ZoneInfo(name)


def bucket_of(day: dt.date, interval: str) -> dt.date:
    """The first day of the bucket holding ``day``."""
    if interval == "week":
        return day - dt.timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    if interval == "year":
        return day.replace(month=1, day=1)
    return day


def next_bucket(start: dt.date, interval: str) -> dt.date:
    if interval == "week":
        return start + dt.timedelta(days=7)
    if interval == "month":
        return dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    if interval == "year":
        return dt.date(start.year + 1, 1, 1)
    return start + dt.timedelta(days=1)


def buckets_between(first: dt.date, last: dt.date, interval: str) -> list[dt.date]:
    """Every bucket from the one holding ``first`` to the one holding ``last``."""
    first, last = bucket_of(first, interval), bucket_of(last, interval)
    estimate = {"day": 1, "week": 7, "month": 28, "year": 365}[interval]
    if (last - first).days // estimate >= MAX_BUCKETS:
        raise TooManyBuckets
    found = []
    while first <= last:
        found.append(first)
        first = next_bucket(first, interval)
    return found


@dataclass(frozen=True)
class Point:
    date: dt.date
    matching: int
    total: int

    @property
    def ratio(self) -> float:
        return round(self.matching / self.total, 6) if self.total else 0.0


@dataclass
class Series:
    """One line of the chart: the whole scope, or one source."""

    points: list[Point]
    key: int | None = None  # the source's id

    @property
    def matching(self) -> int:
        return sum(point.matching for point in self.points)

    @property
    def total(self) -> int:
        return sum(point.total for point in self.points)

    @property
    def ratio(self) -> float:
        return round(self.matching / self.total, 6) if self.total else 0.0


@dataclass
class Attention:
    interval: str
    time_zone: str
    overall: Series
    by_source: list[Series] = field(default_factory=list)
    undated_matching: int = 0
    undated_total: int = 0


def _bucket(field_name: str, interval: str, zone: zoneinfo.ZoneInfo | None):
    return Trunc(field_name, interval, output_field=DateField(), tzinfo=zone)


def _grouped(articles, interval: str, zone) -> tuple[dict, int]:
    """{(source id, bucket): count} of ``articles``, and how many have no date."""
    rows = (
        articles.order_by()
        .annotate(bucket=_bucket("published_at", interval, zone))
        .values_list("source_id", "bucket")
        .annotate(count=Count("*"))
    )
    counts, undated = {}, 0
    for source_id, bucket, count in rows:
        if bucket is None:
            undated += count
        else:
            counts[source_id, bucket] = count
    return counts, undated


def _scope_totals(scope, hidden, interval: str, zone) -> tuple[dict, int]:
    """The scope's counts less the hidden ones, kept per process under the database
    snapshot (as the API's response cache is, and for the same reason never stale): they
    do not depend on the query, so every search in the same source and dates shares them.
    Counting them cost 120 ms of the 150 ms goal at 100,000 articles. Not kept inside a
    transaction, whose own writes do not move the snapshot."""
    key = None
    if not connection.in_atomic_block:
        parts = [snapshot(), str(scope.query), str(hidden.query) if hidden is not None else ""]
        identity = "\n".join([*parts, interval, zone.key])
        key = "research-totals:" + hashlib.blake2b(identity.encode(), digest_size=20).hexdigest()
        kept = caches["default"].get(key)
        if kept is not None:
            return kept
    totals, undated = _grouped(scope, interval, zone)
    if hidden is not None:
        less, undated_hidden = _grouped(hidden, interval, zone)
        undated -= undated_hidden
        for bucket, count in less.items():
            totals[bucket] -= count
        totals = {bucket: count for bucket, count in totals.items() if count}
    if key is not None:
        caches["default"].set(key, (totals, undated), TOTALS_SECONDS)
    return totals, undated


def _by_source(counted: dict) -> dict:
    """``{(source, day): count}`` as ``{source: {day: count}}``."""
    grouped: dict = defaultdict(dict)
    for (source, day), count in counted.items():
        grouped[source][day] = count
    return grouped


def attention(
    matching,
    scope,
    *,
    interval: str,
    zone: zoneinfo.ZoneInfo,
    hidden=None,
    by_source: bool = False,
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> Attention:
    """``matching`` articles against all ``scope`` articles less the ``hidden`` ones (the
    same source and dates), per bucket and per source. ``first`` / ``last``: the days the
    series must reach (the filters' dates); otherwise it spans the scope's articles.

    Why subtract: grouping every article's date is an index-only scan (5 ms at 10,000
    articles); asking for the public ones alone read the whole table (40 ms). The hidden
    ones are few and have a partial index of their own (article_hidden_published_idx).
    """
    found, undated_matching = _grouped(matching, interval, zone)
    totals, undated_total = _scope_totals(scope, hidden, interval, zone)
    days = [day for _, day in totals] + [day for day in (first, last) if day is not None]
    span = buckets_between(min(days), max(days), interval) if days else []
    source_ids = sorted({source for source, _ in totals}, key=lambda key: (key is None, key))

    # Each source's counts by day, gathered once for the overall series and every source's.
    found_by_source, totals_by_source = _by_source(found), _by_source(totals)

    def series(sources, key=None) -> Series:
        matching_by_day: dict[dt.date, int] = defaultdict(int)
        total_by_day: dict[dt.date, int] = defaultdict(int)
        for by_source, into in (
            (found_by_source, matching_by_day),
            (totals_by_source, total_by_day),
        ):
            for source in sources:
                for day, count in by_source.get(source, {}).items():
                    into[day] += count
        points = [Point(day, matching_by_day[day], total_by_day[day]) for day in span]
        return Series(points, key)

    return Attention(
        interval=interval,
        time_zone=zone.key,
        overall=series(source_ids),
        by_source=[series([source], source) for source in source_ids] if by_source else [],
        undated_matching=undated_matching,
        undated_total=undated_total,
    )


# -- claims ----------------------------------------------------------------------------------

CLAIM_SPLITS = ("speaker", "verdict", "medium")


@dataclass
class ClaimSeries:
    key: str | int | None
    counts: list[tuple[dt.date, int]]

    @property
    def count(self) -> int:
        return sum(count for _, count in self.counts)


@dataclass
class ClaimsOverTime:
    interval: str
    split: str | None
    overall: ClaimSeries
    series: list[ClaimSeries]
    undated: int
    # Every group's claims, dated or not, whatever ``limit`` (a speaker's verdict counts).
    totals: dict = field(default_factory=dict)


# A claim's public status in SQL terms: the verdict once published, else none.
_PUBLISHED_VERDICT = Q(review_state="published", verdict__isnull=False)


def claims_over_time(
    claims,
    *,
    interval: str,
    split: str | None = None,
    limit: int = 10,
    first: dt.date | None = None,
    last: dt.date | None = None,
    checked: bool = False,
) -> ClaimsOverTime:
    """Claims per bucket of the day they were stated (a date, so no time zone). Split by
    ``speaker`` (the ``limit`` most quoted), ``verdict`` (the published verdict's id, None:
    unreviewed) or ``medium``; one query. ``checked``: every claim given is checked
    (``Claim.objects.checked()``), so its stored verdict is the published one and the
    count reads no review state (an index holding speaker, date, verdict and article,
    ``claim_checked_speaker_day_idx``, answers it alone)."""
    key = {"speaker": "speaker_id", "verdict": "public_verdict", "medium": "medium"}.get(
        split or ""
    )
    claims = claims.order_by().annotate(bucket=_bucket("stated_on", interval, None))
    if split == "verdict":
        published = F("verdict") if checked else Case(When(_PUBLISHED_VERDICT, then=F("verdict")))
        claims = claims.annotate(public_verdict=published)
    columns = ["bucket"] + ([key] if key else [])
    counts: dict = defaultdict(int)
    totals: dict = defaultdict(int)
    undated = 0
    for row in claims.values_list(*columns).annotate(count=Count("*")):
        bucket, group, count = row[0], (row[1] if key else None), row[-1]
        totals[group] += count
        if bucket is None:
            undated += count
        else:
            counts[group, bucket] += count
    days = [day for _, day in counts] + [day for day in (first, last) if day is not None]
    span = buckets_between(min(days), max(days), interval) if days else []
    by_group: dict = defaultdict(int)
    for (group, _), count in counts.items():
        by_group[group] += count
    groups = sorted(by_group, key=lambda group: (-by_group[group], str(group)))
    if split == "speaker":
        groups = [group for group in groups if group is not None][:limit]

    def series(keys, name=None) -> ClaimSeries:
        return ClaimSeries(name, [(day, sum(counts[k, day] for k in keys)) for day in span])

    return ClaimsOverTime(
        interval=interval,
        split=split,
        overall=series(list(by_group)),
        series=[series([group], group) for group in groups] if split else [],
        undated=undated,
        totals=dict(totals),
    )
