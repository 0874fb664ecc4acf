"""The public reading site: server-rendered, right to left."""

from django.views.generic import DetailView, ListView

from articles.models import Article


class VisibleArticlesMixin:
    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).select_related("source")


class ArticleListView(VisibleArticlesMixin, ListView):
    template_name = "articles/article_list.html"
    paginate_by = 20

    def get_queryset(self):
        articles = super().get_queryset()
        query = self.request.GET.get("q", "").strip()
        return articles.search(query) if query else articles

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.request.GET.get("q", "").strip(), **kwargs)


class ArticleDetailView(VisibleArticlesMixin, DetailView):
    template_name = "articles/article_detail.html"

    def get_queryset(self):
        return super().get_queryset().with_media()
