"""Bulk exports for researchers: a whole filtered list as NDJSON or CSV, streamed.

``/api/v1/articles/export.ndjson`` (or ``.csv``) and ``/api/v1/claims/export.ndjson``
(or ``.csv``) take the same filters and ``ordering`` as the lists, no pagination.
Rows are read with ``.iterator()`` and written as they come, so memory stays flat
whatever the size. One flat row per item (the same columns in both formats).
"""

import csv
import json

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.negotiation import BaseContentNegotiation

from articles.api.columns import Shape, UrlMaker
from articles.api.filters import ArticleListFilter, ClaimFilter
from articles.api.pagination import KeysetPagination
from articles.api.rows import articles_visible_to, claims_visible_to
from articles.api.shapes import ARTICLE, CLAIM
from articles.api.views import ERRORS, ArticleViewSet, ClaimViewSet

CHUNK_SIZE = 2000
FORMATS = {"ndjson": "application/x-ndjson; charset=utf-8", "csv": "text/csv; charset=utf-8"}


class _Line:
    """The file-like object csv.writer writes one row into; we hand the row on."""

    def write(self, value: str) -> str:
        return value


class FormatFromPath(BaseContentNegotiation):
    """The file's format is in the path; errors still come back as JSON, whatever Accept says."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return None


class ExportView(generics.GenericAPIView):
    """Shared by the exports: filters, ordering, streaming. Subclasses name the row's
    shape; its flat form (``Shape.flat``) gives the columns, the same in both formats."""

    http_method_names = ["get", "head", "options"]
    content_negotiation_class = FormatFromPath
    pagination_class = None
    shape: Shape

    def rows(self, queryset, request):
        urls = UrlMaker(request)
        for row in queryset.iterator(chunk_size=CHUNK_SIZE):
            yield self.shape.flat(row, urls)

    def get(self, request, export_format: str):
        queryset = self.filter_queryset(self.get_queryset())
        if hasattr(self, "filterset"):
            self.filterset.check()  # before the first byte: a 400 cannot follow a 200
        queryset = KeysetPagination().ordered(queryset, request, self)
        lines = self.lines(self.rows(queryset, request), export_format)
        response = StreamingHttpResponse(lines, content_type=FORMATS[export_format])
        name = f"{self.basename}.{export_format}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def lines(self, rows, export_format):
        if export_format == "ndjson":
            for row in rows:
                yield json.dumps(row, ensure_ascii=False) + "\n"
            return
        writer = csv.writer(_Line())
        yield writer.writerow(self.shape.export_columns)
        for row in rows:
            yield writer.writerow(["" if value is None else value for value in row.values()])


def export_parameters(view_class) -> list[OpenApiParameter]:
    return [
        OpenApiParameter(
            "export_format",
            location=OpenApiParameter.PATH,
            enum=list(FORMATS),
            description="ndjson: one JSON object per line; csv: a header row, then rows.",
        ),
        OpenApiParameter(
            "ordering",
            enum=KeysetPagination.ordering_choices(view_class),
            description=f"As in the list (default `{view_class.default_ordering}`).",
        ),
    ]


EXPORT_RESPONSES = {
    (200, "application/x-ndjson"): OpenApiResponse(
        OpenApiTypes.STR, description="One JSON object per line."
    ),
    (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="A header row, then rows."),
    **ERRORS,
}


class ArticleExportView(ExportView):
    filterset_class = ArticleListFilter
    basename = "articles"
    shape = ARTICLE
    ordering_fields = ArticleViewSet.ordering_fields
    default_ordering = ArticleViewSet.default_ordering
    is_search = ArticleViewSet.is_search
    get_default_ordering = ArticleViewSet.get_default_ordering
    get_ordering_fields = ArticleViewSet.get_ordering_fields

    def get_queryset(self):
        # The list's rows, every page of them.
        return articles_visible_to(self.request.user)

    @extend_schema(
        summary="Export articles (NDJSON or CSV)",
        description="The article list with the same filters and ordering, every page at once, "
        "streamed. `export_format` is `ndjson` or `csv`.",
        operation_id="articles_export",
        filters=True,
        parameters=export_parameters(ArticleViewSet),
        responses=EXPORT_RESPONSES,
    )
    def get(self, request, export_format: str):
        return super().get(request, export_format)


class ClaimExportView(ExportView):
    filterset_class = ClaimFilter
    basename = "claims"
    shape = CLAIM
    ordering_fields = ClaimViewSet.ordering_fields
    default_ordering = ClaimViewSet.default_ordering

    def get_queryset(self):
        return claims_visible_to(self.request.user)

    @extend_schema(
        summary="Export claims (NDJSON or CSV)",
        description="The claim list with the same filters and ordering, every page at once, "
        "streamed, one flat row per claim (no history or relations). `export_format` is "
        "`ndjson` or `csv`.",
        operation_id="claims_export",
        filters=True,
        parameters=export_parameters(ClaimViewSet),
        responses=EXPORT_RESPONSES,
    )
    def get(self, request, export_format: str):
        return super().get(request, export_format)
