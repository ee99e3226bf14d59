"""Security headers and health endpoints."""

import pytest
from django.db import DatabaseError

pytestmark = pytest.mark.django_db

PAGES = ["/", "/en/deklaracja/", "/zobowiazania/", "/api/v1/values", "/dane/zobowiazania.csv", "/kanal.xml"]


@pytest.mark.parametrize("path", PAGES)
def test_security_headers_on_public_responses(client, official, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_public_pages_have_no_inline_script_or_style(client, official):
    from bs4 import BeautifulSoup

    for path in ("/", "/deklaracja/", "/postepy/", "/zobowiazania/", "/deklaracja-dostepnosci/", "/szukaj/?q=a"):
        page = BeautifulSoup(client.get(path).content, "html.parser")
        scripts = [s for s in page.find_all("script") if s.get("type") != "application/ld+json"]
        assert scripts == [], path  # no JavaScript at all on public pages
        assert page.find_all("style") == [] and page.select("[style]") == [], path


def test_healthz_and_readyz(client, official):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["database"] == "ok" and ready.json()["cache"] == "ok"
    assert "no-cache" in ready["Cache-Control"]


def test_readyz_fails_when_the_database_does_not_answer(client, official, monkeypatch):
    from django.db import connection

    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
