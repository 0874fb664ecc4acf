from django.conf import settings
from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path
from django.views import defaults

from newsarchive.media import serve_media

urlpatterns = [
    path("admin/", admin.site.urls),
    # Uploaded pictures (whitenoise serves only static files); see newsarchive/media.py.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, name="media"),
    path("api/v1/", include("articles.api.urls")),
    path("", include("articles.urls")),
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
