"""Health checks for load balancers and orchestrators: ``/healthz`` (the
process answers) and ``/readyz`` (the database and the shared cache answer)."""

import logging
import os
import uuid

from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

readiness_log = logging.getLogger("bialystok_hrc.availability")


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
