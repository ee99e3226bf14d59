import logging

from django.conf import settings
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation


class PermissionsPolicyMiddleware:
    """Sends the Permissions-Policy header (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


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
    with translation.override(language):
        content = render_to_string("503.html")
    response = HttpResponse(content, status=503)
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
    middleware or the 404 page) reach ``views.server_error``, which does the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            return database_unavailable(request, exception)
        return None
