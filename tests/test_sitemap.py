from urllib.robotparser import RobotFileParser
from xml.etree import ElementTree

import pytest
from django.urls import get_resolver, resolve, reverse
from django.utils import translation

from .public_pages import LANGUAGES, SITEMAP_NS, language_of, sitemap_paths

pytestmark = pytest.mark.django_db

# Views that are not pages: the admin, and files offered for download.
NOT_PAGES = {
    "admin",
    "sitemap",
    "robots",
    "healthz",  # for load balancers
    "favicon",  # the site's icon
    "readyz",
    "accessibility:scope_txt",  # a text file
    "publishing:bibtex",  # citation files
    "publishing:csl",
    "publishing:timegate",  # Memento: a redirect, and a link-format list (tests/test_memento.py)
    "publishing:timemap",
    "publishing:snapshot",  # a version as a JSON file, and the public ledger's files
    "publishing:ledger_jsonl",
    "publishing:ledger_csv",
    "publishing:verifier",
    "commitments:permanent",  # a redirect to the commitment's page
    "commitments:preview",  # staff only
    "publishing:item_preview",  # staff only: a draft or a proposed change, as it will look
    "publishing:proposal_preview",
    "commitments:document_download",  # a document's file
    "accounts:two_factor",  # staff sign-in
    "opendata:commitments_csv",  # data files and feeds
    "opendata:milestones_csv",
    "opendata:indicators_csv",
    "opendata:feed",
    "opendata:commitment_feed",
    "search:search",  # results pages are kept out of search engines; the walks add queries
    # Forms and their result pages are kept out of search engines (noindex); the walks add them
    # through extra_paths. Links from e-mails work only with a signed token.
    "dialogue:feedback",
    "dialogue:feedback_sent",
    "dialogue:commitment_feedback",
    "dialogue:commitment_feedback_sent",
    "dialogue:follow",
    "dialogue:follow_sent",
    "dialogue:commitment_follow",
    "dialogue:commitment_follow_sent",
    "dialogue:confirm",
    "dialogue:unsubscribe",
}


def public_view_names():
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                # The admin, and the JSON API (checked against its OpenAPI schema in test_opendata).
                if pattern.namespace not in ("admin", "api-v1"):
                    walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    return names - NOT_PAGES


def test_sitemap_covers_every_public_view(client, demo_content):
    covered = set()
    for path in sitemap_paths():
        with translation.override(language_of(path)):
            covered.add(resolve(path).view_name)
    assert public_view_names() - covered == set()


@pytest.mark.both_databases
def test_sitemap_lists_every_page_in_four_languages_with_alternates(client, demo_content):
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    urls = root.findall("s:url", SITEMAP_NS)
    paths = sitemap_paths()
    counts = {language: sum(language_of(p) == language for p in paths) for language in ("pl", "en", "uk", "be")}
    assert len(set(counts.values())) == 1, counts
    for url in urls:
        alternates = url.findall("{http://www.w3.org/1999/xhtml}link")
        assert {a.get("hreflang") for a in alternates} == {"pl", "en", "uk", "be", "x-default"}


def test_sitemap_leaves_out_drafts(client, demo_content):
    from commitments.models import Commitment

    draft = Commitment.objects.first()
    Commitment.objects.filter(pk=draft.pk).update(publication_state="draft")
    assert not any(path.endswith(f"/{draft.slug}/") for path in sitemap_paths())


def test_robots_points_to_the_sitemap_and_keeps_the_admin_out(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text and "Disallow: /en/admin/" in text
    # Previews under plain prefixes, which parsers without wildcard support (the standard
    # library's among them) understand too.
    robots = RobotFileParser()
    robots.parse(text.splitlines())
    for language in LANGUAGES:
        with translation.override(language):
            preview = reverse("commitments:preview", args=["szkic"])
            public = reverse("commitments:detail", args=["szkic"])
        assert not robots.can_fetch("AnyBot", f"http://testserver{preview}"), preview
        assert robots.can_fetch("AnyBot", f"http://testserver{public}"), public


def test_robots_does_not_reveal_a_custom_admin_path(client, settings):
    settings.ADMIN_URL = "redakcja-7f3a/"
    text = client.get("/robots.txt").content.decode()
    assert "redakcja" not in text and "admin" not in text
