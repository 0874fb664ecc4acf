from django.conf import settings
from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path
from django.views import defaults

from articles.site.urls import root_urlpatterns
from newsarchive.media import serve_media
from newsarchive.ops import views as ops_views

urlpatterns = [
    path("admin/", admin.site.urls),
    # The language switch in the admin's header posts to i18n/setlang/ (Django's set_language).
    path("i18n/", include("django.conf.urls.i18n")),
    # Uploaded pictures (whitenoise serves only static files); see newsarchive/media.py.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, name="media"),
    path("api/v1/", include("articles.api.urls")),
    # For load balancers and monitoring (newsarchive/ops/views.py).
    path("healthz", ops_views.healthz, name="healthz"),
    path("readyz", ops_views.readyz, name="readyz"),
    path("metrics", ops_views.metrics_view, name="metrics"),
    *root_urlpatterns,
    path("", include("articles.site.urls")),
]


def not_found(request, exception):
    """API clients get JSON for an unknown address too; readers get the site's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Server error."}, status=500)
    return defaults.server_error(request)


handler404 = not_found
handler500 = server_error
