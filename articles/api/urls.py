from rest_framework.routers import DefaultRouter

from articles.api.views import ArticleViewSet, SourceViewSet

app_name = "api"

router = DefaultRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("sources", SourceViewSet, basename="source")

urlpatterns = router.urls
