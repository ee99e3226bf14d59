"""Everything the portal needs to know about leaflets: nothing else in the
project names them. (Plain strings: a test app adds nothing to the
translation catalogues.)"""

from publishing import registry

from .models import Leaflet

registry.register_app("throwaway", roles=registry.content_roles("throwaway"))
registry.register(
    Leaflet,
    versions=registry.VersionKind(
        "ulotka", "throwaway/leaflet_version.html", labels={"title": "Leaflet title", "body": "Leaflet text"}
    ),
    search=registry.Search("Leaflet", ("title", "body")),
    sitemap=registry.InSitemap("leaflets"),
)
