"""Small things a resident or a client meets (issue 15 §7): the favicon, the API's root, the
declaration's paragraph controls, plain words in the list, the version fingerprint."""

import pytest

from .html import soup, text_of

pytestmark = pytest.mark.django_db


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    assert soup(client.get("/")).select_one('link[rel="icon"]')["href"] == "/favicon.ico"


def test_api_root_lists_its_endpoints_and_its_documentation(client, official):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    body = response.json()
    assert body["documentation"].endswith("/dane/api/")
    assert body["openapi"].endswith("/api/v1/openapi.json")
    paths = {endpoint["path"] for endpoint in body["endpoints"]}
    assert {"/api/v1/commitments", "/api/v1/levels", "/api/v1/values"} <= paths
    for endpoint in body["endpoints"]:
        assert client.get(endpoint["path"]).status_code == 200, endpoint
    # Documented in the OpenAPI document like every other operation.
    assert "/api/v1/" in client.get("/api/v1/openapi.json").json()["paths"]


def test_each_declaration_paragraph_has_one_small_control(client, official):
    page = soup(client.get("/en/deklaracja/"))
    paragraphs = page.select(".declaration__body .paragraph")
    assert paragraphs
    for paragraph in paragraphs:
        number = paragraph["id"][1:]
        (control,) = paragraph.select("details")
        assert text_of(control.summary) == f"Paragraph {number}: link and citation"
        # The link and the citation are inside it, not between the paragraphs.
        controls = paragraph.select('a[href^="#p"], a[download]')
        assert len(controls) == 3 and all(a.find_parent("details") is control for a in controls)
        assert control.select_one("a.paragraph__link")["href"] == f"#p{number}"


def test_list_speaks_plainly(client, official):
    page = soup(client.get("/zobowiazania/"))
    text = text_of(page.main)
    assert "sygnatura" not in text and "tworzy link" not in text
    assert text_of(page.select_one('#id_sort option[value="reference"]')) == "od najstarszych (wg numeru)"


def test_the_fingerprint_breaks_only_in_its_middle(client, official):
    from publishing.models import PublicVersion

    version = PublicVersion.objects.public().first()
    code = soup(client.get(version.get_absolute_url())).select_one("code.fingerprint")
    halves = [span.get_text() for span in code.select("span")]
    assert halves == [version.fingerprint[:32], version.fingerprint[32:]]
    assert code.select_one("wbr") is not None


def test_help_feedback_and_following_are_linked_from_the_pages(client, official):
    """The home page's body leads to Where to get help; every page's footer to the general
    feedback and follow forms (they were linked from nowhere)."""
    for prefix in ("", "/uk"):
        page = soup(client.get(f"{prefix}/"))
        assert page.main.select_one(f'a[href="{prefix}/gdzie-szukac-pomocy/"]') is not None
        footer = page.select_one("footer.site-footer")
        assert footer.select_one(f'a[href="{prefix}/opinia/"]') is not None
        assert footer.select_one(f'a[href="{prefix}/obserwuj/"]') is not None
