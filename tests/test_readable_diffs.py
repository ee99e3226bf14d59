"""The "what changed" page between two public versions reads as words in every
language: labels, states and yes/no instead of stored data, numbers with their
unit, dates as people write them, rows added/removed/changed, the Polish text
with a notice where a translation is missing, and the change note on top."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import formats, translation

from publishing import diff, registry, versions

from . import factories
from .html import soup, text_of

PAGES = {"pl": "", "en": "/en", "uk": "/uk", "be": "/be"}
# A status's name as the official status list gives it, per language.
PLANNED = {"pl": "Zaplanowane", "en": "Planned", "uk": "Заплановано", "be": "Запланавана"}
DELAYED = {"pl": "Opóźnione", "en": "Delayed", "uk": "Із затримкою", "be": "Са спазненнем"}
NOTE = {"pl": "Prace opóźnione, pierwszy etap zakończony.", "en": "Work delayed, the first stage is done."}


def visible(element):
    """What a sighted reader sees: the text without the words kept for screen readers."""
    for hidden in element.select(".visually-hidden"):
        hidden.decompose()
    return text_of(element)


@pytest.fixture
def changed(official, db):
    """A commitment published with its title in Polish only, then changed:
    status planned → delayed, progress set by hand 10 → 0, its milestone done,
    a new Polish title, with a change note in Polish and English."""
    commitment = factories.commitment(
        title_pl="Mapa barier architektonicznych",
        title_en="",
        status=factories.status("planned"),
        progress_mode="manual",
        manual_progress=10,
        manual_progress_reason_pl="Szacunek zespołu.",
    )
    milestone = factories.milestone(
        commitment, title_pl="Konsultacje z mieszkańcami", title_en="", due_on=datetime.date(2026, 6, 30)
    )
    assert versions.record(commitment).number == 1
    commitment.title_pl = "Mapa barier architektonicznych w urzędach"
    commitment.status = factories.status("delayed")
    commitment.manual_progress = 0
    commitment.save()
    milestone.done, milestone.done_on = True, datetime.date(2025, 11, 20)
    milestone.save()
    second = versions.record(commitment, note=NOTE)
    assert second.number == 2
    return commitment


@pytest.mark.django_db
def test_a_diff_reads_as_words_in_every_language(client, changed):
    for page_language, prefix in PAGES.items():
        page = soup(client.get(f"{prefix}/wersje/zobowiazanie/{changed.reference}/2/zmiany/"))
        main = page.main
        sections = {language: main.select_one(f'section[aria-labelledby="diff-{language}"]') for language in PAGES}
        with translation.override(page_language):
            words = {
                "progress": translation.gettext("Progress"),
                "status": translation.gettext("Status"),
                "milestone": translation.gettext("%(row)s changed:")
                % {"row": translation.pgettext("changed row", "Milestone")},
                "done": f"{translation.gettext('done')}: {translation.gettext('no')} → {translation.gettext('yes')}",
                "done_on": formats.date_format(datetime.date(2025, 11, 20), "j E Y"),
                "notice": translation.gettext("Not yet translated — showing the Polish original."),
            }
        text = visible(main)
        # The heading is the Polish title, announced as such outside Polish.
        assert (words["notice"] in visible(main.h1.find_next_sibling())) == (page_language != "pl")
        # No stored data shows through: no Python words, no bare digits run together.
        for raw in ("False", "True", "None", "100"):
            assert not any(raw in visible(section) for section in sections.values()), (page_language, raw)
            assert raw not in text or raw == "100", (page_language, raw)
        # The change note is at the top, before the sections, in the page's language (else Polish).
        note = NOTE.get(page_language, NOTE["pl"])
        assert note in text and text.index(note) < text.index(visible(sections["pl"]))
        for language, section in sections.items():
            shown = visible(section)
            assert f"{words['progress']} 10% → 0%" in shown, (page_language, language, shown)
            assert f"{words['status']} {PLANNED[language]} → {DELAYED[language]}" in shown, (page_language, language)
            assert words["milestone"] in shown and words["done"] in shown, (page_language, language, shown)
            assert words["done_on"] in shown, (page_language, language, shown)
            # The Polish title, changed, shows in every language, with a notice where it is not translated.
            assert "w urzędach" in shown and "Konsultacje z mieszkańcami" in shown, (page_language, language)
            assert (words["notice"] in shown) == (language != "pl"), (page_language, language, shown)
            # Changes are marked for screen readers too, not by colour alone.
            assert section.select("del") and section.select("ins")
        with translation.override(page_language):
            removed, added = (
                translation.pgettext("changed text", "removed:"),
                translation.pgettext("changed text", "added:"),
            )
        page = soup(client.get(f"{prefix}/wersje/zobowiazanie/{changed.reference}/2/zmiany/"))
        assert f"{removed} 10% → {added} 0%" in text_of(page.select_one('section[aria-labelledby="diff-uk"]'))
        # The Polish original is marked as Polish wherever it stands in for a translation.
        title = page.select_one('section[aria-labelledby="diff-en"] dd')
        assert title.select_one('[lang="pl"]') is not None


@pytest.mark.django_db
def test_literal_english_and_polish(client, changed):
    """The same page, read by a person rather than through the catalogue."""
    english = visible(soup(client.get(f"/en/wersje/zobowiazanie/{changed.reference}/2/zmiany/")).main)
    assert "Progress 10% → 0%" in english
    assert "Status Planned → Delayed" in english
    assert "Milestone changed: Konsultacje z mieszkańcami — done: no → yes; date done: not set → 20 November 2025" in (
        english
    )
    assert "Change note: Work delayed, the first stage is done." in english
    polish = visible(soup(client.get(f"/wersje/zobowiazanie/{changed.reference}/2/zmiany/")).main)
    assert "Status Zaplanowane → Opóźnione" in polish
    assert "20 listopada 2025" in polish


def texts(pl, en=""):
    return {"pl": pl, "en": en, "uk": "", "be": ""}


def milestone_row(title, due_on="2026-06-30", description=""):
    return {"title": texts(title), "description": texts(description), "due_on": due_on, "done": False, "done_on": None}


def test_rows_added_removed_and_an_element_reached_read_as_such():
    """Rows are compared as rows (no database: the snapshots are plain JSON)."""
    commitment = registry.version_kind("zobowiazanie").labels
    before = {"milestones": [milestone_row("Konsultacje"), milestone_row("Raport")], "documents": []}
    after = {
        # Another milestone in the second one's place: another name, date and description.
        "milestones": [milestone_row("Konsultacje"), milestone_row("Mapa", "2027-01-31", "Opis")],
        "documents": [{"title": texts("Uchwała", "Resolution"), "href": "/a.pdf", "date": "2025-03-01"}],
    }
    with translation.override("en"):
        changes = {c.label: c for c in diff.compare(before, after, "published", "published", "en", commitment)}
    milestones = BeautifulSoup(changes["Milestones"].html, "html.parser")
    assert [text_of(item.strong) for item in milestones.select("li")] == ["Milestone removed:", "Milestone added:"]
    assert text_of(milestones.select_one("li del")) == "Raport; planned date: 30 June 2026; done: no"
    assert text_of(milestones.select_one("li ins")) == "Mapa; planned date: 31 January 2027; done: no"
    assert changes["Milestones"].is_fallback  # the milestones have Polish titles only
    documents = BeautifulSoup(changes["Documents"].html, "html.parser")
    assert text_of(documents) == "Document added: Resolution; date: 1 March 2025"
    assert not changes["Documents"].is_fallback

    element = registry.version_kind("element").labels
    reached = {"status": {"pl": "osiągnięty", "en": "reached", "uk": "", "be": ""}, "reached_on": "2023-12-19"}
    started = {"status": {"pl": "nierozpoczęty", "en": "not started", "uk": "", "be": ""}, "reached_on": None}
    with translation.override("pl"):
        changes = diff.compare(started, reached, "published", "withdrawn", "pl", element)
    shown = [(c.label, visible(BeautifulSoup(c.html, "html.parser"))) for c in changes]
    assert shown == [
        ("Status", "nierozpoczęty → osiągnięty"),
        ("Data osiągnięcia", "brak → 19 grudnia 2023"),
        ("Status publikacji", "Opublikowano → Wycofano z publikacji"),
    ]


def test_a_name_replaced_reads_as_one_change_and_nested_rows_are_labelled():
    declaration = registry.version_kind("deklaracja").labels
    with translation.override("en"):
        (signatory,) = diff.compare(
            {"signatory_name": "Jan Kowalski"},
            {"signatory_name": "Anna Nowak"},
            "published",
            "published",
            "en",
            declaration,
        )
        assert visible(BeautifulSoup(signatory.html, "html.parser")) == "Jan Kowalski → Anna Nowak"
        update = {"date": "2025-01-01", "title": texts("Aktualizacja", "Update"), "body_html": texts("<p>Treść</p>")}
        document = {
            "title": texts("Raport", "Report"),
            "href": "/r.pdf",
            "date": "2025-01-02",
            "kind": texts("raport", "report"),
        }
        (updates,) = diff.compare(
            {"updates": [{**update, "documents": []}]},
            {"updates": [{**update, "documents": [document]}]},
            "published",
            "published",
            "en",
            registry.version_kind("zobowiazanie").labels,
        )
    assert visible(BeautifulSoup(updates.html, "html.parser")) == (
        "Progress update changed: Update — documents: Document added: Report; kind: report; date: 2 January 2025"
    )
    assert not updates.is_fallback  # the Polish text of the update is the same, so not shown
