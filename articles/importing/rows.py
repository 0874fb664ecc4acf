"""Insert new rows without the ORM's per-row overhead.

Django 5.2's ``bulk_create`` on PostgreSQL sends each column as an array for
``UNNEST``; psycopg quotes long Arabic strings inside those arrays in Python,
which made ten claims cost 2.9 ms. COPY streams the same rows through
psycopg's C adapters. Values that need Django's preparation get it (JSON, and
``auto_now``/``auto_now_add`` timestamps via ``pre_save``); plain values go as they are.
``copy_rows`` takes plain dicts: building a model instance per claim cost more
than writing it.
"""

import functools
from collections.abc import Callable, Sequence

from django.db import connection, models
from django.utils import timezone


def insert_row(obj) -> None:
    """INSERT one new row and set its primary key.

    ``save()`` would also ask for the generated search vector back (Django
    returns generated columns), a few kilobytes per article that nobody reads.
    """
    model = type(obj)
    columns, getters = _plan(model)
    placeholders = ", ".join(["%s"] * len(getters))
    table = connection.ops.quote_name(model._meta.db_table)
    pk = model._meta.pk
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "
            f"RETURNING {connection.ops.quote_name(pk.column)}",
            [get(obj) for get in getters],
        )
        setattr(obj, pk.attname, cursor.fetchone()[0])
    obj._state.adding = False


def copy_rows(model, rows: Sequence[dict]) -> None:
    """Insert ``rows`` in one COPY: each a dict of field attnames (``article_id``) to
    values; a field left out takes its default, ``auto_now`` fields the current time."""
    if not rows:
        return
    columns, fields = _copy_plan(model)
    table = connection.ops.quote_name(model._meta.db_table)
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
def _copy_plan(model) -> tuple[str, list[Callable]]:
    """The column list and, per column, how to get its database value from a dict row."""
    fields = _columns(model)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    return columns, [_dict_getter(field) for field in fields]


def _dict_getter(field) -> Callable:
    name = field.attname
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda row, now: now
    if isinstance(field, _PLAIN_FIELDS) and not callable(field.default):
        default = field.get_default()
        return lambda row, now: row.get(name, default)

    def prepared(row, now):
        value = row[name] if name in row else field.get_default()
        return field.get_db_prep_save(value, connection)

    return prepared


def _columns(model) -> list:
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and not field.generated
    ]


@functools.cache
def _plan(model) -> tuple[str, list[Callable]]:
    """The column list and, per column, how to get its database value from an instance."""
    fields = _columns(model)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    return columns, [_getter(field) for field in fields]


# Field types whose Python values psycopg adapts as they are.
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
    models.DateField,  # and DateTimeField, its subclass
)


def _getter(field) -> Callable:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: field.pre_save(obj, add=True)
    if isinstance(field, _PLAIN_FIELDS):
        return lambda obj: getattr(obj, field.attname)
    return lambda obj: field.get_db_prep_save(field.pre_save(obj, add=True), connection)
