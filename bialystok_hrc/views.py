"""The front page, which brings the apps' content together."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control

from commitments import stats
from declaration.models import Declaration, Value

from .addresses import absolute_url


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


# The portal's mark: a white ring (the city) on its blue, drawn without text so no font is needed.
FAVICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    '<rect width="32" height="32" rx="6" fill="#00457c"/>'
    '<circle cx="16" cy="16" r="9" fill="none" stroke="#fff" stroke-width="4"/></svg>'
)


@cache_control(max_age=86400, public=True)
def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page says: a small SVG, never a 404."""
    return HttpResponse(FAVICON, content_type="image/svg+xml")


def robots_txt(request):
    """Crawlers are welcome on the public pages; the admin stays out. A custom
    ADMIN_URL is not named here: that would publish the path it hides."""
    # Staff previews of drafts, in every language, as plain prefixes every robots parser reads.
    lines = [
        "User-agent: *",
        "Disallow: /podglad/",
        *(f"Disallow: /{code}/podglad/" for code, _name in settings.LANGUAGES[1:]),
    ]
    if settings.ADMIN_URL == "admin/":
        lines += ["Disallow: /admin/", *(f"Disallow: /{code}/admin/" for code, _name in settings.LANGUAGES[1:])]
    lines.append(f"Sitemap: {absolute_url(reverse('sitemap'), request)}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
