"""What the information pages publish: each page in search and the sitemap;
the required pages (privacy, contact) as official content."""

from django.utils.translation import gettext_lazy as _

from publishing import registry

from . import official
from .models import Page

registry.register_app("pages", official=official.load, roles=registry.content_roles("pages"))
registry.register(
    Page,
    search=registry.Search(_("Page"), ("title", "body")),
    sitemap=registry.InSitemap("information", lastmod="updated_at"),
)
