"""Revisions: the reason and user django-simple-history records, and the rows the importer
writes in bulk.

django-simple-history records a revision per ``save()``; the importer inserts
rows in bulk, where building a historical instance per row in Python cost more
than the insert itself. Here the database copies the fresh rows into their
history tables with ``INSERT … SELECT``, in the statement that inserted them
(``rows.py``): the same revision rows simple-history would write.
"""

import functools
from typing import Any, Protocol, cast

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import Model
from simple_history.utils import get_history_model_for_model

_HISTORY_ONLY = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
}


@functools.cache
def history_insert_sql(model: type[Model], rows_from: str) -> str:
    """``INSERT`` into ``model``'s history table of a '+' revision of each row ``FROM
    rows_from`` gives (a CTE of fresh rows), dated ``%(history_date)s`` and with the reason
    ``%(history_change_reason)s``."""
    # Cached: reaching the history model through its manager rebuilds a class each time.
    history = get_history_model_for_model(model)
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


class _Revised(Protocol):
    """What simple-history reads off an instance for the revision its next save or
    delete records (``get_change_reason_from_object``, ``get_history_user``)."""

    _change_reason: str
    _history_user: Any


def set_change_reason(instance: Model, reason: str) -> None:
    """The reason the next revision of ``instance`` (saved or deleted) records."""
    cast(_Revised, instance)._change_reason = reason


def set_history_user(instance: Model, user: AbstractBaseUser | None) -> None:
    """The user the next revision of ``instance`` records (None: nobody)."""
    cast(_Revised, instance)._history_user = user
