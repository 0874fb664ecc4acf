"""sitemap.xml: every public article and fact-check page, with when it last changed."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article, Claim


class ArticleSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Article.objects.published().only("id", "modified_at").order_by("-published_at", "-id")
        )

    def lastmod(self, article):
        return article.modified_at


class ClaimSitemap(Sitemap):
    changefreq = "monthly"

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
