"""Keyset ("cursor") pages for the site's lists, like the API's: no OFFSET, no COUNT.

A list is walked newest first on a few columns ending in the id. The "next page" link
carries the last row's values of those columns as one short text; the next page is the
rows strictly after it, which an index range scan finds at any depth. Only the first
column may be null (an undated article), and it then sorts as PostgreSQL puts nulls in a
descending index: first.
"""

import datetime as dt
import math
from dataclasses import dataclass

from django.core.exceptions import BadRequest
from django.db.models import F, Q

PAGE_SIZE = 20
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
NULL = "n"
SEPARATOR = "_"


def _write(value) -> str:
    if value is None:
        return NULL
    if isinstance(value, dt.datetime):
        delta = value - EPOCH
        return str((delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _read(text: str, kind: str):
    if kind == "datetime":
        return EPOCH + dt.timedelta(microseconds=int(text))
    if kind == "float":
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(text)
        return value
    return int(text)


@dataclass(frozen=True)
class Keyset:
    """The columns a list is sorted by, descending, as (field, kind); the last is the id."""

    columns: tuple[tuple[str, str], ...]
    nullable_first: bool = False

    def order_by(self) -> list:
        return [F(field).desc() for field, _ in self.columns]

    def cursor_of(self, row) -> str:
        return SEPARATOR.join(_write(getattr(row, field)) for field, _ in self.columns)

    def parse(self, cursor: str) -> list:
        """The values a cursor carries; a cursor this site did not write is a bad request."""
        parts = cursor.split(SEPARATOR)
        if len(parts) != len(self.columns) or len(cursor) > 100:
            raise BadRequest("Malformed cursor.")
        values: list[object] = []
        try:
            for index, (part, (_, kind)) in enumerate(zip(parts, self.columns, strict=True)):
                if part == NULL and index == 0 and self.nullable_first:
                    values.append(None)
                else:
                    if not part.isascii():
                        raise ValueError(part)
                    values.append(_read(part, kind))
        except (ValueError, OverflowError) as error:
            raise BadRequest("Malformed cursor.") from error
        return values

    def after(self, values: list) -> Q:
        """Rows strictly after ``values`` in the descending walk."""
        fields = [field for field, _ in self.columns]
        first, *rest = fields
        if values[0] is None:
            # Nulls come first: after them, the rest of the nulls by the other columns,
            # then every dated row.
            return Q(**{f"{first}__isnull": True}) & self._beyond(rest, values[1:]) | Q(
                **{f"{first}__isnull": False}
            )
        return self._beyond(fields, values)

    @staticmethod
    def _beyond(fields: list[str], values: list) -> Q:
        # (a, b, id) < (va, vb, pk): a < va, or a = va and (b, id) < (vb, pk).
        condition = Q(**{f"{fields[-1]}__lt": values[-1]})
        for field, value in zip(reversed(fields[:-1]), reversed(values[:-1]), strict=True):
            condition = Q(**{f"{field}__lt": value}) | Q(**{field: value}) & condition
        return condition


@dataclass
class Page:
    rows: list
    next_cursor: str | None
    is_first: bool


def keyset_page(
    queryset, keyset: Keyset, cursor: str | None, size: int = PAGE_SIZE, *, narrow=None
) -> Page:
    """One page of ``queryset`` in one query: ``size`` rows after ``cursor`` (from the top
    without one), and the cursor of the next page when there is more. ``narrow(rows, n)``,
    if given, narrows the rows after the cursor to a set holding the first ``n`` of the
    walk, cheaper to sort than all of them (``ArticleQuerySet.among_newest``)."""
    if cursor:
        queryset = queryset.filter(keyset.after(keyset.parse(cursor)))
    if narrow is not None:
        queryset = narrow(queryset, size + 1)
    rows = list(queryset.order_by(*keyset.order_by())[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows, keyset.cursor_of(rows[-1]) if more else None, is_first=not cursor)


# Articles, newest first (the article_published_idx index); undated ones first, as there.
BY_PUBLISHED = Keyset((("published_at", "datetime"), ("id", "int")), nullable_first=True)
# Search results: best match first, then newest (``ArticleQuerySet.search``'s annotations).
BY_RANK = Keyset((("rank", "float"), ("recency", "datetime"), ("id", "int")))
# Fact-checks, latest review first (a checked claim always has its review date).
BY_REVIEWED = Keyset((("reviewed_at", "datetime"), ("id", "int")))
