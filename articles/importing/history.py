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
        statements.append(_copy_to_history_sql(model, where))
        params += [timezone.now(), reason[:100], "+", *where_params]
    *first, last = statements
    ctes = ", ".join(f"h{index} AS ({sql})" for index, sql in enumerate(first))
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {ctes} {last}" if ctes else last, params)


@functools.cache
def _copy_to_history_sql(model, where: str) -> str:
    # Cached: reaching the history model through its manager rebuilds a class each time.
    history = model.history.model
    columns = ", ".join(
        connection.ops.quote_name(field.column)
        for field in history._meta.concrete_fields
        if field.name not in _HISTORY_ONLY
    )
    return (
        f"INSERT INTO {connection.ops.quote_name(history._meta.db_table)} "
        f"({columns}, history_date, history_change_reason, history_type, history_user_id) "
        f"SELECT {columns}, %s, %s, %s, NULL "
        f"FROM {connection.ops.quote_name(model._meta.db_table)} WHERE {where}"
    )
