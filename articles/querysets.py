"""The shared vocabulary for reading the archive.

The reading site, the API and the admin all start from these methods, so
"what the public may see" is decided in one place.
"""

from django.db import models
from django.db.models import Count, Prefetch, Q

from articles.search import search_query, search_rank


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles the public may see: not hidden by an editor."""
        return self.filter(visibility=self.model.Visibility.PUBLIC)

    def visible_to(self, user):
        """Staff see everything; everyone else sees what is published."""
        if user is not None and user.is_active and user.is_staff:
            return self
        return self.published()

    def for_source(self, source):
        return self.filter(source=source)

    def with_media(self):
        """Everything a page or API detail shows, in a fixed number of queries."""
        from articles.models import Claim, Image

        return self.select_related("source").prefetch_related(
            Prefetch("images", queryset=Image.objects.order_by("position", "id")),
            Prefetch("claims", queryset=Claim.objects.select_related("speaker")),
        )

    def with_claims_count(self):
        return self.annotate(claims_count=Count("claims", distinct=True))

    def search(self, text: str):
        """Arabic full-text search, best matches first."""
        query = search_query(text)
        return (
            self.filter(search_vector=query)
            .annotate(rank=search_rank(query))
            .order_by("-rank", "-published_at", "-id")
        )


class ClaimQuerySet(models.QuerySet):
    def published(self):
        """Claims whose article the public may see."""
        return self.filter(article__visibility="public")

    def unreviewed(self):
        return self.filter(status="unreviewed")

    def in_current_text(self):
        return self.filter(in_current_text=True)

    def reviewed(self):
        return self.filter(~Q(status="unreviewed"))
