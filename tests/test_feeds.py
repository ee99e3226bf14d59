"""Every Atom feed (the site's and each commitment's, in every language) checked against
RFC 4287 as a feed reader sees it: parsed by feedparser and, for the structure the RFC
requires, by the standard library's XML parser."""

import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

import feedparser
import pytest
from django.urls import reverse
from django.utils import translation

from commitments.models import Commitment
from publishing import versions

from .conftest import LANGUAGES

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# RFC 3339 date-time, as RFC 4287 §3.3 requires of atom:updated and atom:published.
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
# RFC 4151: tag:authorityName,date:specific — the authority a domain name or e-mail address.
TAG_URI = re.compile(r"^tag:[a-z0-9.-]+\.[a-z]+,\d{4}(-\d{2}(-\d{2})?)?:[\x21-\x7e]+$")
# Schemes an id may use: registered ones that name something permanently (no "version:12").
ID_SCHEMES = {"tag", "http", "https", "urn"}


def feed_paths():
    """Every feed the portal serves, in every language."""
    paths = []
    for language in LANGUAGES:
        with translation.override(language):
            paths.append(reverse("opendata:feed"))
            paths += [
                reverse("opendata:commitment_feed", args=[slug])
                for slug in Commitment.objects.visible().values_list("slug", flat=True)
            ]
    return paths


def one(parent, name):
    found = parent.findall(ATOM + name)
    assert len(found) == 1, f"{len(found)} atom:{name} in {parent.tag}"
    return found[0]


def check_id(value):
    assert value and value == value.strip()
    scheme = urlsplit(value).scheme
    assert scheme in ID_SCHEMES, f"id {value!r}: scheme {scheme!r} is not a registered, permanent one"
    if scheme == "tag":
        assert TAG_URI.match(value), f"id {value!r} is not a tag: URI (RFC 4151)"


def check_text(element):
    assert element.get("type", "text") in ("text", "html", "xhtml")
    assert "".join(element.itertext()).strip(), f"empty {element.tag}"


def check_date(element):
    assert RFC3339.match(element.text or ""), element.text


def check_person(person):
    check_text(one(person, "name"))  # §3.2.1: exactly one name


def is_alternate(link):
    return link.get("rel", "alternate") == "alternate"


def check_links(parent):
    links = parent.findall(ATOM + "link")
    for link in links:
        assert link.get("href"), "atom:link without href (§4.2.7.1)"
    # §4.1.1 / §4.1.2: no more than one alternate link per type and hreflang.
    alternates = [(link.get("type"), link.get("hreflang")) for link in links if is_alternate(link)]
    assert len(alternates) == len(set(alternates))
    return links


def check_feed(path, content):
    """RFC 4287's MUSTs, and the SHOULDs the issue names, for one Atom feed document."""
    root = ElementTree.fromstring(content)
    assert root.tag == ATOM + "feed"
    assert root.get(XML_LANG)
    feed_id = one(root, "id").text
    check_id(feed_id)
    check_text(one(root, "title"))
    check_date(one(root, "updated"))
    for subtitle in root.findall(ATOM + "subtitle"):
        check_text(subtitle)
    links = check_links(root)
    self_links = [link.get("href") for link in links if link.get("rel") == "self"]
    assert len(self_links) == 1 and urlsplit(self_links[0]).path == path  # §4.2.7.2: SHOULD
    feed_authors = root.findall(ATOM + "author")
    for author in feed_authors:
        check_person(author)
    entries = root.findall(ATOM + "entry")
    ids = []
    for entry in entries:
        entry_id = one(entry, "id").text
        check_id(entry_id)
        ids.append(entry_id)
        check_text(one(entry, "title"))
        check_date(one(entry, "updated"))
        for published in entry.findall(ATOM + "published"):
            check_date(published)
        # §4.1.1: a feed without an author needs one in every entry.
        authors = entry.findall(ATOM + "author") or feed_authors
        assert authors, f"{path}: neither the feed nor entry {entry_id} has an atom:author"
        for author in entry.findall(ATOM + "author"):
            check_person(author)
        entry_links = check_links(entry)
        # §4.1.1: an entry without atom:content MUST have an alternate link.
        if entry.find(ATOM + "content") is None:
            assert [link for link in entry_links if is_alternate(link)]
        summaries = entry.findall(ATOM + "summary")
        assert len(summaries) <= 1
        for summary in summaries:
            check_text(summary)  # no empty <summary>: none at all, or something to read
    assert len(ids) == len(set(ids)), f"{path}: the same atom:id twice"
    parsed = feedparser.parse(content)
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    assert parsed.version == "atom10"
    assert parsed.feed.get("author"), path
    assert len(parsed.entries) == len(entries)
    return feed_id, {
        entry.find(ATOM + "id").text: (
            "".join(entry.find(ATOM + "title").itertext()),
            "".join(summary.itertext()) if (summary := entry.find(ATOM + "summary")) is not None else "",
        )
        for entry in entries
    }


@pytest.fixture
def feeds_content(demo_content):
    """Demo commitments (with first versions without a change note, and progress updates), a
    second major version of one of them, and a withdrawn one with its last version."""
    withdrawn = Commitment.objects.published().exclude(slug="demo-001").order_by("pk").first()
    withdrawn.publication_state = "withdrawn"
    withdrawn.save()
    versions.record(withdrawn, major=True, note={"pl": "Wycofano."})


def read_feeds(client):
    """{path: (feed id, {entry id: (title, summary)})} for every feed."""
    feeds = {}
    for path in feed_paths():
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"].startswith("application/atom+xml")
        feeds[path] = check_feed(path, response.content)
    return feeds


def test_every_feed_in_every_language_is_valid_atom(client, feeds_content):
    feeds = read_feeds(client)
    assert len(feeds) == 4 * (1 + Commitment.objects.visible().count())
    assert sum(len(entries) for _, entries in feeds.values()) > 4 * 20
    feed_ids = [feed_id for feed_id, _ in feeds.values()]
    assert len(feed_ids) == len(set(feed_ids)), "two feeds share an atom:id"
    # An entry id names one text: the same id in two feeds (the site's and a commitment's,
    # in one language) carries the same title and summary; other languages have other ids.
    texts = {}
    for path, (_, entries) in feeds.items():
        for entry_id, content in entries.items():
            assert texts.setdefault(entry_id, content) == content, (path, entry_id)


def test_feed_and_entry_ids_survive_a_slug_change(client, feeds_content):
    commitment = Commitment.objects.get(slug="demo-001")
    before = {}
    for language in LANGUAGES:
        with translation.override(language):
            before[language] = check_feed(
                reverse("opendata:commitment_feed", args=["demo-001"]),
                client.get(reverse("opendata:commitment_feed", args=["demo-001"])).content,
            )
    assert "demo-001" not in before["pl"][0]
    commitment.slug = "demo-001-nowy-adres"
    commitment.save()
    for language in LANGUAGES:
        with translation.override(language):
            path = reverse("opendata:commitment_feed", args=["demo-001-nowy-adres"])
        feed_id, entries = check_feed(path, client.get(path).content)
        assert feed_id == before[language][0]
        assert set(entries) == set(before[language][1])
