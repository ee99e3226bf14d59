"""Site-wide smoke tests: every public page in every language."""

import pytest

from declaration import views as declaration_views
from declaration.models import Paragraph

from .html import soup, text_of
from .public_pages import LANGUAGES, public_paths

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_answers_in_its_language(client, demo_content, language):
    paths = public_paths(language)
    # 8 fixed pages, 5 values, 3 levels, 9 commitments, 2 information pages, 2 easy-to-read texts,
    # 29 public versions (declaration, 5 values, 13 elements, 10 of commitments), 28 version
    # histories, 1 page of changes, 2 open-data pages, 3 list variants and 3 search pages; Where to get
    # help: the list, 2 demo entries and 2 filtered lists; 8 pages of the residents' dialogue (feedback
    # and follow forms with their "sent" pages, general and for one commitment).
    assert len(paths) == 108
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        page = soup(response)
        assert page.html["lang"] == language, path
        assert len(page.find_all("h1")) == 1, path
        # Landmarks and the skip link that every page needs.
        assert page.select_one("a.skip-link")["href"] == "#main"
        assert page.find("main", id="main") and page.find("header") and page.find("footer"), path
        # The public site sets no cookies at all, so it needs no consent banner.
        assert not response.cookies, (path, response.cookies)


@pytest.mark.parametrize("path", ["/", "/en/", "/uk/", "/be/"])
def test_home_pages(client, official, path):
    response = client.get(path)
    assert response.status_code == 200
    page = soup(response)
    assert len(page.select(".value-cards a")) == 5
    levels = page.select(".levels > li")
    assert len(levels) == 3
    assert "2023" in text_of(levels[0].select_one(".status"))
    assert page.select_one(".levels .level--reached") is levels[0]


def test_home_names_the_declaration_date(client, official):
    assert "19 grudnia 2023" in text_of(soup(client.get("/")).main)
    assert "19 December 2023" in text_of(soup(client.get("/en/")).main)


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/nie-ma/", "Nie znaleziono strony"),
        ("/en/nope/", "Page not found"),
        ("/uk/nope/", "Сторінку не знайдено"),
        ("/be/nope/", "Старонка не знойдзена"),
    ],
)
def test_404_is_translated(client, official, path, text):
    response = client.get(path)
    assert response.status_code == 404
    page = soup(response)
    assert text_of(page.h1) == text
    assert page.html["lang"] == (path.split("/")[1] if path.count("/") > 2 else "pl")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("pl", "Coś poszło nie tak"),
        ("en", "Something went wrong"),
        ("uk", "Щось пішло не так"),
        ("be", "Нешта пайшло не так"),
    ],
)
def test_500_is_translated(client, official, monkeypatch, language, text):
    def broken():
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(declaration_views, "current_declaration", broken)
    client.raise_request_exception = False
    prefix = "" if language == "pl" else f"/{language}"
    response = client.get(f"{prefix}/deklaracja/")
    assert response.status_code == 500
    page = soup(response)
    assert text_of(page.h1) == text
    assert page.html["lang"] == language


def test_drafts_are_not_public(client, official):
    from pages.models import Page

    Page.objects.filter(slug="kontakt").update(publication_state="draft")
    assert client.get("/strony/kontakt/").status_code == 404


def test_future_publication_is_not_yet_visible(client, official):
    from datetime import timedelta

    from django.utils import timezone

    Paragraph.objects.filter(number=1).update(published_at=timezone.now() + timedelta(hours=1))
    assert soup(client.get("/deklaracja/")).select_one("#p1") is None
