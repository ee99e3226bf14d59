import pytest

from declaration.models import Paragraph, Value

from .html import soup, text_of

pytestmark = pytest.mark.django_db

PATHS = {
    "pl": "/wartosci/rownosc/",
    "en": "/en/wartosci/rownosc/",
    "uk": "/uk/wartosci/rownosc/",
    "be": "/be/wartosci/rownosc/",
}


@pytest.mark.parametrize("language", PATHS)
def test_switcher_keeps_the_visitor_on_the_same_page(client, official, language):
    page = soup(client.get(PATHS[language]))
    switcher = page.select_one("nav.language-switcher")
    links = {a["hreflang"]: a for a in switcher.select("a")}
    assert {code: a["href"] for code, a in links.items()} == PATHS
    assert all(a["lang"] == code for code, a in links.items())
    assert links[language].get("aria-current") == "true"
    assert [a for a in links.values() if a.get("aria-current")] == [links[language]]


def test_switcher_keeps_the_query_string(client, official):
    page = soup(client.get("/en/deklaracja/?from=newsletter"))
    assert page.select_one('nav.language-switcher a[hreflang="uk"]')["href"] == "/uk/deklaracja/?from=newsletter"


@pytest.mark.parametrize("language", PATHS)
def test_hreflang_alternates_for_all_languages(client, official, language):
    page = soup(client.get(PATHS[language]))
    alternates = {link["hreflang"]: link["href"] for link in page.select('head link[rel="alternate"][hreflang]')}
    assert alternates == {
        "x-default": "http://testserver/wartosci/rownosc/",
        **{code: f"http://testserver{path}" for code, path in PATHS.items()},
    }


def test_missing_translation_falls_back_to_polish_with_notice(client, official):
    paragraph = Paragraph.objects.get(number=2)
    paragraph.text_en = ""
    paragraph.save()
    page = soup(client.get("/en/deklaracja/"))
    block = page.select_one("#p2")
    notice = block.select_one(".fallback-notice")
    assert notice is not None and "Not yet translated" in text_of(notice)
    fallback = block.select_one('p[lang="pl"]')
    assert text_of(fallback).startswith("Zobowiązujemy się dążyć")
    # Translated paragraphs carry no notice and no lang override.
    assert page.select_one("#p1 .fallback-notice") is None
    assert page.select_one("#p1 p[lang]") is None


def test_fallback_on_value_page(client, official):
    Value.objects.filter(slug="wolnosc").update(name_uk="", description_uk="")
    page = soup(client.get("/uk/wartosci/wolnosc/"))
    assert text_of(page.h1.select_one('[lang="pl"]')) == "Wolność"
    assert page.select_one(".fallback-notice") is not None
    assert page.html["lang"] == "uk"


def test_unprefixed_urls_are_polish_whatever_the_browser_says(client, official):
    response = client.get("/deklaracja/", HTTP_ACCEPT_LANGUAGE="en")
    assert soup(response).html["lang"] == "pl"


def test_switcher_on_an_unknown_address_offers_home_pages(client, official):
    response = client.get("/uk/no-such-page/")
    assert response.status_code == 404
    page = soup(response)
    links = {a["hreflang"]: a["href"] for a in page.select("nav.language-switcher a")}
    assert links == {"pl": "/", "en": "/en/", "uk": "/uk/", "be": "/be/"}
    assert not page.select('head link[rel="alternate"][hreflang]')
