"""sitemap.xml: every published public page, in all four languages, with
hreflang alternates. The site-wide tests walk it, so a page type missing
here is caught by a test rather than left unchecked."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from accessibility.models import EasyReadText
from commitments.models import Commitment, Level
from declaration.models import Value
from helpdirectory.models import HelpOrganisation
from pages.models import Page
from publishing.models import PublicVersion


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class FixedPages(PortalSitemap):
    def items(self):
        return [
            "home",
            "declaration:detail",
            "declaration:values",
            "commitments:overview",
            "commitments:list",
            "accessibility:statement",
            "accessibility:easy_read",
            "accessibility:sign_language",
            "opendata:index",
            "opendata:api",
            "helpdirectory:list",
        ]

    def location(self, item):
        return reverse(item)


class PublishedObjects(PortalSitemap):
    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")


class Values(PublishedObjects):
    model = Value


class Levels(PublishedObjects):
    model = Level


class Commitments(PublishedObjects):
    model = Commitment

    def lastmod(self, commitment):
        return commitment.updated_at


class Pages(PublishedObjects):
    model = Page

    def lastmod(self, page):
        return page.updated_at


class EasyReadTexts(PublishedObjects):
    model = EasyReadText


class HelpOrganisations(PublishedObjects):
    model = HelpOrganisation

    def lastmod(self, organisation):
        return organisation.updated_at


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
    "values": Values,
    "levels": Levels,
    "commitments": Commitments,
    "information": Pages,
    "easy-read": EasyReadTexts,
    "help": HelpOrganisations,
    "versions": Versions,
    "version-histories": VersionHistories,
    "version-changes": VersionChanges,
}
