"""The shared vocabulary for reading the archive.

The reading site, the API and the admin all start from these methods, so
"what the public may see" is decided in one place.
"""

import datetime as dt

from django.db import models
from django.db.models import (
    Exists,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Value,
)
from django.db.models.functions import Cast, Coalesce

from articles.search import search_match, search_query, search_rank

# Before every publish date: where an undated article sorts among equal search ranks.
EARLIEST = dt.datetime(1, 1, 1, tzinfo=dt.UTC)


def _json_object(alias: str, columns, **extra: str) -> str:
    pairs = [f"'{column}', {alias}.{column}" for column in columns]
    pairs += [f"'{key}', {expression}" for key, expression in extra.items()]
    return f"jsonb_build_object({', '.join(pairs)})"


# Per-article subqueries for lists, written as SQL templates around the article's id.
# Composed with Subquery() the ORM compiled each inner query anew on every request:
# two thirds of a list page's 1.9 ms of compiling; these compile like a column.
class ClaimsCount(Func):
    template = (
        "(SELECT count(*) FROM articles_claim claim WHERE claim.article_id = %(expressions)s)"
    )
    output_field = IntegerField()


class RelatedColumn(Func):
    """One text column of a row related to the article, as a scalar subquery matched on the
    article's ``key`` column. PostgreSQL evaluates it for the rows a page returns, after
    sorting; a join would touch every row first (a search's 7,000 matches: 1 ms of 16).
    ``columns`` names the columns a subclass's template may be given."""

    columns: tuple[str, ...] = ()
    key = "pk"
    output_field = models.TextField()

    def __init__(self, column: str):
        if column not in self.columns:
            raise ValueError(column)
        super().__init__(self.key, column=column)


class LeadImageColumn(RelatedColumn):
    """A column of the article's lead image (at most one: a constraint says so), NULL when it
    has none. Caption and credit are NOT NULL, so a NULL caption means no lead image. Two
    plain columns, not one JSON object: decoding 20 objects a page cost more than the
    second index probe."""

    template = (
        "(SELECT lead.%(column)s FROM articles_image lead "
        "WHERE lead.article_id = %(expressions)s AND lead.is_lead)"
    )
    columns = ("caption", "credit")


class SourceColumn(RelatedColumn):
    """A column of the article's source, NULL when it has none."""

    template = (
        "(SELECT source.%(column)s FROM articles_source source WHERE source.id = %(expressions)s)"
    )
    columns = ("name", "slug")
    key = "source_id"


class SourceBySlug(Func):
    """The id of the source with this slug (NULL if none), for ``source_id = …`` in the
    same query: a scalar subquery PostgreSQL runs once, before using the source index."""

    template = "(SELECT source.id FROM articles_source source WHERE source.slug = %(expressions)s)"
    output_field = models.BigIntegerField()


class IsoTime(Func):
    """A time as the API writes it, formatted by PostgreSQL: ISO 8601 in UTC with ``Z``,
    microseconds only when there are some (as Python's ``isoformat`` does). Loading a
    timestamp through Django's time-zone loader and formatting it again cost a list page
    0.15 ms; text costs nothing to load. NULL stays NULL.

    A scalar subquery, like the lead image's columns, so that PostgreSQL formats only the
    rows a page returns, after sorting: inline, a search formatted all its 7,000 matches
    before keeping 21 (+7 ms)."""

    template = (
        "(SELECT to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || "
        "CASE WHEN to_char(%(expressions)s, 'US') = '000000' THEN '' "
        "ELSE to_char(%(expressions)s, '.US') END || 'Z')"
    )
    output_field = models.TextField()


# The columns of ``with_media_as_rows``'s image and claim rows (claims also carry
# ``speaker_name``).
IMAGE_ROW = ("position", "caption", "credit", "is_lead")
CLAIM_ROW = (
    "id",
    "speaker_id",
    "speaker_role",
    "statement",
    "stated_on",
    "medium",
    "status",
    "paragraph",
    "in_current_text",
    "created_at",
    "reviewed_at",
)


# An article's images and claims as JSON arrays in reading order ([] when none), SQL
# templates like LeadImageColumn: composed from ArraySubquery and JSONObject, compiling them
# took 40% of a detail request.
class ImageRows(Func):
    template = (
        f"(SELECT coalesce(jsonb_agg({_json_object('image', IMAGE_ROW)} "
        "ORDER BY image.position, image.id), '[]') "
        "FROM articles_image image WHERE image.article_id = %(expressions)s)"
    )
    output_field = models.JSONField()


_CLAIM_OBJECT = _json_object("claim", CLAIM_ROW, speaker_name="speaker.name")


class ClaimRows(Func):
    template = (
        f"(SELECT coalesce(jsonb_agg({_CLAIM_OBJECT} "
        "ORDER BY claim.paragraph, claim.span_start, claim.id), '[]') "
        "FROM articles_claim claim LEFT JOIN articles_speaker speaker "
        "ON speaker.id = claim.speaker_id WHERE claim.article_id = %(expressions)s)"
    )
    output_field = models.JSONField()


def sees_hidden(user) -> bool:
    """Staff see what editors hid; everyone else (anonymous included) does not."""
    return user is not None and user.is_active and user.is_staff


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles the public may see: not hidden by an editor."""
        return self.filter(visibility=self.model.Visibility.PUBLIC)

    def visible_to(self, user):
        """Staff see everything; everyone else sees what is published."""
        if sees_hidden(user):
            return self
        return self.published()

    def with_media(self):
        """Everything a page or API detail shows, in a fixed number of queries."""
        from articles.models import Claim, Image

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
                    queryset=Claim.objects.select_related("speaker").order_by(
                        "paragraph", "span_start", "id"
                    ),
                ),
            )
        )

    def with_media_as_rows(self):
        """What ``with_media`` loads, in one query: ``image_rows`` and ``claim_rows`` are
        lists of dicts, in reading order (the API's detail; three queries through model
        instances cost it two thirds of its time)."""
        return (
            self.select_related("source")
            .defer("search_vector", "rank_vector", "as_imported")
            .annotate(image_rows=ImageRows("pk"), claim_rows=ClaimRows("pk"))
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

    def with_claims(self, **lookups):
        """Articles with at least one claim matching ``lookups`` (e.g. speaker=…, status=…)."""
        from articles.models import Claim

        return self.filter(Exists(Claim.objects.filter(article=OuterRef("pk"), **lookups)))

    def without_claims(self):
        from articles.models import Claim

        return self.filter(~Exists(Claim.objects.filter(article=OuterRef("pk"))))

    def search(self, text: str):
        """Arabic full-text search, best matches first."""
        query = search_query(text)
        return (
            self.filter(search_match(query))
            # As double precision: ts_rank's real would not survive a round trip through
            # Python (and a cursor) exactly, so "rank < this page's last" would misfire.
            .annotate(
                rank=Cast(search_rank(query), FloatField()),
                # Equal ranks come newest first; an undated article last.
                recency=Coalesce("published_at", Value(EARLIEST)),
            )
            .order_by("-rank", "-recency", "-id")
        )


class ClaimQuerySet(models.QuerySet):
    def published(self):
        """Claims whose article the public may see."""
        return self.filter(article__visibility="public")

    def visible_to(self, user):
        """Staff see every claim; everyone else the claims of published articles."""
        if sees_hidden(user):
            return self
        return self.published()
