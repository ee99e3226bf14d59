import itertools
import logging
import re
import time
import uuid

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .logs import current_request_id, current_route

request_log = logging.getLogger("bialystok_hrc.requests")

# An incoming X-Request-ID (from a proxy or load balancer) is reused only when it
# cannot smuggle anything into the logs: letters, digits, dots, dashes and underscores.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class PermissionsPolicyMiddleware:
    """Sends the Permissions-Policy header (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RequestLogMiddleware:
    """Logs one line per request: method, path (never the query string, which
    can hold search terms), route name, status, duration, size, language, the
    page cache's verdict and a request id, which is also sent back as
    ``X-Request-ID`` so a reported problem can be found in the logs. It logs no
    address, no browser and no user: the portal keeps no personal data about
    visitors."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if SAFE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        id_token = current_request_id.set(request.id)
        route_token = current_route.set(None)
        started = time.monotonic()
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(id_token)
            current_route.reset(route_token)
        response["X-Request-ID"] = request.id
        match = getattr(request, "resolver_match", None)
        request_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "request_id": request.id,
                "method": request.method,
                "path": request.path,
                "route": match.view_name if match else None,
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "bytes": int(response.get("Content-Length", 0)) if response.streaming else len(response.content),
                "language": getattr(request, "LANGUAGE_CODE", None) or translation.get_language(),
                "page_cache": getattr(request, "page_cache", None),
            },
        )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Known once the URL is resolved, so error lines logged by the view carry it too.
        current_route.set(request.resolver_match.view_name)


class RefuseUnstorableInputMiddleware:
    """Answers 400 to any request whose address, query string or cookies hold a
    NUL character, for every route at once. No text in the portal can contain
    one, and PostgreSQL refuses it in a query (a DataError, which would be a
    500), so a view never needs to think about it. Form fields refuse NUL on
    their own (Django's ProhibitNullCharactersValidator), with a message at the
    field. Runs before the page cache and every view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.unstorable(request):
            return bad_request(request, _("The address contains a character that is not allowed (NUL)."))
        return self.get_response(request)

    @staticmethod
    def unstorable(request):
        if "\x00" in request.path:
            return True
        query = (text for key, values in request.GET.lists() for text in (key, *values))
        cookies = (text for pair in request.COOKIES.items() for text in pair)
        return any("\x00" in text for text in itertools.chain(query, cookies))


def bad_request(request, message):
    """A 400 that says what was wrong: JSON in the API's error shape (naming the refused
    parameter, in the language of its ``lang`` parameter), a page elsewhere, in the
    language of the address (this runs before LocaleMiddleware)."""
    api = request.path_info.startswith("/api/")
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    if api and request.GET.get("lang") in dict(settings.LANGUAGES):
        language = request.GET["lang"]
    with translation.override(language):
        message = str(message)
        if api:
            details = [{"parameter": name, "message": message} for name in unstorable_parameters(request)]
            response = JsonResponse({"error": message, "details": details}, status=400)
        else:
            response = HttpResponse(render_to_string("400.html", {"message": message}, request), status=400)
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    return response


def unstorable_parameters(request):
    """The parameters holding a NUL, by name: in the path (as its URL pattern names them, or
    "path"), then in the query string."""
    names = []
    if "\x00" in request.path_info:
        try:
            kwargs = resolve(request.path_info).kwargs
        except Resolver404:
            kwargs = {}
        names = [name for name, value in kwargs.items() if "\x00" in str(value)] or ["path"]
    return names + [key for key, values in request.GET.lists() if any("\x00" in text for text in (key, *values))]
