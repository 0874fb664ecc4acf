"""Revisions for rows the importer writes in bulk.

django-simple-history records a revision per ``save()``; the importer inserts
rows in bulk, where building a historical instance per row in Python cost more
than the insert itself. Here the database copies the fresh rows into their
history tables with ``INSERT … SELECT``, in the statement that inserted them
(``rows.py``): the same revision rows simple-history would write.
"""

import functools

from django.db import connection

_HISTORY_ONLY = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
}


@functools.cache
def history_insert_sql(model, rows_from: str) -> str:
    """``INSERT`` into ``model``'s history table of a '+' revision of each row ``FROM
    rows_from`` gives (a CTE of fresh rows), dated ``%(history_date)s`` and with the reason
    ``%(history_change_reason)s``."""
    # Cached: reaching the history model through its manager rebuilds a class each time.
    history = model.history.model
    columns = ", ".join(
        connection.ops.quote_name(field.column)
        for field in history._meta.concrete_fields
        if field.name not in _HISTORY_ONLY
    )
    table = connection.ops.quote_name(history._meta.db_table)
    return (
        f"INSERT INTO {table} "
        f"({columns}, history_date, history_change_reason, history_type, history_user_id) "
        f"SELECT {columns}, %(history_date)s, %(history_change_reason)s, '+', NULL "
        f"FROM {rows_from}"
    )
