"""What the accessibility section publishes: the statement, the easy-to-read
texts (in search and the sitemap) and the sign-language page; the statement
and the easy-to-read texts as official content."""

from django.utils.translation import gettext_lazy as _

from publishing import registry

from . import official
from .models import EasyReadText

registry.register_app(
    "accessibility",
    official=official.load,
    sitemap_pages=["accessibility:statement", "accessibility:easy_read", "accessibility:sign_language"],
    roles=registry.content_roles("accessibility"),
)
registry.register(
    EasyReadText,
    search=registry.Search(_("Easy-to-read text"), ("title", "body")),
    sitemap=registry.InSitemap("easy-read"),
)
