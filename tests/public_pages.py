"""Every public page of the portal, in every language, for the site-wide
smoke, accessibility, reflow and HTML-validity tests. The list comes from
sitemap.xml, so a new page type is checked as soon as the sitemap has it
(and test_sitemap_covers_every_public_view makes sure it does)."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from commitments.models import Commitment
from publishing.models import PublicVersion

LANGUAGES = ("pl", "en", "uk", "be")
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_paths():
    response = Client().get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return [urlsplit(loc.text).path for loc in root.findall("s:url/s:loc", SITEMAP_NS)]


def language_of(path):
    first = path.strip("/").split("/")[0]
    return first if first in LANGUAGES[1:] else "pl"


def extra_paths(language):
    """Pages the sitemap does not list: filtered, paginated and empty lists, search results,
    and the residents' dialogue forms with the pages they lead to."""
    first = Commitment.objects.published().order_by("pk").first()
    cited = PublicVersion.objects.public().order_by("pk").first()
    with translation.override(language):
        # The verify page (in the sitemap) with a version found: its address pasted.
        paths_verify = [reverse("publishing:verify") + "?q=" + cited.get_absolute_url()] if cited else []
        commitments = reverse("commitments:list")
        search = reverse("search:search")
        help_list = reverse("helpdirectory:list")
        dialogue = [reverse(f"dialogue:{name}") for name in ("feedback", "feedback_sent", "follow", "follow_sent")]
        if first is not None:
            dialogue += [
                reverse(f"dialogue:commitment_{name}", args=[first.slug])
                for name in ("feedback", "feedback_sent", "follow", "follow_sent")
            ]
    paths = [search, search + "?q=r%C3%B3wno%C5%9B%C4%87", search + "?q=zzqqxx", *dialogue, *paths_verify]
    if first is not None:
        paths += [commitments + query for query in ("?level=2&sort=-progress", "?page=2", "?q=zzz")]
    # Where to get help, filtered: by need and language, and with no results.
    paths += [help_list + query for query in ("?need=dyskryminacja&language=uk", "?language=de&need=pomoc-prawna")]
    # The tracker as it stood on a day (issue 17 §5): today's, which shows the content loaded for the walk.
    as_of = "?stan-na=" + timezone.localdate().isoformat()
    with translation.override(language):
        paths += [
            reverse("commitments:overview") + as_of,
            reverse("commitments:level", args=[2]) + as_of,
            commitments + as_of,
            reverse("declaration:value", args=["rownosc"]) + as_of,
        ]
    return paths


def public_paths(language):
    return [path for path in sitemap_paths() if language_of(path) == language] + extra_paths(language)


def all_public_paths():
    return [(language, path) for language in LANGUAGES for path in public_paths(language)]
