"""What Where to get help publishes: each organisation in the sitemap, the
directory's list page, and the list of needs as official content."""

from publishing import registry

from . import official
from .models import HelpOrganisation

registry.register_app(
    "helpdirectory",
    official=official.load,
    sitemap_pages=["helpdirectory:list"],
    # The list of needs shows on published pages: Editors may read it, Publishers change it.
    roles=registry.content_roles("helpdirectory", publisher_only=("add_need", "change_need")),
)
registry.register(HelpOrganisation, sitemap=registry.InSitemap("help", lastmod="updated_at"))
