"""Charts drawn on the server as SVG: readable without JavaScript, time running right to
left as Arabic is read, with the numbers in a table beside them (``site/_chart.html``).

A chart is plain geometry computed here, rendered by the template (which escapes every
label). Colours come from classes, never ``style`` attributes: the site's stylesheet
colours ``.chart-bar``, and a verdict's class (``verdict-<slug>``) its own, so no
Content-Security-Policy has to allow inline styles. Numbers are written in Western digits,
as everywhere on the site.
"""

import math
from dataclasses import dataclass, field

# The drawing's own units (it scales to the page's width).
WIDTH = 480
HEIGHT = 210
AXIS = 40  # room for the value labels, on the right where time starts
LEFT = 36  # room for half the last period's label
BOTTOM = 26  # room for the period labels
TOP = 8
MAX_PERIOD_LABELS = 6


@dataclass(frozen=True)
class Part:
    """One coloured part of a column: ``css`` class, ``value``, and its ``name`` (a series)."""

    css: str
    value: int
    name: str


@dataclass(frozen=True)
class Column:
    label: str  # the period as readers see it
    parts: list[Part]

    @property
    def total(self) -> int:
        return sum(part.value for part in self.parts)


@dataclass
class Chart:
    id: str  # unique in its page: the drawing's and the table's labels refer to it
    title: str
    description: str
    headers: list[str]  # the table's column headers (period first)
    rows: list[list]  # the table's rows, the period first
    width: int = WIDTH
    height: int = HEIGHT
    rects: list[dict] = field(default_factory=list)
    ticks: list[dict] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)
    legend: list = field(default_factory=list)  # verdicts, for a stacked chart

    @property
    def grid_end(self) -> int:
        return self.width - AXIS

    @property
    def value_x(self) -> int:
        return self.width - 2


def nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 times a power of ten at or above ``value`` (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # not reached


def column_chart(
    columns: list[Column],
    *,
    id: str,
    title: str,
    description: str,
    headers: list[str],
    rows: list[list],
    legend=(),
) -> Chart:
    """Columns in time order, drawn from the right edge to the left, parts stacked bottom up."""
    chart = Chart(id, title, description, headers, rows, legend=list(legend))
    if not columns:
        return chart
    top = nice_ceiling(max(column.total for column in columns))
    plot_width = WIDTH - AXIS - LEFT
    plot_height = HEIGHT - TOP - BOTTOM
    step = plot_width / len(columns)
    gap = min(step * 0.2, 4)
    scale = plot_height / top
    base = TOP + plot_height
    for value in (0, top // 2, top) if top % 2 == 0 else (0, top):
        y = base - plot_height * value / top
        chart.ticks.append({"y": round(y, 1), "text_y": round(y + 4, 1), "label": str(value)})
    every = math.ceil(len(columns) / MAX_PERIOD_LABELS)
    for index, column in enumerate(columns):
        # Time runs right to left: the first period at the plot's right edge.
        x = LEFT + plot_width - (index + 1) * step
        y = base
        for part in column.parts:
            if not part.value:
                continue
            height = part.value * scale
            y -= height
            chart.rects.append(
                {
                    "x": round(x + gap / 2, 2),
                    "y": round(y, 2),
                    "width": round(step - gap, 2),
                    "height": round(height, 2),
                    "css": part.css,
                    "title": f"{column.label}: {part.name} {part.value}",
                }
            )
        if index % every == 0:
            label = {"x": round(x + step / 2, 1), "y": HEIGHT - 8, "text": column.label}
            chart.labels.append(label)
    return chart


@dataclass
class BarRows:
    """Horizontal bars, one per row (sources), growing from the right as text does."""

    title: str
    rows: list[dict]
    headers: list[str]


def share_bars(items: list[tuple[str, int, int]], *, title: str, headers: list[str]) -> BarRows:
    """``items``: (name, matching, total). Each bar's length is the name's share of the
    largest ``matching``; the numbers are printed beside it."""
    largest = max((matching for _, matching, _ in items), default=0) or 1
    rows = []
    for name, matching, total in items:
        rows.append(
            {
                "name": name,
                "matching": matching,
                "total": total,
                "percent": f"{100 * matching / total:.1f}" if total else "0.0",
                "length": round(100 * matching / largest, 1),
                "x": round(100 - 100 * matching / largest, 1),  # grows from the right
            }
        )
    return BarRows(title, rows, headers)
