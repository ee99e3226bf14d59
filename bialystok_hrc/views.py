"""The front page, which brings the apps' content together."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

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
        },
    )


def robots_txt(request):
    """Crawlers are welcome on the public pages; the admin stays out."""
    admin = "/" + settings.ADMIN_URL
    lines = [
        "User-agent: *",
        f"Disallow: {admin}",
        *(f"Disallow: /{language}{admin}" for language, _name in settings.LANGUAGES[1:]),
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
