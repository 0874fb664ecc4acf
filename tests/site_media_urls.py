"""The site's addresses plus uploaded media, for browser tests (gunicorn leaves media to the
web server in front of it)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from newsarchive.urls import handler404, handler500, urlpatterns

urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *urlpatterns,
]
__all__ = ["handler404", "handler500", "urlpatterns"]
