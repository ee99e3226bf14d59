import json
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from declaration import official, text
from declaration.models import Declaration, Paragraph, Value
from publishing.models import published_now

from .html import soup, text_of

pytestmark = pytest.mark.django_db


def seed_paragraphs():
    return [text.plain(p) for p in official.read("pl").paragraphs]


def test_seed_copy_has_four_paragraphs_and_one_emphasis():
    polish = official.read("pl")
    assert len(polish.paragraphs) == 4
    assert polish.signatory_name == "Tadeusz Truchala"
    assert polish.signatory_title == "PREZYDENT MIASTA BIAŁEGOSTOKU"
    assert polish.place == "Białystok"
    assert sum(p.count("**") for p in polish.paragraphs) == 2


def test_polish_page_contains_every_seed_paragraph_verbatim(client, official):
    page = soup(client.get("/deklaracja/"))
    body = [text_of(p) for p in page.select(".paragraph > p")]
    assert body == seed_paragraphs()
    assert text_of(page.h1) == "DEKLARACJA ASPIRACJI O RANGĘ „MIASTA PRAW CZŁOWIEKA”"
    assert "Tadeusz Truchala" in text_of(page.select_one(".signature"))


def test_emphasised_sentence_is_emphasis_not_asterisks(client, official):
    response = client.get("/deklaracja/")
    page = soup(response)
    strong = page.select(".paragraph strong")
    assert [text_of(s) for s in strong] == [
        "Pierwszy poziom obejmuje podjęcie przez miasto oficjalnego zobowiązania do przestrzegania praw człowieka."
    ]
    assert "**" not in response.content.decode()


@pytest.mark.parametrize("language", ["pl", "en", "uk", "be"])
def test_value_words_link_to_value_pages(client, official, language):
    prefix = "" if language == "pl" else f"/{language}"
    page = soup(client.get(f"{prefix}/deklaracja/"))
    links = {a["href"] for a in page.select("#p1 p a")}
    assert links == {
        f"{prefix}/wartosci/{slug}/" for slug in ("rownosc", "wolnosc", "solidarnosc", "szacunek", "otwartosc")
    }
    # Only the first mention is linked: no value link outside the first paragraph.
    assert not page.select("#p2 p a, #p3 p a, #p4 p a")


@pytest.mark.parametrize("language", ["en", "uk", "be"])
def test_translations_are_labelled_unofficial(client, official, language):
    page = soup(client.get(f"/{language}/deklaracja/"))
    notice = page.select_one(".declaration .notice")
    assert notice is not None
    assert notice.a["href"] == "/deklaracja/"
    assert len(page.select(".paragraph > p")) == 4


def test_paragraphs_have_stable_anchors_and_visible_links(client, official):
    page = soup(client.get("/en/deklaracja/"))
    for number in range(1, 5):
        block = page.select_one(f"#p{number}")
        assert block is not None
        link = block.select_one("a.paragraph__link")
        assert link["href"] == f"#p{number}"
        assert text_of(link) == f"Link to paragraph {number}"


def test_loader_is_idempotent_and_keeps_editors_changes(official):
    counts = (Declaration.objects.count(), Paragraph.objects.count(), Value.objects.count())
    assert counts == (1, 4, 5)
    declaration = Declaration.objects.get()
    declaration.signatory_name = "Edited by an editor"
    declaration.save()
    call_command("load_official_content")
    call_command("load_official_content")
    assert (Declaration.objects.count(), Paragraph.objects.count(), Value.objects.count()) == counts
    assert Declaration.objects.get().signatory_name == "Edited by an editor"


def test_loaded_content_is_published_in_all_languages(official):
    for paragraph in Paragraph.objects.published():
        for language in ("pl", "en", "uk", "be"):
            assert getattr(paragraph, f"text_{language}")
    assert Value.objects.published().count() == 5
    assert [v.name_pl for v in Value.objects.published()] == [
        "równość",
        "wolność",
        "solidarność",
        "szacunek",
        "otwartość",
    ]


def test_unpublished_paragraph_is_hidden(client, official):
    Paragraph.objects.filter(number=2).update(publication_state="draft")
    page = soup(client.get("/deklaracja/"))
    assert page.select_one("#p2") is None
    assert page.select_one("#p3") is not None


def test_no_published_declaration_gives_404(client, official):
    Declaration.objects.update(publication_state="draft")
    assert client.get("/deklaracja/").status_code == 404
    assert client.get("/").status_code == 200


def test_value_page_points_to_its_mention(client, official):
    page = soup(client.get("/uk/wartosci/solidarnosc/"))
    assert text_of(page.h1) == "Солідарність"
    assert page.select_one('a[href="/uk/deklaracja/#p1"]') is not None


def test_render_escapes_markup():
    html = text.render("<script>x</script> **bold** równość", {"równość": "/w/"})
    assert "<script>" not in html
    assert "<strong>bold</strong>" in html
    assert '<a href="/w/">równość</a>' in html


def test_render_links_whole_words_only():
    assert "<a" not in text.render("nierówność", {"równość": "/w/"})
    assert text.render("Równość i równość", {"równość": "/w/"}).count("<a") == 1


def test_declaration_page_query_count_does_not_grow(client, official):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/en/deklaracja/").status_code == 200
        return len(queries)

    before = count()
    declaration = Declaration.objects.get()
    for number in range(5, 45):
        Paragraph.objects.create(declaration=declaration, number=number, text_pl=f"Akapit {number}", **published_now())
    for index in range(20):
        Value.objects.create(slug=f"v{index}", name_pl=f"wartość {index}", **published_now())
    assert count() == before


def test_value_names_match_declaration_words():
    # The translators were asked to use these exact forms so the links work.
    for language in ("pl", "en", "uk", "be"):
        first = official.read(language).paragraphs[0]
        values = json.loads((official.SEED_DIR / "values.json").read_text())
        for value in values:
            assert re.search(rf"(?<!\w){re.escape(value['name'][language])}(?!\w)", first, re.I), (language, value)
