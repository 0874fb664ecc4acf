"""Keep the planner's statistics in step with a long import.

PostgreSQL plans each query from the statistics ANALYZE gathers. Autovacuum
refreshes them as tables grow, but it can be off (it is off on this project's
PostgreSQL 15 machines) or lag behind a bulk load; the PostgreSQL manual's
advice for bulk loads is to ANALYZE. Without statistics the importer's own
lookups were planned as scans of the whole table and a 100,000-file import
slowed down as it went, to 34 files/s at 7,000 articles (113 files/s right
after one ANALYZE).
"""

from __future__ import annotations

from django.db import connection

# What an import writes to. History tables are written to but never read by it.
TABLES = (
    "articles_article",
    "articles_image",
    "articles_claim",
    "articles_claimrelation",
    "articles_speaker",
    "articles_speakeralias",
)

# Stale: 50 rows plus half the table changed since the last ANALYZE. Looser than
# autovacuum's 10%: estimates within a factor of two plan these lookups as well, and
# each ANALYZE of a large table costs a tenth of a second or more.
STALE_SQL = """
SELECT s.relname
FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
WHERE s.schemaname = current_schema()
  AND s.relname = ANY(%s)
  AND s.n_mod_since_analyze > 50 + 0.5 * greatest(c.reltuples, 0)
"""


def analyze_stale_tables() -> list[str]:
    """ANALYZE the import's tables whose statistics lag their contents; return their names."""
    with connection.cursor() as cursor:
        # This session's own counts reach the statistics system by the next statement.
        cursor.execute("SELECT pg_stat_force_next_flush()")
        cursor.execute(STALE_SQL, [list(TABLES)])
        stale = sorted(row[0] for row in cursor.fetchall())
        for table in stale:
            cursor.execute(f'ANALYZE "{table}"')
    return stale
