"""Open data and discovery: the JSON API and its OpenAPI schema, CSV, Atom
feeds, structured data, search and the print stylesheet."""

import csv
import io
import json

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openapi_spec_validator import validate

from commitments.models import Commitment
from opendata.api import api
from publishing import versions
from search.folding import fold

from . import factories
from .html import soup, text_of
from .public_pages import sitemap_paths

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(official):
    published = factories.commitment(
        title_pl="Równe traktowanie w urzędzie", title_en="Equal treatment at the city hall", slug="rowne-traktowanie"
    )
    factories.milestone(published, title_pl="Szkolenie zespołu")
    factories.update(published, title_pl="Pierwsze szkolenie", body_pl="Odbyło się szkolenie.")
    factories.indicator(published, name_pl="Liczba przeszkolonych osób", years=[(2024, 12), (2025, 30)])
    versions.record(published, note={"pl": "Pierwsza publikacja."})
    draft = factories.commitment(
        title_pl="Tajny szkic", slug="tajny-szkic", publication_state="draft", published_at=None
    )
    factories.milestone(draft, title_pl="Ukryty kamień")
    return published


def test_openapi_schema_is_valid_and_every_path_answers(client, data):
    response = client.get("/api/v1/openapi.json")
    schema = response.json()
    validate(schema)
    reference = data.reference
    for path, operations in schema["paths"].items():
        url = path.replace("{reference}", reference).replace("{number}", "1")
        assert "get" in operations
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.content[:300])
        assert answer["Content-Type"].startswith("application/json")


def test_api_is_documented_on_a_page(client, official):
    page = soup(client.get("/en/dane/api/"))
    documented = {text_of(code) for code in page.select(".endpoint h3 code")}
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    assert documented == {f"GET {path}" for path in schema["paths"]}


@pytest.mark.parametrize(
    "query",
    [
        "level=abc",
        "limit=0",
        "limit=101",
        "offset=-1",
        "sort=nonsense",
        "lang=de",
        "flag=maybe",
        "year=20x",
        "value=no-such",
    ],
)
def test_bad_parameters_answer_400_with_a_clear_json_error(client, data, query):
    response = client.get(f"/api/v1/commitments?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] and isinstance(body["details"], list)


def test_unknown_reference_is_a_404_in_json(client, data):
    response = client.get("/api/v1/commitments/BPC-1999-999")
    assert response.status_code == 404
    assert client.get("/api/v1/commitments/BPC-1999-999/versions").json()["error"]


def test_conditional_get_and_cors(client, data):
    first = client.get("/api/v1/commitments", HTTP_ORIGIN="https://example.org")
    assert first["ETag"] and first["Last-Modified"]
    assert first["Access-Control-Allow-Origin"] == "*"
    assert first["Access-Control-Expose-Headers"] == "ETag, Last-Modified"
    assert "Access-Control-Allow-Credentials" not in first
    again = client.get("/api/v1/commitments", HTTP_IF_NONE_MATCH=first["ETag"], HTTP_ORIGIN="https://example.org")
    assert again.status_code == 304
    preflight = client.options(
        "/api/v1/commitments", HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert preflight["Access-Control-Allow-Headers"] == "If-None-Match, If-Modified-Since"
    assert "Access-Control-Allow-Credentials" not in preflight


def test_only_the_api_is_shared_across_origins(client, data):
    page = client.get(reverse("commitments:list"), HTTP_ORIGIN="https://example.org")
    assert page.status_code == 200
    assert "Access-Control-Allow-Origin" not in page
    preflight = client.options(
        reverse("commitments:list"), HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert "Access-Control-Allow-Origin" not in preflight


def test_api_item_carries_reference_version_and_fingerprint(client, data):
    item = client.get("/api/v1/commitments?lang=en").json()["results"][0]
    version = versions.versions_of(data).get()
    assert item["reference"] == data.reference
    assert item["url"].endswith(f"/en/c/{data.reference}/")
    assert item["title"] == {"text": "Equal treatment at the city hall", "language": "en"}
    assert item["summary"]["language"] == "en"
    assert item["current_version"]["number"] == 1
    assert item["current_version"]["fingerprint"] == version.fingerprint
    assert [m["title"]["text"] for m in item["milestones"]] == ["Milestone"]
    uk = client.get("/api/v1/commitments?lang=uk").json()["results"][0]
    assert uk["title"]["language"] == "pl"  # not translated: Polish, and the API says so
    snapshot = client.get(f"/api/v1/commitments/{data.reference}/versions/1").json()
    assert snapshot["fingerprint"] == version.fingerprint
    assert snapshot["snapshot"]["title"]["pl"] == "Równe traktowanie w urzędzie"


def references_in_csv(client):
    text = client.get("/dane/zobowiazania.csv").content.decode("utf-8")
    return {row["reference"] for row in csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))}


def test_api_csv_feed_and_sitemap_agree_on_what_is_published(client, data):
    api_refs = {item["reference"] for item in client.get("/api/v1/commitments?limit=100").json()["results"]}
    feed = feedparser.parse(client.get("/kanal.xml").content)
    feed_refs = {entry.link.split("/")[-3] for entry in feed.entries if "/wersje/zobowiazanie/" in entry.link}
    sitemap_slugs = {p.split("/")[-2] for p in sitemap_paths() if p.startswith("/zobowiazania/") and p.count("/") == 3}
    published = set(Commitment.objects.published().values_list("reference", flat=True))
    assert api_refs == references_in_csv(client) == feed_refs == published == {data.reference}
    assert sitemap_slugs == {data.slug}
    milestones = client.get("/dane/kamienie-milowe.csv").content.decode("utf-8")
    assert (
        "Ukryty kamień" not in milestones and "Tajny szkic" not in client.get("/dane/zobowiazania.csv").content.decode()
    )


def test_csv_opens_with_polish_characters(client, data):
    response = client.get("/dane/zobowiazania.csv")
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheet software needs to read UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["reference", "title", "summary"]
    assert rows[1][1] == "Równe traktowanie w urzędzie"
    indicators = list(csv.DictReader(io.StringIO(client.get("/dane/wskazniki.csv").content.decode("utf-8-sig"))))
    assert [(r["year"], r["value"]) for r in indicators] == [("2024", "12.00"), ("2025", "30.00")]
    assert client.get("/dane/zobowiazania.csv?lang=xx").status_code == 400


def test_feeds_parse_and_carry_change_notes(client, data):
    data.title_pl = "Równe traktowanie w urzędzie miasta"
    data.save()
    versions.record(data, major=True, note={"pl": "Doprecyzowano tytuł."})
    data.summary_pl = "Literówka poprawiona."
    data.save()
    versions.record(data, major=False)
    feed = feedparser.parse(client.get("/kanal.xml").content)
    assert not feed.bozo and feed.version == "atom10"
    summaries = [entry.get("summary", "") for entry in feed.entries]
    assert "Doprecyzowano tytuł." in summaries
    assert not any("/3/" in entry.link for entry in feed.entries)  # the minor correction is not announced
    own = feedparser.parse(client.get("/zobowiazania/rowne-traktowanie/kanal.xml").content)
    assert not own.bozo and any("Pierwsze szkolenie" in entry.title for entry in own.entries)
    page = soup(client.get("/zobowiazania/rowne-traktowanie/"))
    assert page.select_one('link[type="application/atom+xml"][href="/zobowiazania/rowne-traktowanie/kanal.xml"]')
    assert soup(client.get("/")).select_one('link[type="application/atom+xml"][href="/kanal.xml"]')


def test_open_data_page_lists_datasets_with_licence(client, official):
    page = soup(client.get("/en/dane/"))
    datasets = page.select(".dataset")
    assert len(datasets) == 7  # with the ledger as JSON Lines and CSV
    assert all("CC BY 4.0" in text_of(d) for d in datasets)
    links = [a["href"] for a in page.select(".dataset dd a") if a["href"].startswith("/")]
    assert len(links) == 7
    for link in links:
        assert client.get(link).status_code == 200, link


def test_structured_data_and_share_tags(client, data):
    home = soup(client.get("/"))
    organisation = json.loads(home.select_one('script[type="application/ld+json"]').string)
    assert organisation["@type"] == "GovernmentOrganization"
    image = home.select_one('meta[property="og:image"]')["content"]
    assert image.startswith("http://testserver/static/img/share")
    assert client.get(image.replace("http://testserver", "")).status_code == 200
    assert home.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"


def api_queries(client):
    client.get("/api/v1/commitments?limit=100")  # warm the per-process caches (content types)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/v1/commitments?limit=100").status_code == 200
    return len(captured)


@pytest.mark.both_databases
def test_api_list_query_count_is_constant(client, data):
    small = api_queries(client)
    for _ in range(40):
        commitment = factories.commitment()
        factories.milestone(commitment)
        versions.record(commitment)
    assert api_queries(client) == small


# Search -----------------------------------------------------------------------------


def results(client, query, prefix=""):
    page = soup(client.get(f"{prefix}/szukaj/", {"q": query}))
    return [text_of(a) for a in page.select(".search-results h3 a")], page


@pytest.mark.both_databases
def test_search_finds_polish_words_with_and_without_diacritics(client, data):
    found, page = results(client, "równość")
    assert found, "the declaration names równość"
    assert page.select_one(".search-results mark") is not None
    assert "Równe traktowanie w urzędzie" in results(client, "traktowanie")[0]
    # Without diacritics, or in capitals, the same pages: on SQLite as on PostgreSQL (issue 15).
    for query in ("rownosc", "RÓWNOŚĆ", "Rownosc"):
        same, page = results(client, query)
        assert sorted(same) == sorted(found), (connection.vendor, query)
        assert {fold(text_of(mark)) for mark in page.select(".search-results mark")} == {"rownosc"}, query
    assert "Równe traktowanie w urzędzie" in results(client, "rowne traktowanie")[0]
    assert "Równe traktowanie w urzędzie" in results(client, "URZEDZIE")[0]


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Zażółć gęślą jaźń", "zazolc gesla jazn"), ("ŁÓDŹ", "lodz"), ("Рівність і ЇЖАК", "рівність і іжак"), ("", "")],
)
def test_search_folds_case_and_diacritics_keeping_the_length(text, folded):
    """The SQLite search's folding (search/folding.py): one character for one, so a match
    in the folded text marks the same characters of the original."""
    assert fold(text) == folded and len(fold(text)) == len(text)


def test_search_excerpt_marks_the_original_spelling_and_escapes_the_rest():
    """The SQLite search's excerpt: the words are found folded and marked in the original
    text, which is escaped around the marks (a word like "amp" never cuts an entity)."""
    from search.engine import _highlight

    excerpt = _highlight('Prawo do <i>RÓWNOŚCI</i> & "amp" <script>x</script>', [fold("rownosci"), "amp"])
    assert str(excerpt) == "Prawo do <mark>RÓWNOŚCI</mark> &amp; &quot;<mark>amp</mark>&quot; x "


@pytest.mark.both_databases
@pytest.mark.parametrize(("prefix", "query"), [("/en", "equality"), ("/uk", "рівність"), ("/be", "роўнасць")])
def test_search_works_in_every_language(client, data, prefix, query):
    found, page = results(client, query, prefix)
    assert found and page.html["lang"] == prefix.strip("/")


@pytest.mark.both_databases
def test_empty_nonsense_and_long_queries(client, data):
    empty = soup(client.get("/szukaj/", {"q": "   "}))
    assert empty.select_one("#results") is None
    found, page = results(client, "qzxjvw")
    assert found == [] and page.select_one(".no-results") is not None
    long = soup(client.get("/szukaj/", {"q": "równość " * 100}))
    assert long.select_one(".notice") is not None
    assert len(long.select_one("#search-q")["value"]) <= 200
    assert client.get("/szukaj/", {"q": "<script>alert(1)</script>"}).content.decode().count("<script>alert") == 0
    assert "Tajny szkic" not in results(client, "szkic")[0]


def test_print_stylesheet_hides_navigation_and_shows_link_addresses():
    from django.contrib.staticfiles import finders

    with open(finders.find("css/site.css"), encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    print_rules = css[css.index("@media print") :]
    assert ".site-header" in print_rules and "attr(href)" in print_rules and "break-inside: avoid" in print_rules


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/commitments/A%00B",
        "/api/v1/commitments/A%00B/versions",
        "/api/v1/commitments?offset=99999999999999999999",
    ],
)
def test_malformed_api_input_is_a_4xx(client, data, url):
    assert 400 <= client.get(url).status_code < 500


@pytest.mark.both_databases
def test_search_ignores_elements_of_unpublished_levels_and_nul_bytes(client, data):
    from commitments.models import Level

    assert any("budżecie" in title for title in results(client, "budżecie")[0])
    Level.objects.filter(number=3).update(publication_state="draft")
    assert not any("budżecie" in title for title in results(client, "budżecie")[0])
    assert client.get("/szukaj/", {"q": "a\x00b"}).status_code == 400  # refused for every route, with a message
