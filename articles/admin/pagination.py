"""Pages of long admin lists without counting the whole table on every request."""

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

# Rows on a page of the long lists (articles, claims, relations).
LIST_PER_PAGE = 50
# Below this many rows (as PostgreSQL estimates them) an exact count is cheap enough.
EXACT_COUNT_BELOW = 50_000
# A filtered list is counted exactly while the planner expects fewer rows than this: the
# editor asked about those rows. Above it ("every unreviewed claim"), counting them reads
# most of the table on each page, and the planner's figure says as much.
FILTERED_EXACT_COUNT_BELOW = 50_000


def planned_rows(queryset) -> int:
    """How many rows PostgreSQL expects ``queryset`` to return (EXPLAIN, nothing read)."""
    sql, params = queryset.order_by().query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    return int(plan[0]["Plan"]["Plan Rows"])


def filtered_count(queryset) -> int:
    """A filtered list's length: exact when short, the planner's estimate when long."""
    estimate = planned_rows(queryset)
    return estimate if estimate >= FILTERED_EXACT_COUNT_BELOW else queryset.count()


class EstimatedCountPaginator(Paginator):
    """Counts short filtered lists exactly; an unfiltered list of a large table, or a
    filtered one the planner expects to be long, is estimated.

    The estimate is PostgreSQL's own (``pg_class.reltuples``, kept by autovacuum, or
    the plan's row count): the page numbers near the end may be off by a little,
    which no one pages to.
    """

    @cached_property
    def count(self):
        queryset = self.object_list
        if getattr(queryset, "query", None) is None:  # a list, not a QuerySet
            return super().count
        if queryset.query.where:
            return filtered_count(queryset)
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                [queryset.model._meta.db_table],
            )
            row = cursor.fetchone()
        estimate = row[0] if row else -1
        return estimate if estimate >= EXACT_COUNT_BELOW else super().count
