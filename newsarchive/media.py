"""Uploaded pictures, served by the application (whitenoise serves only static files).

Only files inside MEDIA_ROOT, only the picture types the desk accepts, each with its
own content type and ``nosniff``, so no upload can be read by a browser as a page or script.
"""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils.http import http_date
from django.views.decorators.http import require_safe

# What the media route serves, by file suffix; anything else answers 404.
IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
}


def media_file(relative: str) -> Path:
    """The file under MEDIA_ROOT that ``relative`` names, or Http404: nothing outside it
    (``..``, absolute paths, symlinks pointing out), no hidden files, only pictures."""
    root = Path(settings.MEDIA_ROOT).resolve()
    parts = Path(relative).parts
    if not parts or any(part.startswith(".") or "\\" in part or "\x00" in part for part in parts):
        raise Http404
    try:
        path = (root / relative).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        raise Http404 from None
    if not path.is_relative_to(root) or not path.is_file():
        raise Http404
    if path.suffix.lower() not in IMAGE_TYPES:
        raise Http404
    return path


@require_safe
def serve_media(request, path: str):
    file = media_file(path)
    response = FileResponse(file.open("rb"), content_type=IMAGE_TYPES[file.suffix.lower()])
    response["X-Content-Type-Options"] = "nosniff"
    # A picture needs nothing else; should a browser open it as a document, it runs nothing.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Content-Disposition"] = "inline"
    response["Last-Modified"] = http_date(file.stat().st_mtime)
    response["Cache-Control"] = "public, max-age=3600"
    return response
