"""Which language a request is answered in: decided by the part of the site it asks for."""

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

# The read API's addresses (newsarchive/urls.py mounts it there; its 404 handler knows it too).
API_PREFIX = "/api/"


class LanguageByAreaMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, with one rule per area of the site:

    - **The API** follows the client, as Django does: the language cookie, then
      ``Accept-Language`` (``Accept-Language: en`` gets English error messages).
    - **The admin** (and the language switch that serves it) is Arabic, whatever the
      browser asks for: it is an Arabic newsroom's desk, and an English browser is
      no sign that its user wants an English desk. Staff who do choose English with
      the switch in the admin's header get it: the language cookie decides, never
      ``Accept-Language``.
    - **The reading site** is Arabic, always: it publishes Arabic articles.
    """

    def process_request(self, request):
        language = self.language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if request.path_info.startswith(API_PREFIX):
            # Only the API's answers depend on the browser's language header.
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response

    @staticmethod
    def language_for(request) -> str:
        path = request.path_info
        if path.startswith(API_PREFIX):
            return translation.get_language_from_request(request)
        if path.startswith(_switchable_paths()):
            return _language_from_cookie(request) or settings.LANGUAGE_CODE
        return settings.LANGUAGE_CODE


def _switchable_paths() -> tuple[str, ...]:
    """The admin's and the switch's addresses, as ``path_info`` spells them."""
    script_prefix = get_script_prefix()
    return tuple(
        "/" + reverse(name).removeprefix(script_prefix) for name in ("admin:index", "set_language")
    )


def _language_from_cookie(request) -> str | None:
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


class RefuseNulBytesMiddleware:
    """A NUL byte in the query string is a 400 with a message; in the path, a 404.

    PostgreSQL refuses NUL in text, so such a value would reach a query (a slug, a search,
    an admin filter or search) and end as a 500. No parameter of the archive has a use for
    one, so one rule at the door covers every view, present and future: the API answers as
    for any bad parameter (``{"name": [message]}``), the site and the admin with the 400
    page. A path with a NUL names nothing: 404, from the site's or the API's own handler.
    (Form fields refuse NUL in posted data themselves: ProhibitNullCharactersValidator.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404(_("No such address."))
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in query or b"\x00" in unquote_to_bytes(query.replace("+", " ")):
            return _refused(request)
        return self.get_response(request)


def _refused(request) -> HttpResponse:
    message = _("The address contains a NUL character, which the archive refuses.")
    if request.path_info.startswith(API_PREFIX):
        names = [
            name
            for name, values in request.GET.lists()
            if "\x00" in name or any("\x00" in value for value in values)
        ]
        if names and not any("\x00" in name for name in names):
            return JsonResponse({name: [message] for name in names}, status=400)
        return JsonResponse({"detail": message}, status=400)
    body = render_to_string("400.html", {"message": message}, request=request)
    return HttpResponse(body, status=400)


class RetryReadOnLostConnectionMiddleware:
    """A read whose database connection was lost half-way is answered again, once, on a
    new connection, instead of a 500.

    Connections are health-checked before a request uses them (``CONN_HEALTH_CHECKS``),
    but the server may drop one between two queries of the same request (a restart, a
    failover, ``pg_terminate_backend``). A GET or HEAD changes nothing, so running its
    view again is safe; only when the failure was the connection (it is no longer usable),
    outside any transaction, and only once. Anything else goes on as the error it is.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method not in ("GET", "HEAD") or getattr(request, "_retried_read", False):
            return None
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        # The primary's connections only: a replica that fails is the operations
        # middleware's to handle (it marks the replica down and answers from the primary).
        lost = [
            conn
            for conn in connections.all(initialized_only=True)
            if conn.alias == DEFAULT_DB_ALIAS
            and not conn.in_atomic_block
            and (conn.connection is None or not conn.is_usable())
        ]
        if not lost:
            return None
        for conn in lost:
            conn.close()
        request._retried_read = True
        return answer_again(request)


def answer_again(request):
    """Run the request's view once more and render its answer: for a read whose first
    attempt met a database that failed (safe, as a GET or HEAD changes nothing)."""
    match = request.resolver_match
    response = match.func(request, *match.args, **match.kwargs)
    render = getattr(response, "render", None)
    return render() if callable(render) else response
