"""sitemap.xml: every published public page, in all four languages, with
hreflang alternates. Each app adds its own sections and fixed pages in its
publishable.py (the registry); the public record's versions are listed here.
The site-wide tests walk it, so a page type missing here is caught by a test
rather than left unchecked."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from publishing import registry
from publishing.models import PublicVersion


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class FixedPages(PortalSitemap):
    """The home page, then each app's fixed pages (``sitemap_pages`` in its publishable.py)."""

    def items(self):
        return ["home", *registry.sitemap_pages()]

    def location(self, item):
        return reverse(item)


class PublishedObjects(PortalSitemap):
    section = None  # a registry.InSitemap

    def items(self):
        return self.section.model.objects.published().order_by("pk")


def published_objects(section):
    """A sitemap class for a registered section (a class, so that Django makes one per request)."""
    attributes = {"section": section}
    if section.lastmod:
        attributes["lastmod"] = lambda self, obj: getattr(obj, section.lastmod)
    return type(f"{section.model.__name__}Sitemap", (PublishedObjects,), attributes)


class Versions(PortalSitemap):
    """Every public version: the permanent addresses journalists cite."""

    def items(self):
        return PublicVersion.objects.public().order_by("pk")

    def lastmod(self, version):
        return version.published_at


class VersionHistories(PortalSitemap):
    def items(self):
        return list(PublicVersion.objects.public().values_list("kind", "key").distinct().order_by("kind", "key"))

    def location(self, item):
        return reverse("publishing:history", args=item)


class VersionChanges(PortalSitemap):
    def items(self):
        return PublicVersion.objects.public().filter(number__gt=1).order_by("pk")

    def location(self, version):
        return reverse("publishing:diff", args=[version.kind, version.key, version.number])


SITEMAPS = {
    "pages": FixedPages,
    **{section.name: published_objects(section) for section in registry.sitemap_sections()},
    "versions": Versions,
    "version-histories": VersionHistories,
    "version-changes": VersionChanges,
}
