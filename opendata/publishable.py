"""What open data publishes: its index and API pages in the sitemap, and the
list of datasets as official content. Its rows are not edited by the
editorial roles."""

from publishing import registry

from . import official

registry.register_app("opendata", official=official.load, sitemap_pages=["opendata:index", "opendata:api"])
