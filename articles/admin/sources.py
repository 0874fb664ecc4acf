"""Publishers."""

from django.contrib import admin
from django.db.models import Func, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from articles.admin.history import ReadableHistoryMixin
from articles.models import Article, Source


@admin.register(Source)
class SourceAdmin(ReadableHistoryMixin, SimpleHistoryAdmin):
    list_display = ["name", "slug", "language", "website", "article_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        # Counted per listed source through article_source_published_idx: a join and
        # GROUP BY over every article would read the whole table on each request. count()
        # as a plain function, so the subquery needs no GROUP BY of its own either.
        per_source = (
            Article.objects.filter(source=OuterRef("pk"))
            .order_by()
            .annotate(count=Func("pk", function="count"))
            .values("count")
        )
        queryset = super().get_queryset(request)
        return queryset.annotate(article_count=Coalesce(Subquery(per_source), 0))

    @admin.display(ordering="article_count", description=_("Articles"))
    def article_count(self, source):
        return source.article_count
