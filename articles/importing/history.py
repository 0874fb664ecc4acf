"""Revisions for rows the importer writes in bulk.

django-simple-history records a revision per ``save()``; the importer inserts
rows in bulk, where building a historical instance per row in Python cost more
than the insert itself. Here the database copies the fresh rows into the
history table in one ``INSERT … SELECT`` per table: the same revision rows
simple-history would write, at a fraction of the cost.
"""

from django.db import connection
from django.utils import timezone

_HISTORY_ONLY = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
}


def record_created(model, *, where: str, params: list, reason: str) -> None:
    """Add a '+' revision for every row of ``model`` that matches ``where``."""
    _record(model, history_type="+", where=where, params=params, reason=reason)


def record_changed(model, *, where: str, params: list, reason: str) -> None:
    """Add a '~' revision for every row of ``model`` that matches ``where``."""
    _record(model, history_type="~", where=where, params=params, reason=reason)


def _record(model, *, history_type: str, where: str, params: list, reason: str) -> None:
    history = model.history.model
    columns = [
        field.column for field in history._meta.concrete_fields if field.name not in _HISTORY_ONLY
    ]
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(history._meta.db_table)} "
        f"({quoted}, history_date, history_change_reason, history_type, history_user_id) "
        f"SELECT {quoted}, %s, %s, %s, NULL "
        f"FROM {connection.ops.quote_name(model._meta.db_table)} WHERE {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.now(), reason[:100], history_type, *params])
