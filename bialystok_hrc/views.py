"""The front page, which brings the apps' content together."""

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from commitments import stats
from declaration.models import Declaration, Value


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
                "url": request.build_absolute_uri(reverse("home")),
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
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@never_cache
def healthz(request):
    """Liveness for load balancers: the process answers. No database involved."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Readiness: the database and the cache answer. 503 otherwise, so a load
    balancer sends traffic elsewhere until they are back."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "unavailable"
    try:
        cache.set("readyz", "ok", 5)
        checks["cache"] = "ok" if cache.get("readyz") == "ok" else "unavailable"
    except Exception:
        checks["cache"] = "unavailable"
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", **checks}, status=200 if ready else 503)
