"""Pages of long admin lists without counting the whole table on every request."""

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

# Below this many rows (as PostgreSQL estimates them) an exact count is cheap enough.
EXACT_COUNT_BELOW = 50_000


class EstimatedCountPaginator(Paginator):
    """Counts filtered lists exactly; an unfiltered list of a large table is estimated.

    The estimate is PostgreSQL's own (``pg_class.reltuples``, kept by autovacuum):
    the page numbers near the end may be off by a little, which no one pages to.
    """

    @cached_property
    def count(self):
        queryset = self.object_list
        if queryset.query.where:
            return super().count
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                [queryset.model._meta.db_table],
            )
            row = cursor.fetchone()
        estimate = row[0] if row else -1
        return estimate if estimate >= EXACT_COUNT_BELOW else super().count
