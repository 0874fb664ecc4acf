"""Pagination for long admin lists without counting the whole table on every page."""

from django.core.paginator import Paginator
from django.db import connection
from django.utils.functional import cached_property

from articles.admin.pagination import filtered_count

# Below this many rows an exact count costs nothing worth saving.
EXACT_COUNT_BELOW = 10_000


class EstimatingPaginator(Paginator):
    """An unfiltered list takes its length from PostgreSQL's statistics (kept by
    autovacuum, close enough for "page 3 of 80"); a small one is counted, and so is a
    filtered one unless the planner expects it to be long (``filtered_count``)."""

    @cached_property
    def count(self):
        queryset = self.object_list
        if getattr(queryset, "query", None) is None:
            return super().count
        if queryset.query.where:
            return filtered_count(queryset)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                [queryset.model._meta.db_table],
            )
            row = cursor.fetchone()
        estimate = row[0] if row else -1
        if estimate < EXACT_COUNT_BELOW:
            return super().count
        return estimate
