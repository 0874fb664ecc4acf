from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from articles.api import views
from articles.api.exports import ArticleExportView, ClaimExportView
from articles.api.research import (
    ArticleCountsView,
    ArticleSpeakersView,
    ArticleWordsView,
    ClaimCountsView,
)

app_name = "api"


def research_urls(prefix: str, view, name: str) -> list:
    return [
        path(f"{prefix}/", view.as_view(), name=name),
        re_path(rf"^{prefix}\.(?P<export_format>csv)$", view.as_view(), name=f"{name}-csv"),
    ]


router = DefaultRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("sources", views.SourceViewSet, basename="source")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("speakers", views.SpeakerViewSet, basename="speaker")
router.register("images", views.ImageViewSet, basename="image")

urlpatterns = [
    re_path(
        r"^articles/export\.(?P<export_format>ndjson|csv)$",
        ArticleExportView.as_view(),
        name="article-export",
    ),
    re_path(
        r"^claims/export\.(?P<export_format>ndjson|csv)$",
        ClaimExportView.as_view(),
        name="claim-export",
    ),
    # Research: JSON at …/, CSV at ….csv (before the router's articles/<id>/).
    *research_urls("articles/counts", ArticleCountsView, "article-counts"),
    *research_urls("articles/words", ArticleWordsView, "article-words"),
    *research_urls("articles/speakers", ArticleSpeakersView, "article-speakers"),
    *research_urls("claims/counts", ClaimCountsView, "claim-counts"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file, not inline: the CSP
    # (settings.CONTENT_SECURITY_POLICY) allows scripts from this origin only.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Redoc draws its maker's logo from its own site: that image alone is let through.
    path(
        "redoc/",
        csp_update({"img-src": ["https://cdn.redoc.ly"]})(
            SpectacularRedocView.as_view(url_name="api:schema")
        ),
        name="redoc",
    ),
    *router.urls,
]
