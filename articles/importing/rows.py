"""Insert new rows, with their '+' revisions, without the ORM's per-row overhead.

Django 5.2's ``bulk_create`` on PostgreSQL sends each column as an array for
``UNNEST``; psycopg quotes long Arabic strings inside those arrays in Python,
which made ten claims cost 2.9 ms. Here each table's rows travel as one JSON
parameter that PostgreSQL reads back into rows of the table's own type
(``jsonb_populate_record``), and the same statement copies the fresh rows into
their history tables: a new article with its images, claims and revisions is
one round trip (an INSERT, two COPYs and the revisions had taken seven).

Rows are plain dicts of field attnames to values (building a model instance
per claim cost more than writing it): ``auto_now``/``auto_now_add`` fields get
the time of the call, fields left out their default.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Field, Model
from django.utils import timezone

from articles.importing.history import history_insert_sql

# A row to insert: field attnames to values.
Row = dict[str, Any]
# (child model, the attname of its key to the parent, its rows)
Children = Sequence[tuple[type[Model], str, Sequence[Row]]]


def insert_with_children(model: type[Model], row: Row, children: Children, *, reason: str) -> int:
    """INSERT a new row, its children and a '+' revision of each, in one statement; return
    the new row's primary key.

    ``children`` are ``(child_model, fk_attname, rows)``: each child row gets the new
    row's key in ``fk_attname``, and keeps its order in ``rows`` (ids ascend with it).
    """
    now = timezone.now()
    params = {"parent": _to_json([_by_column(model, row, now)]), **_revision(now, reason)}
    for index, (child, _, rows) in enumerate(children):
        params[f"child{index}"] = _to_json([_by_column(child, row, now) for row in rows])
    sql = _tree_sql(model, tuple((child, fk) for child, fk, _ in children))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        pk: int = cursor.fetchone()[0]
    return pk


def insert_rows(
    model: type[Model], rows: Sequence[Row], *, reason: str, skip_conflicts: bool = False
) -> None:
    """INSERT new rows, in their order, and a '+' revision of each, in one statement.

    With ``skip_conflicts``, a row a unique constraint already holds (a concurrent
    transaction's, once it commits) is left out, and so is its revision."""
    if not rows:
        return
    now = timezone.now()
    params = {"rows": _to_json([_by_column(model, row, now) for row in rows])}
    with connection.cursor() as cursor:
        cursor.execute(_rows_sql(model, skip_conflicts), {**params, **_revision(now, reason)})


@functools.cache
def _tree_sql(model: type[Model], children: tuple[tuple[type[Model], str], ...]) -> str:
    """The statement behind ``insert_with_children`` for a parent and its kinds of children."""
    pk = connection.ops.quote_name(_column(model._meta.pk))
    ctes = [f"parent AS ({_insert_from_json(model, 'parent')})"]
    revisions = [history_insert_sql(model, "parent")]
    for index, (child, fk_attname) in enumerate(children):
        fk = connection.ops.quote_name(_column(child._meta.get_field(fk_attname)))
        name = f"child{index}"
        ctes.append(f"{name} AS ({_insert_from_json(child, name, given=(fk, f'parent.{pk}'))})")
        revisions.append(history_insert_sql(child, name))
    ctes += [f"revision{index} AS ({sql})" for index, sql in enumerate(revisions)]
    return f"WITH {', '.join(ctes)} SELECT {pk} FROM parent"


@functools.cache
def _rows_sql(model: type[Model], skip_conflicts: bool = False) -> str:
    """The statement behind ``insert_rows``."""
    insert = _insert_from_json(model, "rows", skip_conflicts=skip_conflicts)
    return f"WITH new AS ({insert}) {history_insert_sql(model, 'new')}"


def _insert_from_json(
    model: type[Model],
    param: str,
    *,
    given: tuple[str, str] | None = None,
    skip_conflicts: bool = False,
) -> str:
    """INSERT … RETURNING * of the rows in the JSON array ``%(param)s``, in array order;
    ``given`` is a (column, SQL value) that every row takes instead of its own."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [column for column in _columns(model) if not given or column != given[0]]
    values = [f"r.{column}" for column in columns]
    sources = f"jsonb_array_elements(%({param})s::jsonb) WITH ORDINALITY AS e (value, n)"
    if given:
        columns, values, sources = [given[0], *columns], [given[1], *values], f"parent, {sources}"
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} "
        f"FROM {sources}, jsonb_populate_record(NULL::{table}, e.value) AS r "
        f"ORDER BY e.n {'ON CONFLICT DO NOTHING ' if skip_conflicts else ''}RETURNING *"
    )


def _revision(now: dt.datetime, reason: str) -> dict[str, Any]:
    """The parameters ``history_insert_sql`` takes."""
    return {"history_date": now, "history_change_reason": reason[:100]}


def _by_column(model: type[Model], row: Row, now: dt.datetime) -> dict[str, Any]:
    """A dict row keyed by column, every column given (``jsonb_populate_record`` leaves
    a missing key NULL, not the column's default)."""
    plain, computed, timestamps = _json_plan(model)
    values = {column: row.get(attname, default) for column, attname, default in plain}
    for column, attname, make_default in computed:
        values[column] = row[attname] if attname in row else make_default()
    for column in timestamps:
        values[column] = now
    return values


@functools.cache
def _json_plan(
    model: type[Model],
) -> tuple[list[tuple[str, str, Any]], list[tuple[str, str, Callable[[], Any]]], list[str]]:
    """Per column: a fixed default, a default made per row (``dict``, ``list``), or the time.
    (``field.default`` is the NOT_PROVIDED class, a callable, when a field has none.)"""
    plain: list[tuple[str, str, Any]] = []
    computed: list[tuple[str, str, Callable[[], Any]]] = []
    timestamps: list[str] = []
    for field in _fields(model):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            timestamps.append(_column(field))
        elif field.has_default() and callable(field.default):
            computed.append((_column(field), field.attname, field.default))
        else:
            plain.append((_column(field), field.attname, field.get_default()))
    return plain, computed, timestamps


@functools.cache
def _fields(model: type[Model]) -> list[Field[Any, Any]]:
    """The fields a new row gives values for: not the key, not generated columns."""
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and not field.generated
    ]


@functools.cache
def _columns(model: type[Model]) -> list[str]:
    return [connection.ops.quote_name(_column(field)) for field in _fields(model)]


def _column(field: object) -> str:
    """A concrete field's column (Django's types allow none: a reverse relation has none)."""
    assert isinstance(field, Field), field
    assert field.column is not None, field
    return field.column


def _to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_iso)


def _iso(value: object) -> str:
    if isinstance(value, dt.date):  # and datetime, its subclass
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
