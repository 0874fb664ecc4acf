"""sitemap.xml: an index of two sections, every public article and every fact-check page,
each with when it last changed, in pages of ``limit`` entries (Django's sitemap
paginator: a page reads its own rows only)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article, Claim

ENTRIES_PER_PAGE = 500


class ArchiveSitemap(Sitemap):
    changefreq = "monthly"
    limit = ENTRIES_PER_PAGE
    model: type

    def get_latest_lastmod(self):
        """The section's last change, for the index: the newest history record (an index
        lookup), not the newest of every entry."""
        return (
            self.model.history.order_by("-history_date")
            .values_list("history_date", flat=True)
            .first()
        )


class ArticleSitemap(ArchiveSitemap):
    model = Article

    def items(self):
        return (
            Article.objects.published().only("id", "modified_at").order_by("-published_at", "-id")
        )

    def lastmod(self, article):
        return article.modified_at


class ClaimSitemap(ArchiveSitemap):
    model = Claim

    def items(self):
        return (
            Claim.objects.published()
            .checked()
            .only("id", "reviewed_at")
            .order_by("-reviewed_at", "-id")
        )

    def location(self, claim):
        return reverse("articles:claim", kwargs={"pk": claim.pk})

    def lastmod(self, claim):
        return claim.reviewed_at


SITEMAPS = {"articles": ArticleSitemap, "claims": ClaimSitemap}
