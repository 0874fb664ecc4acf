"""The project's addresses plus one for the page benchmark's floor (bench/pages_bench.py).

``/bench-floor/`` runs ``SELECT 1`` and answers a few bytes, through the same middleware
as every page: what a request costs before a page does any work of its own.
"""

from django.db import connection
from django.http import HttpResponse
from django.urls import path

from newsarchive.urls import handler404, handler500
from newsarchive.urls import urlpatterns as project_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def floor(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse(b"1", content_type="text/plain")


urlpatterns = [path("bench-floor/", floor), *project_urlpatterns]
