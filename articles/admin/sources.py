"""Publishers."""

from django.contrib import admin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Source


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "language", "website", "article_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(ordering="article_count", description="Articles")
    def article_count(self, source):
        return source.article_count
