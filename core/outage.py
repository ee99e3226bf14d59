"""A database that cannot be reached (down, restarting, refusing connections)
answers a styled, translated 503 with Retry-After, rendered without the
database, instead of a 500 with a traceback per request."""

import logging
import sys

from django.conf import settings
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext
from django.views import defaults

# Errors that mean "the database cannot be reached" (server down, restarting,
# connection refused or dropped), as opposed to a bug in a query.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30

availability_log = logging.getLogger("bialystok_hrc.availability")


def database_unavailable(request, exc):
    """A styled 503 page in the visitor's language, with Retry-After, that
    renders without the database: the template gets no request, so no context
    processor (some of which query) runs. The language comes from the address
    (no prefix is Polish), because the error may come before LocaleMiddleware."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    api = request.path_info.startswith("/api/")
    if api and request.GET.get("lang") in dict(settings.LANGUAGES):
        language = request.GET["lang"]
    with translation.override(language):
        if api:  # the API's error shape, as its OpenAPI document says
            response = JsonResponse({"error": gettext("Temporarily unavailable"), "details": []}, status=503)
        else:
            response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"  # never keep the outage in a cache or CDN
    response["Content-Language"] = language
    # One warning without a traceback: an outage is an operations event, not a bug,
    # and would otherwise log a full traceback for every request while it lasts.
    availability_log.warning(
        "Database unavailable, answered 503 to %s %s: %s: %s",
        request.method,
        request.path,
        type(exc).__name__,
        str(exc).strip().splitlines()[0] if str(exc).strip() else "",
    )
    response._has_been_logged = True  # Django's own "Service Unavailable" error log would repeat it
    return response


class DatabaseUnavailableMiddleware:
    """Turns "the database cannot be reached" while a view or its template runs
    into the 503 page instead of a 500. Errors raised outside views (in other
    middleware or the 404 page) reach ``server_error``, which does the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            return database_unavailable(request, exception)
        return None


def server_error(request):
    """handler500: a database that cannot be reached gets the 503 page (with
    Retry-After) even when the error came from outside a view, for instance
    from the 404 page's context processors; anything else is a real 500."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_UNAVAILABLE):
        return database_unavailable(request, exception)
    return defaults.server_error(request)
