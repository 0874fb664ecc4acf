"""The read API: GET only, what the requester may see, a fixed number of queries per page."""

import datetime as dt

from django.db.models import Exists, Func, IntegerField, OuterRef, Q, Subquery
from django.utils.http import http_date
from django.utils.text import format_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.response import Response

from articles.api import serializers
from articles.api.caching import SnapshotCacheMixin
from articles.api.filters import (
    ArticleListFilter,
    ClaimFilter,
    ImageFilter,
    SpeakerFilter,
    ranked_matches,
)
from articles.api.pagination import KeysetPagination
from articles.api.rows import (
    articles_visible_to,
    attach_claim_context,
    claims_visible_to,
    images_visible_to,
)
from articles.api.shapes import ARTICLE
from articles.models import Claim, Source, Speaker

ERRORS = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description="A parameter is invalid; named."),
    429: OpenApiResponse(OpenApiTypes.OBJECT, description="Too many requests; retry later."),
}
NOT_FOUND = {404: OpenApiResponse(OpenApiTypes.OBJECT, description="No such item for you.")}


class ReadOnlyViewSet(SnapshotCacheMixin, viewsets.ReadOnlyModelViewSet):
    """GET (and HEAD, OPTIONS) only: anything else is 405 and changes nothing. Anonymous
    JSON reads are answered from the snapshot-keyed cache when they can be.

    The cache's rule, which every view here keeps: an answer may depend only on the
    database snapshot, the scheme, host, path, query string and the language, the parts
    of its cache key. Not on who asks (beyond staff or not: staff are never cached), the
    clock, the client's address or other headers, nor the active time zone (times are
    written in UTC). A view that needs anything else must not be cached (``cached``
    returning None). ``test_an_answer_depends_on_nothing_its_cache_key_leaves_out``
    asks every kind of address under each of those differences.
    """

    http_method_names = ["get", "head", "options"]
    pagination_class = KeysetPagination
    lookup_value_regex = "[0-9]+"

    def last_modified(self, instance) -> dt.datetime | None:
        return None

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if not page and hasattr(self, "filterset"):
            self.filterset.check()  # an empty list may be a typo: an unknown source's slug
        return page

    def retrieve(self, request, *args, **kwargs):
        """A detail with Last-Modified where known. Django's ConditionalGetMiddleware adds
        the ETag (a digest of the bytes sent, so each format has its own) and answers a
        matching If-None-Match / If-Modified-Since with a 304 without a body."""
        if cached := self.cached(request):
            return cached
        instance = self.get_object()
        response = Response(self.get_serializer(instance).data)
        modified = self.last_modified(instance)
        if modified is not None:
            response["Last-Modified"] = http_date(int(modified.timestamp()))
        return response


# -- articles ------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Articles",
        description="Articles you may see, newest first (best match first with `search`).",
        responses={200: serializers.ArticleSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="An article",
        description="The article with its body in reading order, images, claims and "
        "provenance. Sends ETag and Last-Modified; answers 304 to a matching "
        "If-None-Match / If-Modified-Since.",
        responses={200: serializers.ArticleDetailSerializer, **NOT_FOUND, **ERRORS},
    ),
)
class ArticleViewSet(ReadOnlyViewSet):
    filterset_class = ArticleListFilter
    ordering_fields = {
        "published_at": "datetime",
        "updated_at": "datetime",
        "title": "text",
        "id": "int",
        "rank": "float",
    }
    default_ordering = "-published_at"
    # List rows hold the times as the text they print; cursors take it as is.
    row_columns = ARTICLE.renamed
    # Equal ranks are common (the rank reads headline and lead only): newest first.
    ordering_tiebreaks = {"rank": [("recency", "datetime")]}
    ordering_help = format_lazy(
        "`rank` (search relevance: the words in the headline, then in the lead paragraph) "
        "only with `search`, where `-rank` is the default; equal ranks come newest first. "
        "A search by `rank` ranks the newest {ranked} matches only (see `search`).",
        ranked=ranked_matches(),
    )

    def is_search(self) -> bool:
        return bool(self.request.query_params.get("search", "").strip())

    def get_default_ordering(self, request):
        return "-rank" if self.is_search() else self.default_ordering

    def get_ordering_fields(self, request):
        if self.is_search():
            return self.ordering_fields
        return {name: kind for name, kind in self.ordering_fields.items() if name != "rank"}

    def get_queryset(self):
        return articles_visible_to(self.request.user, detail=self.action == "retrieve")

    def narrow_page(self, rows, key, *, backwards: bool, count: int):
        """A search listed newest first: its page from the windows of the newest matches
        (``ArticleQuerySet.among_newest``), not a sort of every match."""
        if self.is_search() and key.name == "-published_at" and not backwards:
            return rows.among_newest(count)
        return rows

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ArticleDetailSerializer
        return serializers.ArticleSerializer

    def last_modified(self, article):
        times = [article.modified_at, article.imported_at]
        for claim in article.claim_rows:  # times as PostgreSQL writes them in JSON: ISO 8601
            times += [dt.datetime.fromisoformat(claim["created_at"])]
            if claim["reviewed_at"] is not None:
                times.append(dt.datetime.fromisoformat(claim["reviewed_at"]))
        return max(time for time in times if time is not None)


# -- claims --------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Claims",
        description="Claims in articles you may see, newest first (by id) unless `ordering` "
        "says otherwise.",
        responses={200: serializers.ClaimSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="A claim",
        description="A claim with its article, speaker, status history and relations. "
        "Sends ETag and Last-Modified.",
        responses={200: serializers.ClaimSerializer, **NOT_FOUND, **ERRORS},
    ),
)
class ClaimViewSet(ReadOnlyViewSet):
    serializer_class = serializers.ClaimSerializer
    filterset_class = ClaimFilter
    ordering_fields = {"stated_on": "date", "id": "int"}
    default_ordering = "-id"

    def get_queryset(self):
        return claims_visible_to(self.request.user)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        attach_claim_context(page, self.request.user)
        return page

    def get_object(self):
        claim = super().get_object()
        attach_claim_context([claim], self.request.user)
        return claim

    def last_modified(self, claim):
        times = [claim.created_at, claim.reviewed_at, claim.article.modified_at]
        times += [change.changed_at for change in claim.status_history]
        return max(time for time in times if time is not None)


# -- speakers, sources, images -------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Speakers",
        description="People and organisations with at least one claim you may see.",
        responses={200: serializers.SpeakerSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="A speaker",
        responses={200: serializers.SpeakerSerializer, **NOT_FOUND, **ERRORS},
    ),
)
class SpeakerViewSet(ReadOnlyViewSet):
    serializer_class = serializers.SpeakerSerializer
    filterset_class = SpeakerFilter
    ordering_fields = {"name": "text", "id": "int"}
    default_ordering = "name"

    def get_queryset(self):
        claims = Claim.objects.visible_to(self.request.user).filter(speaker=OuterRef("pk"))
        count = Func(template="COUNT(*)", output_field=IntegerField())
        # "OR id < 0" keeps PostgreSQL from turning the EXISTS into a semi-join over every
        # claim (0.6 s at 900k claims); probed per speaker, a page costs a few ms.
        return Speaker.objects.filter(Exists(claims) | Q(id__lt=0)).annotate(
            claims_count=Subquery(claims.order_by().values(count=count))
        )


@extend_schema_view(
    list=extend_schema(
        summary="Sources",
        description="Publishers with at least one article you may see, by name.",
        responses={200: serializers.SourceSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="A source",
        responses={200: serializers.SourceSerializer, **NOT_FOUND, **ERRORS},
    ),
)
class SourceViewSet(ReadOnlyViewSet):
    serializer_class = serializers.SourceSerializer
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    ordering_fields = {"name": "text", "id": "int"}
    default_ordering = "name"
    filter_backends = []

    def get_queryset(self):
        # Only sources with an article the requester may see. No article count: counting
        # 100,000 articles costs 100 ms a page; filter articles/?source=<slug> instead.
        return Source.objects.listed_for(self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary="Images",
        description="Photos of the articles you may see, with caption and credit.",
        responses={200: serializers.ImageSerializer(many=True), **ERRORS},
    ),
)
class ImageViewSet(ReadOnlyViewSet):
    serializer_class = serializers.ImageSerializer
    filterset_class = ImageFilter
    ordering_fields = {"id": "int"}
    default_ordering = "-id"

    def get_queryset(self):
        return images_visible_to(self.request.user)
