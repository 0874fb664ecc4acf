"""RSS and Atom feeds: tiny classes over the same queries as the pages."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Claim, Source
from articles.site.pagination import BY_PUBLISHED, BY_REVIEWED
from articles.site.queries import HEAVY_ARTICLE_FIELDS
from articles.site.seo import SITE_NAME
from articles.site.verdicts import verdict_of

FEED_ITEMS = 30


class LatestArticlesFeed(Feed):
    title = SITE_NAME
    description = _("The latest articles in the archive.")
    language = "ar"

    def link(self):
        return reverse("articles:list")

    def articles(self):
        # Feeds are public, signed in or not: never a hidden article.
        return (
            Article.objects.published()
            .select_related("source")
            .defer(*HEAVY_ARTICLE_FIELDS)
            .order_by(*BY_PUBLISHED.order_by())
        )

    def items(self):
        return self.articles()[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return Truncator(" ".join(item.paragraphs[:2])).words(60)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at or item.published_at

    def item_author_name(self, item):
        return item.source.name if item.source else None


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class SourceArticlesFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Source.objects.listed_for(request.user), slug=slug)

    def title(self, source):
        return f"{source.name} — {SITE_NAME}"

    def description(self, source):
        return _("The latest articles of %(source)s in the archive.") % {"source": source.name}

    def link(self, source):
        return reverse("articles:source", kwargs={"slug": source.slug})

    def items(self, source):
        return self.articles().filter(source=source)[:FEED_ITEMS]


class LatestFactChecksFeed(Feed):
    title = _("Fact-checks")
    description = _("The latest fact-checks of claims reported in the archive.")
    language = "ar"

    def link(self):
        return reverse("articles:claims")

    def items(self):
        return (
            Claim.objects.published()
            .checked()
            .select_related("speaker", "verdict")
            .defer("as_imported", "figures")
            .order_by(*BY_REVIEWED.order_by())[:FEED_ITEMS]
        )

    def item_title(self, item):
        speaker = f"{item.speaker.name}: " if item.speaker else ""
        return f"{verdict_of(item).label} — {speaker}{Truncator(item.statement).words(20)}"

    def item_description(self, item):
        return item.statement

    def item_link(self, item):
        return reverse("articles:claim", kwargs={"pk": item.pk})

    def item_pubdate(self, item):
        return item.reviewed_at
