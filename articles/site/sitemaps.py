"""sitemap.xml: an index of two sections, every public article and every fact-check page,
each with when it last changed, in pages of ``limit`` entries (Django's sitemap
paginator: a page reads its own rows only)."""

from django.contrib.sitemaps import Sitemap
from django.core.cache import cache
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.functional import cached_property

from articles.models import Article, Claim
from articles.site.freshness import archive_changed_at

ENTRIES_PER_PAGE = 500
# How long a section's count is kept when nothing changes (a change moves the key).
COUNT_SECONDS = 24 * 3600


class CountedOncePerChange(Paginator):
    """Django's paginator, counting its list once per change of the archive: the index
    and every section page need the number of entries, and counting every public article
    (or every fact-check) on each request is a scan of the table."""

    def __init__(self, object_list, per_page, *, name: str):
        super().__init__(object_list, per_page)
        self.name = name

    @cached_property
    def count(self) -> int:
        changed = archive_changed_at(None)
        key = f"site:sitemap-count:{self.name}:{changed.isoformat() if changed else ''}"
        count = cache.get(key)
        if count is None:
            count = super().count
            cache.set(key, count, COUNT_SECONDS)
        return count


class ArchiveSitemap(Sitemap):
    changefreq = "monthly"
    limit = ENTRIES_PER_PAGE
    model: type

    @property
    def paginator(self):
        return CountedOncePerChange(self._items(), self.limit, name=type(self).__name__)

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
        # Walked (and counted) along claim_checked_reviewed_idx alone: the anti-join needs
        # no claim's row nor article.
        return (
            Claim.objects.checked()
            .outside_hidden_articles()
            .only("id", "reviewed_at")
            .order_by("-reviewed_at", "-id")
        )

    def location(self, claim):
        return reverse("articles:claim", kwargs={"pk": claim.pk})

    def lastmod(self, claim):
        return claim.reviewed_at


SITEMAPS = {"articles": ArticleSitemap, "claims": ClaimSitemap}
