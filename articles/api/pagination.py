"""Keyset ("cursor") pagination: every page costs one indexed range scan, at any depth.

A cursor holds the sort value and the id of the last (or first) row of a page,
so the next page is ``WHERE (value, id) < (last value, last id)`` in the sort's
direction, not an OFFSET. The id breaks ties, so rows with equal values
(the same publish time, equal search rank) are neither skipped nor repeated.
Rows without a value (no ``updated_at``) sort as PostgreSQL puts them: above
every value (first when descending), so the indexes serve the walk.

DRF's own CursorPagination keys on the first ordering field only and walks
ties with an offset; it cannot key on ``rank``, the annotation a search orders
by. This one can: with ``search=`` the default ordering is ``-rank`` (best match
first), kept through every page because the cursor carries the rank.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import json
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Q
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

MAX_PAGE_SIZE = 100


def _parse_float(value):
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(value)
    return float(value)


def _parse_int(value):
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(value)
    return value


def _parse_text(value):
    if not isinstance(value, str):
        raise ValueError(value)
    return value


def _parse_datetime(value):
    parsed = parse_datetime(_parse_text(value))
    if parsed is None or parsed.tzinfo is None:
        raise ValueError(value)
    return parsed


def _parse_date(value):
    parsed = parse_date(_parse_text(value))
    if parsed is None:
        raise ValueError(value)
    return parsed


# How a sort value is written into a cursor and read back.
PARSERS = {
    "datetime": _parse_datetime,
    "date": _parse_date,
    "float": _parse_float,
    "int": _parse_int,
    "text": _parse_text,
}


@dataclass(frozen=True)
class SortKey:
    """One ``ordering=`` choice: a field (or annotation) and its direction, id as the last
    tie-breaker. ``then`` names fields that break ties before the id (a search's equal
    ranks come newest first); they and the field must not be null."""

    name: str  # as the client writes it, e.g. "-published_at"
    field: str
    kind: str  # a key of PARSERS
    descending: bool
    then: tuple[tuple[str, str], ...] = ()  # (field, kind)

    @classmethod
    def parse(cls, name: str, kinds: dict[str, str], tiebreaks=None) -> SortKey:
        field = name.removeprefix("-")
        then = tuple((tiebreaks or {}).get(field, ()))
        return cls(name, field, kinds[field], name.startswith("-"), then)

    @property
    def by_id_only(self) -> bool:
        return self.field == "id"

    @property
    def fields(self) -> list[str]:
        """The sort's columns, most significant first; always ending in the id."""
        if self.by_id_only:
            return ["id"]
        return [self.field, *(field for field, _ in self.then), "id"]

    def order_by(self, *, backwards: bool) -> list:
        descending = self.descending != backwards
        # PostgreSQL's default null placement (nulls above every value), so the
        # (published_at DESC, id DESC) index serves both directions.
        return [F(field).desc() if descending else F(field).asc() for field in self.fields]

    def after(self, value, pk: int, *, backwards: bool) -> Q:
        """Rows strictly after (value, pk) in the walk's direction."""
        descending = self.descending != backwards
        beyond = "lt" if descending else "gt"
        if self.by_id_only:
            return Q(**{f"id__{beyond}": pk})
        if self.then:
            # (a, b, id) beyond (va, vb, pk): a beyond va, or a = va and (b, id) beyond (vb, pk).
            following = Q(**{f"id__{beyond}": pk})
            for field, field_value in reversed(list(zip(self.fields[:-1], value, strict=True))):
                following = Q(**{f"{field}__{beyond}": field_value}) | (
                    Q(**{field: field_value}) & following
                )
            return following
        field = self.field
        null_ties = Q(**{f"{field}__isnull": True, f"id__{beyond}": pk})
        if value is None:
            # Nulls sort above every value: first when descending, then the values follow.
            return null_ties | Q(**{f"{field}__isnull": False}) if descending else null_ties
        # "value <= v AND (value < v OR id < pk)": the first half is an index range, so a
        # deep page costs what the first does.
        at_most = "lte" if descending else "gte"
        following = Q(**{f"{field}__{at_most}": value}) & (
            Q(**{f"{field}__{beyond}": value}) | Q(**{f"id__{beyond}": pk})
        )
        return following if descending else following | Q(**{f"{field}__isnull": True})

    def value_of(self, read):
        """The cursor's value for a row (``read(field)`` gives a field's value)."""
        if self.by_id_only:
            return None
        if self.then:
            return [_dump(read(field)) for field in self.fields[:-1]]
        return _dump(read(self.field))

    def load(self, value):
        if self.then:
            kinds = [self.kind, *(kind for _, kind in self.then)]
            if not isinstance(value, list) or len(value) != len(kinds):
                raise ValueError(value)
            return [PARSERS[kind](part) for kind, part in zip(kinds, value, strict=True)]
        return None if value is None else PARSERS[self.kind](value)


def _dump(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


class KeysetPagination(BasePagination):
    """``?cursor=`` from the ``next`` / ``previous`` links, ``?page_size=`` up to 100.

    The view declares ``ordering_fields`` ({field: kind}) and ``default_ordering``;
    a view may also offer ``get_default_ordering(request)`` (the article list uses
    ``-rank`` when searching) and ``narrow_page(rows, key, backwards=, count=)``, which
    narrows the rows after the cursor to a set holding the page's ``count`` first rows,
    cheaper to sort than all of them.
    """

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    ordering_query_param = "ordering"

    # -- the request's choices ------------------------------------------------------------------

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return settings.REST_FRAMEWORK["PAGE_SIZE"]
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            raise ValidationError(
                {
                    self.page_size_query_param: _("A whole number from 1 to %(most)d.")
                    % {"most": MAX_PAGE_SIZE}
                }
            )
        return min(size, MAX_PAGE_SIZE)

    @staticmethod
    def ordering_choices(view) -> list[str]:
        return [f"{sign}{field}" for field in view.ordering_fields for sign in ("", "-")]

    def get_sort_key(self, request, view) -> SortKey:
        default = getattr(view, "get_default_ordering", lambda request: view.default_ordering)
        name = request.query_params.get(self.ordering_query_param) or default(request)
        allowed = getattr(view, "get_ordering_fields", lambda request: view.ordering_fields)(
            request
        )
        if name.removeprefix("-") not in allowed:
            raise ValidationError(
                {
                    self.ordering_query_param: _(
                        "Unknown ordering “%(name)s”; choose one of %(choices)s."
                    )
                    % {
                        "name": name,
                        "choices": ", ".join(f"{field}, -{field}" for field in allowed),
                    }
                }
            )
        return SortKey.parse(name, allowed, getattr(view, "ordering_tiebreaks", None))

    def decode_cursor(self, request, key: SortKey):
        raw = request.query_params.get(self.cursor_query_param)
        if not raw:
            return None
        try:
            position = json.loads(base64.urlsafe_b64decode(raw.encode("ascii")))
            ordering, value, pk, backwards = (
                position["o"],
                position["v"],
                position["i"],
                position["b"],
            )
            if ordering != key.name:
                raise ValidationError(
                    {self.cursor_query_param: _("This cursor belongs to another ordering.")}
                )
            return key.load(value), _parse_int(pk), bool(backwards)
        except ValidationError:
            raise
        except (ValueError, TypeError, KeyError, binascii.Error, UnicodeError):
            raise ValidationError({self.cursor_query_param: _("Invalid cursor.")}) from None

    def encode_cursor(self, key: SortKey, row, *, backwards: bool) -> str:
        # A row is a model instance, or a dict where a list selects values; the view's
        # ``row_columns`` names the keys that hold a sort field's value under another name.
        if isinstance(row, dict):
            columns = self.row_columns

            def read(field):
                return row[columns.get(field, field)]

        else:
            read = functools.partial(getattr, row)
        position = {"o": key.name, "v": key.value_of(read), "i": read("id"), "b": backwards}
        data = json.dumps(position, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(data).decode("ascii")

    # -- the page -------------------------------------------------------------------------------

    def ordered(self, queryset, request, view):
        """The queryset in the request's ordering, first page first (exports use this)."""
        return queryset.order_by(*self.get_sort_key(request, view).order_by(backwards=False))

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.row_columns = getattr(view, "row_columns", {})
        self.key = key = self.get_sort_key(request, view)
        page_size = self.get_page_size(request)
        cursor = self.decode_cursor(request, key)
        backwards = bool(cursor and cursor[2])
        if cursor:
            queryset = queryset.filter(key.after(cursor[0], cursor[1], backwards=backwards))
        narrow = getattr(view, "narrow_page", None)
        if narrow is not None:
            queryset = narrow(queryset, key, backwards=backwards, count=page_size + 1)
        rows = list(queryset.order_by(*key.order_by(backwards=backwards))[: page_size + 1])
        more = len(rows) > page_size
        rows = rows[:page_size]
        if backwards:
            rows.reverse()
            self.has_next, self.has_previous = True, more
        else:
            self.has_next, self.has_previous = more, cursor is not None
        self.rows = rows
        return rows

    def link(self, *, backwards: bool) -> str | None:
        if not self.rows or not (self.has_previous if backwards else self.has_next):
            return None
        row = self.rows[0] if backwards else self.rows[-1]
        url = self.request.build_absolute_uri()
        cursor = self.encode_cursor(self.key, row, backwards=backwards)
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_paginated_response(self, data):
        return Response(
            {
                "next": self.link(backwards=False),
                "previous": self.link(backwards=True),
                "results": data,
            }
        )

    # -- the schema -----------------------------------------------------------------------------

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "The next page; null on the last."},
                "previous": {**link, "description": "The previous page; null on the first."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        choices = self.ordering_choices(view)
        extra = getattr(view, "ordering_help", "")
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Opaque position from a `next` or `previous` link.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Items per page, 1 to {MAX_PAGE_SIZE} (default "
                f"{settings.REST_FRAMEWORK['PAGE_SIZE']}); larger values are capped.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.ordering_query_param,
                "required": False,
                "in": "query",
                "description": f"Sort order, `-` for descending (default "
                f"`{view.default_ordering}`); ties are broken by id. {extra}".strip(),
                "schema": {"type": "string", "enum": choices},
            },
        ]
