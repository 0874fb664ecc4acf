"""Insert new rows without the ORM's per-row overhead.

Django 5.2's ``bulk_create`` on PostgreSQL sends each column as an array for
``UNNEST``; psycopg quotes long Arabic strings inside those arrays in Python,
which made ten claims cost 2.9 ms. Here rows travel either as one JSON
parameter per table, read back into rows by PostgreSQL (``insert_with_children``:
a new article, its images, claims and revisions in one statement), or through
COPY (``copy_rows``). Rows are plain dicts of field values (building a model
instance per claim cost more than writing it): ``auto_now``/``auto_now_add``
fields get the time of the call, fields left out their default.
"""

import datetime as dt
import functools
import json
from collections.abc import Callable, Sequence

from django.db import connection, models
from django.utils import timezone

from articles.importing.history import history_insert_sql


def insert_with_children(model, row: dict, children: Sequence[tuple], *, reason: str) -> int:
    """INSERT a new row, its children and a '+' revision of each, in one statement; return
    the new row's primary key.

    ``children`` are ``(child_model, fk_attname, rows)``: each child row gets the new
    row's key in ``fk_attname``, and keeps its order in ``rows`` (ids ascend with it).
    Rows are dicts as ``copy_rows`` takes them. Each table's rows travel as one JSON
    parameter that PostgreSQL reads into rows of its own type (``jsonb_populate_record``):
    one round trip for an article with its images and claims, where an INSERT, two COPYs
    and the revisions took seven, and no values quoted in Python.
    """
    now = timezone.now()
    params = {
        "parent": _to_json(_by_column(model, row, now)),
        "now": now,
        "reason": reason[:100],
        "created": "+",
    }
    for index, (child, _, rows) in enumerate(children):
        params[f"child{index}"] = _to_json([_by_column(child, row, now) for row in rows])
    sql = _tree_sql(model, tuple((child, fk) for child, fk, _ in children))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


@functools.cache
def _tree_sql(model, children: tuple) -> str:
    """The statement behind ``insert_with_children`` for a parent and its kinds of children."""
    table, pk = _table(model), connection.ops.quote_name(model._meta.pk.column)
    columns = _columns(model)
    ctes = [
        f"parent AS (INSERT INTO {table} ({', '.join(columns)}) "
        f"SELECT {', '.join(f'r.{c}' for c in columns)} "
        f"FROM jsonb_populate_record(NULL::{table}, %(parent)s::jsonb) AS r RETURNING *)"
    ]
    revision = "%(now)s, %(reason)s, %(created)s"
    history = [history_insert_sql(model, "parent").replace("%s, %s, %s", revision)]
    for index, (child, fk_attname) in enumerate(children):
        fk = connection.ops.quote_name(child._meta.get_field(fk_attname).column)
        own = [column for column in _columns(child) if column != fk]
        ctes.append(
            f"child{index} AS (INSERT INTO {_table(child)} ({fk}, {', '.join(own)}) "
            f"SELECT parent.{pk}, {', '.join(f'r.{c}' for c in own)} "
            f"FROM parent, jsonb_array_elements(%(child{index})s::jsonb) WITH ORDINALITY "
            f"AS e (value, n), jsonb_populate_record(NULL::{_table(child)}, e.value) AS r "
            "ORDER BY e.n RETURNING *)"
        )
        history.append(history_insert_sql(child, f"child{index}").replace("%s, %s, %s", revision))
    ctes += [f"history{index} AS ({sql})" for index, sql in enumerate(history)]
    return f"WITH {', '.join(ctes)} SELECT {pk} FROM parent"


def _by_column(model, row: dict, now) -> dict:
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
def _json_plan(model) -> tuple[list, list, list]:
    """Per column: a fixed default, a default made per row (``dict``, ``list``), or the time."""
    plain, computed, timestamps = [], [], []
    for field in _fields(model):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            timestamps.append(field.column)
        elif field.has_default() and callable(field.default):
            computed.append((field.column, field.attname, field.default))
        else:
            plain.append((field.column, field.attname, field.get_default()))
    return plain, computed, timestamps


def _to_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=_iso)


def _iso(value):
    if isinstance(value, dt.date):  # and datetime, its subclass
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def copy_rows(model, rows: Sequence[dict]) -> None:
    """Insert ``rows`` in one COPY: each a dict of field attnames (``article_id``) to
    values; a field left out takes its default, ``auto_now`` fields the current time."""
    if not rows:
        return
    columns, fields = _plan(model)
    table = _table(model)
    now = timezone.now()
    # Django wraps execute() errors but not copy(): wrap them so callers see DatabaseError.
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row([value(row, now) for value in fields])


@functools.cache
def _plan(model) -> tuple[str, list[Callable]]:
    """The column list and, per column, how to get its database value from a dict row."""
    return ", ".join(_columns(model)), [_getter(field) for field in _fields(model)]


@functools.cache
def _fields(model) -> list:
    """The fields a new row gives values for: not the key, not generated columns."""
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and not field.generated
    ]


@functools.cache
def _columns(model) -> list[str]:
    return [connection.ops.quote_name(field.column) for field in _fields(model)]


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _getter(field) -> Callable:
    name = field.attname
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda row, now: now
    # ``field.default`` is the NOT_PROVIDED class (a callable) when a field has none.
    if isinstance(field, _PLAIN_FIELDS) and not (field.has_default() and callable(field.default)):
        default = field.get_default()
        return lambda row, now: row.get(name, default)

    def prepared(row, now):
        value = row[name] if name in row else field.get_default()
        return field.get_db_prep_save(value, connection)

    return prepared


# Field types whose Python values psycopg adapts as they are.
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
    models.DateField,  # and DateTimeField, its subclass
)
