"""The shared vocabulary for reading the archive.

The reading site, the API and the admin all start from these methods, so
"what the public may see" is decided in one place.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Exists, FloatField, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Cast, Coalesce

from articles.search import (
    PAGE_WINDOW_SHARES,
    among_newest_matches,
    search_match,
    search_query,
    search_rank,
)
from articles.sql import ClaimRows, ClaimsCount, ImageRows, IsoTime, LeadImageColumn, SourceColumn

# Before every publish date: where an undated article sorts among equal search ranks.
EARLIEST = dt.datetime(1, 1, 1, tzinfo=dt.UTC)


def sees_hidden(user) -> bool:
    """Staff see what editors hid; everyone else (anonymous included) does not."""
    return user is not None and user.is_active and user.is_staff


# A claim the public sees as fact-checked: published, with a verdict.
CHECKED = Q(review_state="published", verdict__isnull=False)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles the public may see: not hidden by an editor."""
        return self.filter(visibility=self.model.Visibility.PUBLIC)

    def visible_to(self, user):
        """Staff see everything; everyone else sees what is published."""
        if sees_hidden(user):
            return self
        return self.published()

    def related_model(self, name: str):
        """The model of a relation (``images``, ``claims``), without importing models.py,
        which imports this module."""
        return self.model._meta.get_field(name).related_model

    def with_media(self):
        """Everything a page or API detail shows, in a fixed number of queries."""
        Image, Claim = self.related_model("images"), self.related_model("claims")

        # Not the search vector (5.5 kB a row, parsed as text) nor the import digests.
        # The claims' ordering is spelled out: Claim's Meta ordering starts with
        # "article", which would join the article table again to sort by its ordering.
        return (
            self.select_related("source")
            .defer("search_vector", "rank_vector", "as_imported")
            .prefetch_related(
                Prefetch("images", queryset=Image.objects.order_by("position", "id")),
                Prefetch(
                    "claims",
                    queryset=Claim.objects.select_related("speaker", "verdict").order_by(
                        "paragraph", "span_start", "id"
                    ),
                ),
            )
        )

    def with_media_as_rows(self, *, image_columns, claim_columns):
        """What ``with_media`` loads, in one query: ``image_rows`` and ``claim_rows`` are
        lists of dicts of the fields named (see ``sql.ImageRows``, ``sql.ClaimRows``), in
        reading order (the API's detail; three queries through model instances cost it two
        thirds of its time)."""
        return (
            self.select_related("source")
            .defer("search_vector", "rank_vector", "as_imported")
            .annotate(
                image_rows=ImageRows("pk", fields=image_columns),
                claim_rows=ClaimRows("pk", fields=claim_columns),
            )
        )

    def with_claims_count(self):
        """``claims_count``: a correlated subquery, so a page of 20 counts 20 articles, not all."""
        return self.annotate(claims_count=ClaimsCount("pk"))

    def with_iso_times(self):
        """``published_iso`` and ``updated_iso``: the source's times as ISO 8601 text."""
        return self.annotate(
            published_iso=IsoTime("published_at"), updated_iso=IsoTime("updated_at")
        )

    def with_source_columns(self):
        """``source_name`` and ``source_slug``, both None for an article without a source."""
        return self.annotate(source_name=SourceColumn("name"), source_slug=SourceColumn("slug"))

    def with_lead_image(self):
        """``lead_caption`` and ``lead_credit`` of the article's lead image, both None when
        it has none.

        A subquery, not a join: PostgreSQL runs it only for the rows a page returns,
        after sorting (joined, a search sorting its 7,000 matches by rank joined all 7,000).
        """
        return self.annotate(
            lead_caption=LeadImageColumn("caption"), lead_credit=LeadImageColumn("credit")
        )

    def with_claims(self, *conditions, **lookups):
        """Articles with at least one claim matching ``conditions`` and ``lookups`` (e.g.
        ``CHECKED``, speaker=…)."""
        Claim = self.related_model("claims")
        return self.filter(
            Exists(Claim.objects.filter(*conditions, article=OuterRef("pk"), **lookups))
        )

    def without_claims(self):
        Claim = self.related_model("claims")
        return self.filter(~Exists(Claim.objects.filter(article=OuterRef("pk"))))

    def matching(self, text: str):
        """Every article the Arabic full-text search finds, unranked (counts, the admin's
        search, a search sorted by date)."""
        return self.filter(search_match(search_query(text)))

    def search(self, text: str):
        """Arabic full-text search, best matches first: the newest
        ``NEWSARCHIVE_SEARCH_RANKED_MATCHES`` matches (by publication date, undated last),
        ranked. Ranking every match read every match's row: 7,000 at 100,000 articles for a
        word in 7% of them, ten times as many at a million."""
        query = search_query(text)
        # Equal ranks come newest first; an undated article last.
        recency = Coalesce("published_at", Value(EARLIEST))
        matches = self.filter(search_match(query)).annotate(recency=recency)
        newest = among_newest_matches(matches, settings.NEWSARCHIVE_SEARCH_RANKED_MATCHES)
        return (
            self.filter(newest)
            # As double precision: ts_rank's real would not survive a round trip through
            # Python (and a cursor) exactly, so "rank < this page's last" would misfire.
            .annotate(rank=Cast(search_rank(query), FloatField()), recency=recency)
            .order_by("-rank", "-recency", "-id")
        )

    def among_newest(self, count: int):
        """These articles narrowed to a set holding the first ``count`` of them newest first
        (undated first, as the article lists sort), found through windows of publication
        time as a search's ranked matches are: a search sorted by date reads the rows of
        its newest matches, not of all."""
        rows = self.annotate(recency=Coalesce("published_at", Value(EARLIEST)))
        newest = among_newest_matches(rows, count, PAGE_WINDOW_SHARES, undated_first=True)
        return self.filter(newest)


class SourceQuerySet(models.QuerySet):
    def listed_for(self, user):
        """Sources with at least one article ``user`` may see: a source whose every article
        is hidden is not named to the public (staff still see it)."""
        articles = self.model.articles.field.model.objects.visible_to(user)
        return self.filter(Exists(articles.filter(source=OuterRef("pk"))))


class ClaimQuerySet(models.QuerySet):
    def published(self):
        """Claims whose article the public may see."""
        return self.filter(article__visibility="public")

    def visible_to(self, user):
        """Staff see every claim; everyone else the claims of published articles."""
        if sees_hidden(user):
            return self
        return self.published()

    def outside_hidden_articles(self):
        """``published()`` as an anti-join with the articles the public may not see (a few,
        through their partial index) instead of a join with every claim's article: a list
        counted or walked through an index holding the claim's article id (e.g.
        ``claim_checked_speaker_idx``) then never reads the claims' or the articles' rows.
        The same claims as ``published()``: an article is public or hidden (a constraint),
        and every claim has one."""
        Article = self.model._meta.get_field("article").related_model
        not_public = Article.objects.filter(pk=OuterRef("article")).exclude(
            visibility=Article.Visibility.PUBLIC
        )
        return self.exclude(Exists(not_public))

    def checked(self):
        """Claims whose verdict the public may see: published, with a verdict."""
        return self.filter(CHECKED)

    def with_public_verdict(self, slug: str):
        """Claims the public sees with the verdict ``slug``; ``unreviewed``: all the others."""
        if slug == "unreviewed":
            return self.exclude(review_state="published", verdict__isnull=False)
        return self.checked().filter(verdict__slug=slug)
