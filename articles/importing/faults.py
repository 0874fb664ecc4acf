"""What an import does when something fails that is not the file's fault.

A lost connection (the server restarted, an operator ended the importer's
backend) surfaces as an error from whichever query meets it: the file in
flight is tried again on a new connection. Inside a file's
transaction Django drops the connection when the rollback fails too; outside
one it keeps the dead connection, and every later query would fail the same
way. ``drop_broken_connection`` closes it, so the next query opens a new one.
"""

from __future__ import annotations

import psycopg
from django.db import Error, connection

# PostgreSQL's classes of errors that end the session rather than the statement:
# connection exceptions (08…) and operator intervention (57P01–57P03: the backend
# was terminated, the server is shutting down or cannot connect now).
_CONNECTION_SQLSTATES = ("08", "57P01", "57P02", "57P03")


def drop_broken_connection() -> bool:
    """Close the default connection when it no longer works; True when it was lost.

    Inside a transaction the connection is left to the transaction's own
    rollback, which drops it when the server is gone.
    """
    if connection.in_atomic_block:
        return False
    if connection.connection is None:
        return True  # already dropped
    if connection.is_usable():
        return False
    try:
        connection.close()
    except Error:
        connection.connection = None
    return True


def is_connection_lost(error: BaseException) -> bool:
    """Whether ``error`` ended the session rather than refused a statement.

    When a transaction's rollback fails, Django drops the connection and opens a
    new one at once: the error, not the connection, tells what happened.
    """
    raw = error if isinstance(error, psycopg.Error) else error.__cause__
    if not isinstance(raw, psycopg.OperationalError):
        return False
    # Without a SQLSTATE the client saw the connection fail ("server closed the
    # connection unexpectedly", "cannot exit pipeline mode while busy").
    return raw.sqlstate is None or raw.sqlstate.startswith(_CONNECTION_SQLSTATES)
