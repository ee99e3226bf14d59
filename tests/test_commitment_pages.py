"""Public pages of the progress tracker."""

import datetime

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commitments import demo
from commitments.models import Commitment, Element, Unit
from declaration.models import Value
from publishing.models import as_of

from . import factories
from .conftest import queries
from .html import soup, text_of

pytestmark = pytest.mark.django_db

LANGUAGES = ("pl", "en", "uk", "be")


def prefix(language):
    return "" if language == "pl" else f"/{language}"


@pytest.fixture
def tracker(official):
    """A small tracker: one commitment with everything, plus a few others."""
    equality = Value.objects.get(slug="rownosc")
    unit = Unit.objects.create(slug="wydzial-testowy", name_pl="Wydział testowy")
    main = factories.commitment(
        slug="punkt-porad",
        title_pl="Punkt porad prawnych",
        title_en="Legal advice point",
        title_uk="Пункт правових консультацій",
        body_pl="**Ważne** szczegóły.\n\n- pierwszy\n- drugi",
        values=[equality],
        unit=unit,
        element=Element.objects.get(code="S3"),
        last_reviewed_on=timezone.localdate(),
    )
    factories.milestone(main, title_pl="Otwarcie punktu", done=True, done_on=datetime.date(2025, 3, 1))
    factories.milestone(main, title_pl="Pierwszy raport", due_on=datetime.date(2026, 1, 1))
    factories.update(main, title_pl="Punkt otwarty", body_pl="Punkt działa od marca.")
    factories.document(main, title_pl="Zarządzenie o utworzeniu punktu", kind="ordinance")
    factories.indicator(main, name_pl="Liczba porad", years=[(2023, 10), (2024, 25), (2025, 40)])
    factories.commitment(
        slug="spozniony",
        title_pl="Spóźnione zobowiązanie",
        summary_pl="Równość w dostępie do urzędu.",
        start_date=datetime.date(2023, 1, 1),
        target_date=datetime.date(2024, 1, 1),
        level=factories.Level.objects.get(number=3),
        status=factories.status("delayed"),
    )
    factories.commitment(slug="szkic", title_pl="Szkic", publication_state="draft", published_at=None)
    return main


@pytest.mark.parametrize("language", LANGUAGES)
def test_tracker_pages_answer_in_every_language(client, tracker, language):
    for path in (
        "/postepy/",
        "/poziomy/1/",
        "/poziomy/2/",
        "/poziomy/3/",
        "/zobowiazania/",
        "/zobowiazania/punkt-porad/",
    ):
        response = client.get(prefix(language) + path)
        assert response.status_code == 200, path
        page = soup(response)
        assert page.html["lang"] == language
        assert len(page.find_all("h1")) == 1


def test_commitment_page_shows_everything(client, tracker):
    page = soup(client.get("/zobowiazania/punkt-porad/"))
    main = text_of(page.main)
    assert tracker.reference in main
    for text in ("Punkt porad prawnych", "Otwarcie punktu", "Pierwszy raport", "Punkt otwarty",
                 "Zarządzenie o utworzeniu punktu", "Liczba porad", "Wydział testowy", "S3"):  # fmt: skip
        assert text in main, text
    assert page.select_one(".prose strong").get_text() == "Ważne"
    assert len(page.select(".timeline__item")) == 2
    assert len(page.select(".timeline__item--done")) == 1
    assert "50%" in text_of(page.select_one(".progress"))
    rows = [[text_of(c) for c in row.select("th, td")] for row in page.select(".indicator tbody tr")]
    assert rows[:3] == [["2023", "10", "—", "—"], ["2024", "25", "—", "—"], ["2025", "40", "—", "—"]]
    assert len(page.select(".chart rect")) == 3
    assert page.select_one('a[href="/wartosci/rownosc/"]') is not None


def test_overdue_and_stale_flags_appear(client, tracker):
    page = soup(client.get("/en/zobowiazania/spozniony/"))
    flags = text_of(page.select_one(".flags"))
    assert "Overdue: the target date was 1 January 2024" in flags
    assert "Never reviewed" in flags
    assert page.select_one(".flag--overdue") is not None
    assert soup(client.get("/zobowiazania/punkt-porad/")).select_one(".flag--overdue") is None


def test_drafts_are_not_public(client, tracker):
    assert client.get("/zobowiazania/szkic/").status_code == 404
    assert "Szkic" not in text_of(soup(client.get("/zobowiazania/")).main)


def test_fallback_notice_for_an_untranslated_commitment(client, tracker):
    page = soup(client.get("/be/zobowiazania/punkt-porad/"))
    assert text_of(page.h1.select_one('[lang="pl"]')) == "Punkt porad prawnych"
    assert page.h1.select_one(".fallback-notice") is not None
    page = soup(client.get("/uk/zobowiazania/punkt-porad/"))
    assert text_of(page.h1) == "Пункт правових консультацій" and not page.h1.select("[lang]")


def test_level_page_lists_checklist_with_evidence(client, tracker):
    page = soup(client.get("/en/poziomy/1/"))
    rows = page.select(".checklist tbody tr")
    assert len(rows) == 5
    declaration_row = page.select_one("#element-S1")
    assert "19 December 2023" in text_of(declaration_row)
    assert declaration_row.select_one('a[href="/deklaracja/"]') is not None
    assert "reached on 19 December 2023" in text_of(page.select_one(".status"))


def test_overview_counts_by_level_and_value(client, tracker):
    page = soup(client.get("/en/postepy/"))
    (level_two,) = [table for table in page.select("table.tally") if "level 2" in text_of(table.caption)]
    cells = {text_of(r.th): text_of(r.td) for r in level_two.select("tbody tr")}
    assert cells["In progress"] == "1"
    assert text_of(level_two.select_one("tfoot td")) == "1"
    equality = page.select_one("table.by-value tbody tr")
    assert text_of(equality.th) == "Equality"
    assert text_of(equality.select("td")[-2]) == "1"
    assert "spozniony" in str(page.select_one('section[aria-labelledby="overdue-heading"]'))


def test_home_shows_the_summary(client, tracker):
    page = soup(client.get("/en/"))
    levels = page.select(".headline > li")
    assert len(levels) == 3
    assert "Level 1 reached on 19 December 2023." in text_of(levels[0])
    assert "1 commitment: 0 done, 1 in progress, 0 late." in text_of(levels[1])
    assert page.select_one('a[href="/en/zobowiazania/?flag=overdue"]') is not None


def test_value_page_lists_its_commitments(client, tracker):
    page = soup(client.get("/wartosci/rownosc/"))
    assert [text_of(a) for a in page.select(".commitment-item__title a")] == [
        f"{tracker.reference} Punkt porad prawnych"
    ]


# The list ------------------------------------------------------------------


def titles(response):
    return [text_of(h.select_one("a span:last-child")) for h in soup(response).select(".commitment-item__title")]


@pytest.mark.both_databases
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Punkt porad prawnych", "Spóźnione zobowiązanie"]),
        ("?level=3", ["Spóźnione zobowiązanie"]),
        ("?value=rownosc", ["Punkt porad prawnych"]),
        ("?status=delayed", ["Spóźnione zobowiązanie"]),
        ("?unit=wydzial-testowy", ["Punkt porad prawnych"]),
        ("?year=2024", ["Spóźnione zobowiązanie"]),
        ("?flag=overdue", ["Spóźnione zobowiązanie"]),
        ("?q=porad", ["Punkt porad prawnych"]),
        ("?q=PORAD", ["Punkt porad prawnych"]),
        # Diacritics and case folded away, on SQLite as on PostgreSQL (search/folding.py).
        ("?q=rownosc", ["Spóźnione zobowiązanie"]),
        ("?q=R%C3%93WNO%C5%9A%C4%86", ["Spóźnione zobowiązanie"]),
        ("?q=spoznione", ["Spóźnione zobowiązanie"]),
        ("?sort=-progress", ["Punkt porad prawnych", "Spóźnione zobowiązanie"]),
        ("?sort=progress", ["Spóźnione zobowiązanie", "Punkt porad prawnych"]),
        ("?level=2&value=wolnosc", []),
    ],
)
def test_list_filters_are_links(client, tracker, query, expected):
    response = client.get("/zobowiazania/" + query)
    assert titles(response) == expected
    count = text_of(soup(response).select_one("#results"))
    assert count.startswith(str(len(expected)))


def test_no_results_state(client, tracker):
    page = soup(client.get("/en/zobowiazania/?q=nothing-matches-this"))
    assert "No commitments match these filters." in text_of(page.select_one(".no-results"))
    assert text_of(page.select_one("#results")) == "0 commitments"


@pytest.mark.parametrize(
    "query",
    ["?level=9", "?year=abc", "?status=%3Cscript%3E", "?page=999", "?page=-1", "?sort=nonsense", "?value=x&level=2"],
)
def test_bad_filters_get_a_message_not_an_error(client, tracker, query):
    response = client.get("/en/zobowiazania/" + query)
    assert response.status_code == 200
    page = soup(response)
    if "page=" not in query:
        assert page.select_one(".form-errors") is not None
    assert "<script>" not in response.content.decode()


def test_valid_filters_still_apply_beside_invalid_ones(client, tracker):
    assert titles(client.get("/zobowiazania/?level=3&year=abc")) == ["Spóźnione zobowiązanie"]


def test_pagination_keeps_filters(client, official):
    for _ in range(45):
        factories.commitment(level=factories.Level.objects.get(number=3))
    page = soup(client.get("/zobowiazania/?level=3&page=2"))
    assert len(page.select(".commitment-item")) == 20
    nav = page.select_one("nav.pagination")
    assert "Page 2 of 3" in text_of(nav) or "Strona 2 z 3" in text_of(nav)
    assert nav.select_one('a[rel="next"]')["href"] == "?level=3&page=3"
    assert nav.select_one('a[rel="prev"]')["href"] == "?level=3&page=1"


def test_level_page_shows_its_commitments_a_page_at_a_time(client, official):
    for _ in range(45):
        factories.commitment(level=factories.Level.objects.get(number=3))
    first = soup(client.get("/poziomy/3/"))
    assert len(first.select(".commitment-item")) == 20
    assert first.select_one("#commitments") is not None
    assert first.select_one('a[href="/zobowiazania/?level=3"]') is not None  # filters and sorting are in the list
    nav = first.select_one("nav.pagination")
    assert "Strona 1 z 3" in text_of(nav) and nav.select_one('a[rel="prev"]') is None
    assert nav.select_one('a[rel="next"]')["href"] == "?page=2#commitments"
    last = soup(client.get("/en/poziomy/3/?page=3"))
    assert len(last.select(".commitment-item")) == 5
    assert "page 3" in last.title.string
    assert last.select_one("nav.pagination a[rel='prev']")["href"] == "?page=2#commitments"
    # Every commitment once across the pages, in reference order.
    shown = [
        a["href"]
        for number in (1, 2, 3)
        for a in soup(client.get(f"/poziomy/3/?page={number}")).select(".commitment-item h3 a")
    ]
    assert shown == [c.get_absolute_url() for c in Commitment.objects.published().filter(level__number=3)]
    # A page past the end shows the last one, a page that is not a number the first (as the list does).
    assert len(soup(client.get("/poziomy/3/?page=99")).select(".commitment-item")) == 5
    assert len(soup(client.get("/poziomy/3/?page=abc")).select(".commitment-item")) == 20


def test_the_lists_filter_options_are_read_once_per_change_of_content(client, tracker, settings, monkeypatch):
    settings.SITE_FACTS_CACHED, settings.PAGE_CACHE_LOCAL_SECONDS = True, 600  # as in production
    caches["default"].clear()
    client.get("/zobowiazania/")
    with CaptureQueriesContext(connection) as captured:
        page = soup(client.get("/zobowiazania/?level=3&unit=wydzial-testowy"))
    read = " ".join(query["sql"] for query in captured)
    for table in ("commitments_level", "declaration_value", "commitments_status", "commitments_unit"):
        assert f'FROM "{table}"' not in read, table
    assert page.select_one('#id_unit option[value="wydzial-testowy"]').has_attr("selected")
    assert page.select_one(".form-errors") is None
    # A save drops them: a new unit is offered, and filtering by it is no error.
    Unit.objects.create(slug="nowy-wydzial", name_pl="Nowy wydział")
    response = client.get("/zobowiazania/?unit=nowy-wydzial")
    page = soup(response)
    assert page.select_one('#id_unit option[value="nowy-wydzial"]') is not None
    assert page.select_one(".form-errors") is None and titles(response) == []
    # A value scheduled for later is offered from its time on, without any save in between.
    later = timezone.now() + datetime.timedelta(hours=1)
    Value.objects.create(slug="przyszla", name_pl="Przyszła", publication_state="published", published_at=later)
    assert soup(client.get("/zobowiazania/")).select_one('#id_value option[value="przyszla"]') is None
    monkeypatch.setattr("bialystok_hrc.filters.time.time", lambda: later.timestamp() + 1)
    with as_of(later + datetime.timedelta(seconds=1)):
        assert soup(client.get("/zobowiazania/")).select_one('#id_value option[value="przyszla"]') is not None
    caches["default"].clear()


# Demo content ------------------------------------------------------------------


def test_demo_content_is_labelled_everywhere_and_removable(client, official):
    assert demo.load() == 30
    assert Commitment.objects.filter(is_demo=True).count() == 30
    assert all(c.reference.startswith("DEMO-") for c in Commitment.objects.all())
    for path in (
        "/",
        "/deklaracja/",
        "/postepy/",
        "/zobowiazania/",
        "/zobowiazania/demo-001/",
        "/en/wartosci/wolnosc/",
    ):
        page = soup(client.get(path))
        assert page.select_one(".demo-banner") is not None, path
    detail = soup(client.get("/zobowiazania/demo-002/"))
    assert detail.select_one(".flag--demo") is not None
    list_page = soup(client.get("/zobowiazania/"))
    assert len(list_page.select(".commitment-item")) == len(list_page.select(".commitment-item .flag--demo"))
    call_command("remove_demo_content")
    assert not Commitment.objects.exists() and not Unit.objects.exists()
    assert soup(client.get("/")).select_one(".demo-banner") is None


def test_demo_content_is_varied(official):
    demo.load()
    commitments = Commitment.objects.all()
    assert {c.level.number for c in commitments} == {1, 2, 3}
    assert len({c.status.slug for c in commitments}) >= 4
    assert commitments.filter(parent__isnull=False).count() == 20
    assert commitments.overdue().exists()
    assert all(c.values.exists() for c in commitments)
    assert factories.Indicator.objects.filter(is_demo=True).count() == 5


def test_demo_content_is_refused_without_debug(official):
    assert not settings.DEBUG
    with pytest.raises(CommandError):
        call_command("load_demo_content")
    assert not Commitment.objects.exists()


# Query budget -------------------------------------------------------------------


def grow(count):
    values = list(Value.objects.all())
    main = Commitment.objects.get(slug="punkt-porad")
    for _ in range(count // 5):
        factories.milestone(main)
        factories.update(main)
        factories.document(main)
        # Residents' feedback with published answers (and some not public) under the commitment.
        factories.feedback(main, state="published", published_at=timezone.now())
        factories.feedback(main)
    item = None
    for index in range(count):
        # Every other one is a sub-commitment, so lists show "part of" too.
        item = factories.commitment(
            level=factories.Level.objects.get(number=1 + index % 3),
            values=values[: 1 + index % 5],
            parent=item if index % 2 else None,
        )
        factories.milestone(item)
        factories.update(item)


PAGES = [
    "/",
    "/postepy/",
    "/poziomy/2/",
    "/zobowiazania/",
    "/zobowiazania/?level=2&sort=-progress",
    "/wartosci/rownosc/",
    "/zobowiazania/punkt-porad/",
    "/en/zobowiazania/?page=2",
    "/api/v1/commitments?limit=20",
]
# The pages the performance issue budgets (≤ MAX_QUERIES, as benchmarks/run.py checks).
BUDGETED = ["/postepy/", "/poziomy/2/", "/zobowiazania/", "/zobowiazania/punkt-porad/", "/api/v1/commitments?limit=20"]
MAX_QUERIES = 10


@pytest.mark.both_databases
def test_query_counts_do_not_grow_with_data(client, tracker, settings):
    # As in production: site-wide facts (the demo banner, the list's filter options) are
    # read from the cache, and computed again after each save.
    settings.SITE_FACTS_CACHED, settings.PAGE_CACHE_LOCAL_SECONDS = True, 600
    caches["default"].clear()
    grow(25)  # two pages of the list already, so "?page=2" is a real page at both sizes
    small = {path: queries(client, path) for path in PAGES}
    grow(175)
    large = {path: queries(client, path) for path in PAGES}
    assert Commitment.objects.published().count() == 202
    assert Commitment.objects.filter(parent__isnull=False).count() >= 99
    assert Commitment.objects.published().filter(level__number=2).count() > 40  # the level page is paginated
    assert large == small
    assert {path: small[path] for path in BUDGETED if small[path] > MAX_QUERIES} == {}
    caches["default"].clear()
    assert len(soup(client.get("/zobowiazania/punkt-porad/")).select(".dialogue-answers .answer")) == 40
    print("query counts:", small)


def test_unpublished_parent_value_and_element_stay_hidden(client, tracker):
    parent = factories.commitment(
        slug="rodzic", title_pl="Szkic nadrzędny", publication_state="draft", published_at=None
    )
    child = factories.commitment(slug="dziecko", title_pl="Dziecko", parent=parent)
    hidden_value = Value.objects.get(slug="wolnosc")
    Value.objects.filter(pk=hidden_value.pk).update(publication_state="draft")
    child.values.add(hidden_value)
    Element.objects.filter(code="S3").update(publication_state="draft")
    detail = text_of(soup(client.get("/zobowiazania/punkt-porad/")).main)
    assert "S3" not in detail
    page = soup(client.get("/zobowiazania/dziecko/"))
    assert "Szkic nadrzędny" not in text_of(page.main) and "None" not in text_of(page.main)
    assert page.select_one('a[href="/wartosci/wolnosc/"]') is None
    assert "None" not in text_of(soup(client.get("/zobowiazania/")).main)
