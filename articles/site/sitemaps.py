"""sitemap.xml: an index of two sections, every public article and every fact-check page,
each with when it last changed, in pages of ``limit`` entries."""

import datetime as dt
from xml.sax.saxutils import escape

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import x_robots_tag
from django.contrib.sites.shortcuts import get_current_site
from django.core.cache import cache
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property

from articles.addresses import path_to
from articles.models import Article, Claim
from articles.site.freshness import archive_changed_at, newest_change

ENTRIES_PER_PAGE = 500
URLSET_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
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
    """A section whose items are (id, last change) rows, each entry's address ``url_name``
    with its id (``addresses.path_to``: no reverse() per entry)."""

    changefreq = "monthly"
    limit = ENTRIES_PER_PAGE
    model: type
    url_name: str
    lastmod_field: str

    def rows(self):
        raise NotImplementedError

    def items(self):
        return self.rows().values_list("pk", self.lastmod_field)

    @property
    def paginator(self):
        return KeysetSitemapPaginator(self.items(), self.limit, name=type(self).__name__)

    def location(self, item):
        return path_to(self.url_name, pk=item[0])

    def lastmod(self, item):
        return item[1]

    def get_latest_lastmod(self):
        """The section's last change, for the index: the newest history record (an index
        lookup), not the newest of every entry."""
        return newest_change(self.model).first()


class ArticleSitemap(ArchiveSitemap):
    model = Article
    url_name = "articles:detail"
    lastmod_field = "modified_at"

    def rows(self):
        return Article.objects.published()


class ClaimSitemap(ArchiveSitemap):
    model = Claim
    url_name = "articles:claim"
    lastmod_field = "reviewed_at"

    def rows(self):
        # Its ids listed from claim_checked_id_idx alone: the anti-join needs no claim's
        # row nor article.
        return Claim.objects.checked().outside_hidden_articles()


SITEMAPS = {"articles": ArticleSitemap, "claims": ClaimSitemap}


def _day(changed: dt.datetime | None, zone: dt.tzinfo) -> str:
    """The day of a change in ``zone``, as Django's sitemap template writes it."""
    return changed.astimezone(zone).date().isoformat() if changed else ""


def _url_element(location: str, lastmod: str, changefreq: str) -> str:
    day = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
    return f"<url><loc>{escape(location)}</loc>{day}<changefreq>{changefreq}</changefreq></url>"


@x_robots_tag
def sitemap_section(request, section: str):
    """One page (``?p=``) of a section, as Django's sitemap view writes it less what these
    sections do not use (priorities, alternates): the entries written as text from (id,
    last change) rows, where the view's dictionary and template nodes per entry took
    40 ms of CPU for 500 (the address escaped here, the rest digits and dates)."""
    if section not in SITEMAPS:
        raise Http404(f"No sitemap section {section!r}.")
    sitemap = SITEMAPS[section]()
    try:
        page = sitemap.paginator.page(request.GET.get("p", 1))
    except InvalidPage as error:
        raise Http404(str(error)) from error
    # Where Django's sitemap view puts its entries: the request's scheme, the site's domain.
    origin = f"{sitemap.get_protocol(request.scheme)}://{get_current_site(request).domain}"
    zone = timezone.get_current_timezone()
    entries = "\n".join(
        _url_element(
            origin + sitemap.location(row), _day(sitemap.lastmod(row), zone), sitemap.changefreq
        )
        for row in page.object_list
    )
    return HttpResponse(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{URLSET_NAMESPACE}">\n'
        f"{entries}\n</urlset>\n",
        content_type="application/xml",
    )
