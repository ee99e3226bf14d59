"""The front page, which brings the apps' content together."""

import logging
import os
import sys
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import defaults
from django.views.decorators.cache import never_cache

from commitments import stats
from declaration.models import Declaration, Value

from .addresses import absolute_url
from .middleware import DATABASE_UNAVAILABLE, database_unavailable

readiness_log = logging.getLogger("bialystok_hrc.availability")


def home(request):
    return render(
        request,
        "home.html",
        {
            "declaration": Declaration.objects.current(),
            "values": Value.objects.published(),
            "overview": stats.overview(),
            "organisation": {
                "@context": "https://schema.org",
                "@type": "GovernmentOrganization",
                "name": "Miasto Białystok",
                "alternateName": "City of Białystok",
                "url": absolute_url(reverse("home"), request),
                "areaServed": {"@type": "City", "name": "Białystok"},
            },
        },
    )


def robots_txt(request):
    """Crawlers are welcome on the public pages; the admin stays out. A custom
    ADMIN_URL is not named here: that would publish the path it hides."""
    lines = ["User-agent: *", "Disallow: /*/podglad/"]  # staff previews of drafts
    if settings.ADMIN_URL == "admin/":
        lines += ["Disallow: /admin/", *(f"Disallow: /{code}/admin/" for code, _name in settings.LANGUAGES[1:])]
    lines.append(f"Sitemap: {absolute_url(reverse('sitemap'), request)}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@never_cache
def healthz(request):
    """Liveness for load balancers: the process answers. No database involved."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Readiness: the database and the shared cache answer. 503 otherwise, naming
    what failed, so a load balancer sends traffic elsewhere until they are back.
    Never raises; a dead database fails fast (connect_timeout in settings)."""
    checks = {"database": _check(_database_answers), "cache": _check(_cache_answers)}
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", **checks}, status=200 if ready else 503)


def _check(probe):
    try:
        return "ok" if probe() else "unavailable"
    except Exception as exc:  # any failure means "not ready", never a 500
        readiness_log.warning("Readiness check %s failed: %s: %s", probe.__name__, type(exc).__name__, exc)
        return "unavailable"


def _database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache_answers():
    # A value unique to this request, so a stale entry from another process cannot pass for an answer.
    cache = caches["default"]
    key, value = f"readyz:{os.getpid()}", uuid.uuid4().hex
    cache.set(key, value, 10)
    return cache.get(key) == value


def server_error(request):
    """handler500: a database that cannot be reached gets the 503 page (with
    Retry-After) even when the error came from outside a view, for instance
    from the 404 page's context processors; anything else is a real 500."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_UNAVAILABLE):
        return database_unavailable(request, exception)
    return defaults.server_error(request)
