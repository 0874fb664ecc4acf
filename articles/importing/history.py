"""Revisions for rows the importer writes in bulk.

django-simple-history records a revision per ``save()``; the importer inserts
rows in bulk, where building a historical instance per row in Python cost more
than the insert itself. Here the database copies the fresh rows into their
history tables with ``INSERT … SELECT``: the same revision rows simple-history
would write, all tables in one statement.
"""

import functools

from django.db import connection
from django.utils import timezone

_HISTORY_ONLY = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
}


def record_created(*targets: tuple, reason: str) -> None:
    """Add a '+' revision for the rows each ``(model, where_sql, params)`` target selects."""
    statements, params = [], []
    for model, where, where_params in targets:
        statements.append(history_insert_sql(model, f"{_table(model)} WHERE {where}"))
        params += [timezone.now(), reason[:100], "+", *where_params]
    *first, last = statements
    ctes = ", ".join(f"h{index} AS ({sql})" for index, sql in enumerate(first))
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {ctes} {last}" if ctes else last, params)


@functools.cache
def history_insert_sql(model, rows_from: str) -> str:
    """``INSERT`` into ``model``'s history table of the rows ``FROM rows_from`` gives (a table
    and a condition, or a CTE of fresh rows): three placeholders, for the revision's date,
    reason and type."""
    # Cached: reaching the history model through its manager rebuilds a class each time.
    history = model.history.model
    columns = ", ".join(
        connection.ops.quote_name(field.column)
        for field in history._meta.concrete_fields
        if field.name not in _HISTORY_ONLY
    )
    return (
        f"INSERT INTO {_table(history)} "
        f"({columns}, history_date, history_change_reason, history_type, history_user_id) "
        f"SELECT {columns}, %s, %s, %s, NULL FROM {rows_from}"
    )


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)
