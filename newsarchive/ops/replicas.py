"""Which replicas may take reads: reachable, and no further behind than allowed.

A replica is asked (one short query) at most once per ``NEWSARCHIVE_REPLICA_CHECK_SECONDS``
per process; between checks the answer is remembered. Its lag is the time since the
last transaction it replayed, counted only while it has received WAL it has not yet
replayed (a replica that has replayed all it received is not behind, however quiet
the primary is). One that lags more than ``NEWSARCHIVE_REPLICA_MAX_LAG_SECONDS`` or
does not answer within its connect timeout is left out: its reads go to the primary.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import Error, connections

LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() IS NULL
         OR pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0
    ELSE coalesce(extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()), 0)
END::float8
"""


@dataclass(frozen=True)
class ReplicaState:
    alias: str
    up: bool
    lag_seconds: float | None
    checked_at: float
    error: str = ""

    @property
    def usable(self) -> bool:
        return (
            self.up
            and self.lag_seconds is not None
            and self.lag_seconds <= settings.NEWSARCHIVE_REPLICA_MAX_LAG_SECONDS
        )


_lock = threading.Lock()
_states: dict[str, ReplicaState] = {}


def replica_aliases() -> list[str]:
    return list(settings.NEWSARCHIVE_REPLICA_ALIASES)


def check(alias: str) -> ReplicaState:
    """Ask the replica now (no remembered answer)."""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            lag = float(cursor.fetchone()[0])
        state = ReplicaState(alias, True, lag, time.monotonic())
    except Error as error:
        _close_quietly(alias)
        state = ReplicaState(alias, False, None, time.monotonic(), str(error).strip())
    with _lock:
        _states[alias] = state
    return state


def state(alias: str) -> ReplicaState:
    """The remembered state, asked again when older than the check interval."""
    with _lock:
        known = _states.get(alias)
    interval = settings.NEWSARCHIVE_REPLICA_CHECK_SECONDS
    if known is not None and time.monotonic() - known.checked_at < interval:
        return known
    return check(alias)


def mark_down(alias: str, error: str) -> None:
    """A query on the replica failed: leave it out until the next check."""
    _close_quietly(alias)
    with _lock:
        _states[alias] = ReplicaState(alias, False, None, time.monotonic(), error)


def forget() -> None:
    """Drop every remembered state (the next request asks each replica again)."""
    with _lock:
        _states.clear()


_round_robin = 0


def pick() -> str | None:
    """A usable replica for the next request, in turn; None when there is none."""
    global _round_robin
    aliases = replica_aliases()
    for offset in range(len(aliases)):
        alias = aliases[(_round_robin + offset) % len(aliases)]
        if state(alias).usable:
            _round_robin = (_round_robin + offset + 1) % len(aliases)
            return alias
    return None


def _close_quietly(alias: str) -> None:
    with contextlib.suppress(Error):
        connections[alias].close()
