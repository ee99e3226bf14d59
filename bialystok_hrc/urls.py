from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from core import health, outage
from opendata.api import api, unknown_address

from . import views
from .sitemaps import SITEMAPS

# A database outage anywhere in a request answers 503, not 500 (see core/outage.py).
handler500 = outage.server_error

admin.site.site_header = _("Białystok on the way to Human Rights City status: portal administration")
admin.site.site_title = _("Portal administration")
admin.site.index_title = _("Content of the portal")
# The side menu repeats the home page's list and took 300 px of every page: without it the
# commitment list and the inline tables fit a 1280 px screen (the breadcrumbs lead home).
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("api/v1/", api.urls),
    re_path(r"^api/", unknown_address),  # in the API's error shape, as its document says
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

# Polish, the authoritative language, has no prefix; /en/, /uk/ and /be/ do.
# The admin sits inside the patterns too, so /admin/ is always in Polish.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("", include("declaration.urls")),
    path("", include("commitments.urls")),
    path("strony/", include("pages.urls")),
    path("", include("accessibility.urls")),
    path("", include("publishing.urls")),
    path("", include("opendata.urls")),
    path("", include("search.urls")),
    path("", include("helpdirectory.urls")),
    path(settings.ADMIN_URL + "2fa/", include("accounts.urls")),
    path("", include("dialogue.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    # Uploaded files in development only; production serves them from its own storage.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
