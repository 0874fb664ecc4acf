"""sitemap.xml: an index of two sections, every public article and every fact-check page,
each with when it last changed, in pages of ``limit`` entries."""

from django.contrib.sitemaps import Sitemap
from django.core.cache import cache
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.functional import cached_property

from articles.models import Article, Claim
from articles.site.freshness import archive_changed_at

ENTRIES_PER_PAGE = 500
# How long a section's page boundaries are kept when nothing changes (a change moves the key).
BOUNDS_SECONDS = 24 * 3600


class KeysetSitemapPaginator(Paginator):
    """Django's paginator for a list in id order, with its pages read by keyset: page n is
    the ``per_page`` items from the n-th page's first id on, an index range scan, where
    Django's OFFSET read every item before the page (0.9 s for page 156 of 200 at
    100,000 articles), and each request counted the whole list. The count and each page's
    first id come from one read of the list's ids, kept until the archive changes."""

    def __init__(self, object_list, per_page, *, name: str):
        self.items = object_list.order_by("pk")
        super().__init__(self.items, per_page)
        self.name = name

    @cached_property
    def bounds(self) -> tuple[int, list[int]]:
        """(how many items, the first id of each page)."""
        changed = archive_changed_at(None)
        key = f"site:sitemap-bounds:{self.name}:{changed.isoformat() if changed else ''}"
        bounds = cache.get(key)
        if bounds is None:
            ids = list(self.items.values_list("pk", flat=True))
            bounds = (len(ids), ids[:: self.per_page])
            cache.set(key, bounds, BOUNDS_SECONDS)
        return bounds

    @cached_property
    def count(self) -> int:
        return self.bounds[0]

    def page(self, number):
        number = self.validate_number(number)
        starts = self.bounds[1]
        if not starts:  # an empty section: its one page is empty
            return self._get_page(self.items.none(), number, self)
        rows = self.items.filter(pk__gte=starts[number - 1])[: self.per_page]
        return self._get_page(rows, number, self)


class ArchiveSitemap(Sitemap):
    changefreq = "monthly"
    limit = ENTRIES_PER_PAGE
    model: type

    @property
    def paginator(self):
        return KeysetSitemapPaginator(self._items(), self.limit, name=type(self).__name__)

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
        return Article.objects.published().only("id", "modified_at")

    def lastmod(self, article):
        return article.modified_at


class ClaimSitemap(ArchiveSitemap):
    model = Claim

    def items(self):
        # Its ids listed from claim_checked_reviewed_idx alone: the anti-join needs no
        # claim's row nor article.
        return Claim.objects.checked().outside_hidden_articles().only("id", "reviewed_at")

    def location(self, claim):
        return reverse("articles:claim", kwargs={"pk": claim.pk})

    def lastmod(self, claim):
        return claim.reviewed_at


SITEMAPS = {"articles": ArticleSitemap, "claims": ClaimSitemap}
