"""The site's research charts: a search's attention over time and its split by source,
and a speaker's checked claims over time by verdict (``charts`` draws them)."""

import datetime as dt

from django.utils import dateformat, translation
from django.utils.translation import gettext as _

from articles.querysets import sees_hidden
from articles.research import counts
from articles.site.charts import Column, Part, column_chart, share_bars

# Beyond this many months a chart counts years: a column a few pixels wide says nothing.
MAX_MONTH_COLUMNS = 48


def _period_label(day: dt.date, interval: str) -> str:
    if interval == "year":
        return str(day.year)
    with translation.override("ar"):
        return dateformat.format(day, "F Y")


def _by_year(points: list[tuple[dt.date, tuple[int, ...]]]):
    """Monthly points summed into years (the months of a year always fall in it)."""
    years: dict[int, list[int]] = {}
    for day, values in points:
        totals = years.setdefault(day.year, [0] * len(values))
        for index, value in enumerate(values):
            totals[index] += value
    return [(dt.date(year, 1, 1), tuple(values)) for year, values in sorted(years.items())]


def _periods(points):
    """(interval, points): by month, or by year when months would be too many."""
    if len(points) > MAX_MONTH_COLUMNS:
        return "year", _by_year(points)
    return "month", points


def search_attention(matching, scope, *, user, sources, first=None, last=None) -> dict:
    """How many articles match per month (or year), beside all articles of the same source
    and dates (``scope``: hidden ones included, subtracted here unless the user sees them),
    and per source. Three queries (two for staff)."""
    hidden = None if sees_hidden(user) else scope.exclude(visibility="public")
    found = counts.attention(
        matching,
        scope,
        hidden=hidden,
        by_source=True,
        interval="month",
        zone=counts.UTC,
        first=first,
        last=last,
    )
    points = [(p.date, (p.matching, p.total)) for p in found.overall.points]
    interval, points = _periods(points)
    name = _("Matching articles")
    columns, rows = [], []
    for day, (matching_count, total) in points:
        label = _period_label(day, interval)
        columns.append(Column(label, [Part("chart-bar", matching_count, name)]))
        share = f"{100 * matching_count / total:.1f}%" if total else "0.0%"
        rows.append([label, matching_count, total, share])
    by_year = interval == "year"
    chart = column_chart(
        columns,
        id="attention-chart",
        title=_("Matching articles per year") if by_year else _("Matching articles per month"),
        description=_("%(matching)s of %(total)s articles match; time runs from right to left.")
        % {"matching": found.overall.matching, "total": found.overall.total},
        headers=[
            _("Year") if by_year else _("Month"),
            _("Matching articles"),
            _("All articles"),
            _("Share"),
        ],
        rows=rows,
    )
    names = {source.pk: source.name for source in sources}
    split = share_bars(
        [
            (names.get(series.key, _("No source")), series.matching, series.total)
            for series in sorted(found.by_source, key=lambda series: -series.matching)
            if series.matching
        ],
        title=_("Matching articles by source"),
        headers=[_("Source"), _("Matching articles"), _("All articles"), _("Share")],
    )
    return {"chart": chart, "split": split}


def speaker_claims_counted(claims) -> counts.ClaimsOverTime:
    """A speaker's checked ``claims`` (``Claim.objects.checked()``) per month of the day they
    were stated and verdict: the verdict counts (``totals``) and the chart from one query."""
    return counts.claims_over_time(claims, interval="month", split="verdict", checked=True)


def speaker_verdicts_over_time(found: counts.ClaimsOverTime, verdicts) -> dict | None:
    """The speaker's checked claims as ``speaker_claims_counted`` found them, per month (or
    year), stacked by verdict (``verdicts``: the rows, in the vocabulary's order)."""
    if not found.series:
        return None
    by_verdict = {series.key: dict(series.counts) for series in found.series}
    shown = [verdict for verdict in verdicts if verdict.pk in by_verdict]
    days = [day for day, _ in found.overall.counts]
    points = [(day, tuple(by_verdict[v.pk].get(day, 0) for v in shown)) for day in days]
    interval, points = _periods(points)
    columns, rows = [], []
    for day, values in points:
        label = _period_label(day, interval)
        parts = [
            Part(verdict.css_class, value, verdict.label)
            for verdict, value in zip(shown, values, strict=True)
        ]
        columns.append(Column(label, parts))
        rows.append([label, *values, sum(values)])
    by_year = interval == "year"
    chart = column_chart(
        columns,
        id="verdicts-chart",
        title=_("Checked claims per year") if by_year else _("Checked claims per month"),
        description=_(
            "Checked claims by the day they were stated, by verdict; time runs from right to left."
        ),
        headers=[_("Year") if by_year else _("Month"), *(v.label for v in shown), _("All")],
        rows=rows,
        legend=shown,
    )
    return {"chart": chart, "undated": found.undated}
