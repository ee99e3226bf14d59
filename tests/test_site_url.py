"""With SITE_URL set, every absolute link the portal hands out is on that origin,
never on the host a request happened to arrive with (behind a proxy or CDN that
host can be an internal name). One builder makes them: bialystok_hrc.addresses."""

import json

import feedparser
import pytest
from bs4 import BeautifulSoup

from helpdirectory.models import HelpOrganisation
from publishing import versions
from publishing.models import published_now

from . import factories

pytestmark = pytest.mark.django_db

SITE = "https://example.org"


@pytest.fixture
def site(settings, official):
    settings.SITE_URL = SITE
    commitment = factories.commitment(slug="rowne-traktowanie")
    factories.update(commitment, title_pl="Pierwsze szkolenie", body_pl="Odbyło się szkolenie.")
    versions.record(commitment, note={"pl": "Pierwsza publikacja."})
    HelpOrganisation.objects.create(slug="punkt", name_pl="Punkt", description_pl="Opis.", **published_now())
    return commitment


def body(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    text = response.content.decode()
    assert "testserver" not in text, path  # the request's own host never leaks into a link
    return text


def test_api_links_use_site_url(client, site):
    item = json.loads(body(client, "/api/v1/commitments"))["results"][0]
    assert item["url"] == f"{SITE}/c/{site.reference}/"
    assert item["page_url"] == f"{SITE}/zobowiazania/rowne-traktowanie/"
    assert item["current_version"]["url"].startswith(f"{SITE}/wersje/")
    assert json.loads(body(client, "/api/v1/values"))[0]["url"].startswith(f"{SITE}/")
    assert json.loads(body(client, "/api/v1/help"))["results"][0]["url"] == f"{SITE}/gdzie-szukac-pomocy/punkt/"
    assert f"{SITE}/c/{site.reference}/" in body(client, "/dane/zobowiazania.csv")


def test_citations_use_site_url(client, site):
    base = f"/en/wersje/zobowiazanie/{site.reference}/1/"
    page = BeautifulSoup(body(client, "/en/zobowiazania/rowne-traktowanie/"), "html.parser")
    assert f"{SITE}{base}" in page.select_one(".cite__text").get_text()
    assert json.loads(page.select_one('script[type="application/ld+json"]').string)["url"] == f"{SITE}{base}"
    assert f"url = {{{SITE}{base}}}" in body(client, base + "cytowanie.bib")
    assert json.loads(body(client, base + "cytowanie.json"))[0]["URL"] == f"{SITE}{base}"


def test_page_head_links_use_site_url(client, site):
    page = BeautifulSoup(body(client, "/en/zobowiazania/rowne-traktowanie/"), "html.parser")
    assert page.select_one('link[rel="canonical"]')["href"] == f"{SITE}/en/zobowiazania/rowne-traktowanie/"
    assert page.select_one('meta[property="og:url"]')["content"] == f"{SITE}/en/zobowiazania/rowne-traktowanie/"
    assert page.select_one('meta[property="og:image"]')["content"].startswith(f"{SITE}/static/img/share")
    assert page.select_one('meta[name="deklaracja-dostępności"]')["content"].startswith(f"{SITE}/")
    hreflang = {link["hreflang"]: link["href"] for link in page.select('link[rel="alternate"][hreflang]')}
    assert hreflang["pl"] == f"{SITE}/zobowiazania/rowne-traktowanie/"
    assert all(href.startswith(f"{SITE}/") for href in hreflang.values())


def test_feeds_use_site_url(client, site):
    for path in ("/kanal.xml", "/zobowiazania/rowne-traktowanie/kanal.xml"):
        feed = feedparser.parse(body(client, path))
        assert not feed.bozo, path
        assert feed.feed.link.startswith(f"{SITE}/")
        assert feed.entries and all(entry.link.startswith(f"{SITE}/") for entry in feed.entries)
        assert any(link.href == f"{SITE}{path}" for link in feed.feed.links if link.rel == "self")


def test_without_site_url_the_request_host_is_used(client, site, settings):
    settings.SITE_URL = ""
    page = BeautifulSoup(client.get("/zobowiazania/rowne-traktowanie/").content, "html.parser")
    assert page.select_one('link[rel="canonical"]')["href"] == "http://testserver/zobowiazania/rowne-traktowanie/"
    item = client.get("/api/v1/commitments").json()["results"][0]
    assert item["page_url"] == "http://testserver/zobowiazania/rowne-traktowanie/"
