"""Read-only JSON API (the full API is its own issue; this is its first slice)."""

from rest_framework import viewsets

from articles.api.serializers import ArticleDetailSerializer, ArticleSerializer, SourceSerializer
from articles.models import Article, Source


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).select_related("source")

    def get_serializer_class(self):
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer


class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Source.objects.all()
    serializer_class = SourceSerializer
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
