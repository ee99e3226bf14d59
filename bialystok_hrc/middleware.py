import logging
import re
import time
import uuid

from django.conf import settings
from django.utils import translation

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
