"""sitemap.xml: every published public page, in all four languages, with
hreflang alternates. The site-wide tests walk it, so a page type missing
here is caught by a test rather than left unchecked."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from accessibility.models import EasyReadText
from commitments.models import Commitment, Level
from declaration.models import Value
from pages.models import Page


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


SITEMAPS = {
    "pages": FixedPages,
    "values": Values,
    "levels": Levels,
    "commitments": Commitments,
    "information": Pages,
    "easy-read": EasyReadTexts,
}
