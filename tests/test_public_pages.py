"""The home pages, error pages and publication rules of the public site. Every public
page in every language is walked once, in a browser, in test_site_walk.py."""

import pytest

from declaration import views as declaration_views
from declaration.models import Paragraph

from .html import soup, text_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/en/", "/uk/", "/be/"])
def test_home_pages(client, official, path):
    response = client.get(path)
    assert response.status_code == 200
    page = soup(response)
    assert len(page.select(".value-cards a")) == 5
    levels = page.select(".headline > li")
    assert len(levels) == 3
    assert "2023" in text_of(levels[0].select_one(".headline__sentence"))
    assert page.select_one(".headline .headline__level--reached") is levels[0]


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
