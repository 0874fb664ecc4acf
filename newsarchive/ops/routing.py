"""Where the ORM's reads and writes go.

Writes, migrations and every read outside a request (the importer, management
commands, the shell) go to ``default``, the primary. A request the middleware
judged safe to answer from a replica sets ``read_alias`` for its duration; reads
then go there, unless

- the primary's connection is in a transaction (``atomic``): what it reads must be
  what it locks and writes, or
- the request has written already: from then on it reads its own writes.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections


@dataclass
class RequestRouting:
    read_alias: str = DEFAULT_DB_ALIAS
    wrote: bool = False


_current: contextvars.ContextVar[RequestRouting | None] = contextvars.ContextVar(
    "newsarchive_request_routing", default=None
)


def start(read_alias: str) -> contextvars.Token[RequestRouting | None]:
    return _current.set(RequestRouting(read_alias=read_alias))


def finish(token: contextvars.Token[RequestRouting | None]) -> None:
    _current.reset(token)


def current() -> RequestRouting | None:
    return _current.get()


def read_alias() -> str:
    """The database this request's next read goes to."""
    routing = _current.get()
    if routing is None or routing.wrote or routing.read_alias == DEFAULT_DB_ALIAS:
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return routing.read_alias


def fall_back_to_primary() -> None:
    """This request reads from the primary from now on (its replica failed)."""
    routing = _current.get()
    if routing is not None:
        routing.read_alias = DEFAULT_DB_ALIAS


class ReplicaRouter:
    """``DATABASE_ROUTERS`` entry used when ``DATABASE_REPLICA_URLS`` names replicas."""

    def db_for_read(self, model, **hints):
        return read_alias()

    def db_for_write(self, model, **hints):
        routing = _current.get()
        if routing is not None:
            routing.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Every alias holds the same data: a replica is a copy of the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
