"""What a file's transaction locks first, and the archived articles the file may be.

Two importers (two ``importseeds`` at once) must not both create the article a
file is, and an editor saving in the admin must not interleave with an import
of the same article. Each file's transaction takes advisory locks on the keys
that identify its article, then locks and reads the rows those keys find.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import connection

from articles.models import Article
from articles.parsing.types import ParsedArticle

# Articles a file may be (a copy or a new version of), locked for this transaction.
# An empty external id matches nothing: the partial index skips those rows.
CANDIDATES_SQL = """
SELECT id FROM articles_article
WHERE sha256 = %s OR fingerprint = %s OR (external_id = %s AND external_id <> '')
FOR UPDATE
"""


def lock_candidates(parsed: ParsedArticle, fingerprint: str) -> list[Article]:
    """Lock the file's keys, then find and lock the articles it may be; return them.

    Most files are new articles: one plain statement finds that out, and only the
    articles it finds (and locks) are loaded as models. Sent with the locks in one
    round trip (a pipeline), yet run after them, with a snapshot taken after them.
    """
    connection.ensure_connection()
    with connection.connection.pipeline(), connection.cursor() as cursor:
        _start_file_transaction(cursor, lock_keys=file_lock_keys(fingerprint, parsed.external_id))
        cursor.execute(CANDIDATES_SQL, [parsed.sha256, fingerprint, parsed.external_id])
        candidate_ids = [row[0] for row in cursor.fetchall()]
    if not candidate_ids:
        return []
    return list(Article.objects.select_related("source").filter(pk__in=candidate_ids))


def pick_version_target(
    candidates: list[Article], parsed: ParsedArticle, fingerprint: str
) -> Article | None:
    """The article this file is a new version of: same id in the name, else same fingerprint."""
    if parsed.external_id:
        by_id = next((a for a in candidates if a.external_id == parsed.external_id), None)
        if by_id is not None:
            return by_id
    return next(
        (
            a
            for a in candidates
            if a.fingerprint == fingerprint and a.external_id in ("", parsed.external_id)
        ),
        None,
    )


def file_lock_keys(fingerprint: str, external_id: str | None) -> list[str]:
    """What an importer locks for a file: the article it may be, by either key."""
    return [f"fingerprint:{fingerprint}", f"external:{external_id}"]


def advisory_lock_ids(lock_keys: list[str]) -> list[int]:
    """The advisory lock numbers for ``lock_keys``, in the order they are taken."""
    return sorted(
        {
            int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
            for key in lock_keys
        }
    )


def _start_file_transaction(cursor: Any, *, lock_keys: list[str]) -> None:
    """Lock the article's keys and relax this transaction's commit, in one statement.

    The locks serialise importers working on the same article (two
    `importseeds` at once): transaction-scoped advisory locks, taken in sorted
    order so two files can never deadlock.

    ``synchronous_commit`` off lets the COMMIT return before the WAL reaches the
    disk. Safe here: a crash can lose at most the last fraction of a second of
    imports, never corrupt anything, and re-running importseeds restores them
    from the files. Editors' transactions keep the default, and as the WAL is
    written in order, an editor's durable commit makes every import before it
    durable too.
    """
    ids = advisory_lock_ids(lock_keys)
    locks = ", ".join(["pg_advisory_xact_lock(%s)"] * len(ids))
    cursor.execute(f"SELECT set_config('synchronous_commit', 'off', true), {locks}", ids)
