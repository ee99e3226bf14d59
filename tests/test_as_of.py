"""The tracker as it stood on any day (issue 17 §5): ``?stan-na=YYYY-MM-DD``
renders the overview, a level, the list and a value's page from the public
versions in force at the end of that day (Europe/Warsaw), and equals what
the live pages showed that day."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commitments.models import Commitment
from declaration.models import Value
from publishing import versions
from publishing.models import PublicVersion

from . import factories
from .html import soup, text_of

pytestmark = pytest.mark.django_db

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")
DAY = datetime.timedelta(days=1)


class Clock:
    """``timezone.now`` frozen at a moment the test moves."""

    def __init__(self, monkeypatch):
        self.moment = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.moment)

    def at(self, day, hour, minute=0, second=0):
        self.moment = datetime.datetime.combine(day, datetime.time(hour, minute, second), tzinfo=WARSAW)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def main_text(response):
    """What a reader reads in the page's main element, without the "as of" banner and the date picker."""
    page = soup(response)
    main = page.select_one("main")
    for extra in main.select(".as-of, .as-of-form"):
        extra.decompose()
    return text_of(main)


def list_text(response):
    page = soup(response)
    return [text_of(page.select_one("#results")), *(text_of(item) for item in page.select("article.commitment-item"))]


def test_each_day_as_of_equals_what_the_live_pages_showed_that_day(client, clock):
    """A scripted history (publish, correct, schedule, withdraw) lived day by day; then
    each day's "as of" overview and list are what the live pages showed at its end."""
    first = timezone.localdate() + 2 * DAY
    days = [first + n * DAY for n in range(5)]
    equality = Value.objects.get(slug="rownosc")
    shown = {}

    def end_of_day(day):
        clock.at(day, 23, 59, 59)
        shown[day] = (main_text(client.get("/postepy/")), list_text(client.get("/zobowiazania/")))

    clock.at(days[0], 10)  # publish two commitments
    a = factories.commitment(slug="a-dzien", title_pl="Alfa", target_date=days[4] + 300 * DAY, values=[equality])
    b = factories.commitment(slug="b-dzien", title_pl="Beta", target_date=days[1])
    versions.record(a)
    versions.record(b)
    end_of_day(days[0])

    clock.at(days[1], 10)  # correct one: its status, and a progress update
    a.status = factories.status("completed")
    a.save()
    factories.update(a, title_pl="Gotowe", date=days[1])
    versions.record(a, note={"pl": "Ukończone."})
    end_of_day(days[1])  # b is due today, not yet overdue

    clock.at(days[2], 9)  # schedule a third for tomorrow at 10:00; b is now overdue
    c = factories.commitment(
        slug="c-dzien", title_pl="Gamma", published_at=clock.moment + DAY + datetime.timedelta(hours=1)
    )
    versions.record(c)
    b.title_pl = "Beta poprawiona"
    b.save()
    versions.record(b, major=False)
    end_of_day(days[2])

    end_of_day(days[3])  # nothing done: the scheduled one appears by itself

    clock.at(days[4], 10)  # withdraw one
    a.publication_state = "withdrawn"
    a.save()
    versions.record(a, note={"pl": "Wycofane."})
    end_of_day(days[4])

    # Sanity: the script did change what the pages showed.
    assert len({text for text, _items in shown.values()}) == 5
    assert "Gamma" not in " ".join(shown[days[2]][1]) and "Gamma" in " ".join(shown[days[3]][1])

    clock.at(days[4] + 2 * DAY, 12)
    for day in days:
        overview = client.get(f"/postepy/?stan-na={day.isoformat()}")
        listed = client.get(f"/zobowiazania/?stan-na={day.isoformat()}")
        assert overview.status_code == listed.status_code == 200
        assert main_text(overview) == shown[day][0], day
        assert list_text(listed) == shown[day][1], day
    banner = text_of(soup(client.get(f"/postepy/?stan-na={days[0].isoformat()}")).select_one(".as-of__title"))
    assert banner == f"Stan na {days[0].day} {_polish_month(days[0])} {days[0].year}"


def _polish_month(day):
    from django.utils import translation
    from django.utils.formats import date_format

    with translation.override("pl"):
        return date_format(day, "E")


def test_the_as_of_overview_makes_the_same_number_of_queries_however_long_the_history(client, clock):
    start = timezone.localdate() - 10 * DAY
    clock.at(start, 10)
    items = [factories.commitment(title_pl=f"Historia {n}") for n in range(3)]
    for item in items:
        versions.record(item)

    def grow(total):
        """Versions 2…total of each item, a minute apart, as corrections would record them."""
        rows = []
        for item in items:
            first = versions.versions_of(item).get(number=1)
            have = versions.versions_of(item).count()
            for number in range(have + 1, total + 1):
                snapshot = {
                    **first.snapshot,
                    "title": {**first.snapshot["title"], "pl": f"{item.slug} wersja {number}"},
                }
                rows.append(
                    PublicVersion(
                        content_type=first.content_type,
                        object_id=first.object_id,
                        number=number,
                        kind=first.kind,
                        key=first.key,
                        state=first.state,
                        published_at=first.published_at + number * datetime.timedelta(minutes=1),
                        snapshot=snapshot,
                        fingerprint=versions.fingerprint(first.state, snapshot),
                    )
                )
        PublicVersion.objects.bulk_create(rows)

    def queries(total):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/postepy/?stan-na={(start + 3 * DAY).isoformat()}")
        assert response.status_code == 200
        listed = client.get(f"/zobowiazania/?stan-na={(start + 3 * DAY).isoformat()}")
        assert f"{items[0].slug} wersja {total}" in listed.content.decode()  # the latest version is the one shown
        return len(captured)

    clock.at(start + 5 * DAY, 12)
    grow(10)
    ten = queries(10)
    grow(200)
    assert queries(200) == ten


@pytest.mark.parametrize(
    ("value", "status", "words"),
    [
        ("30-06-2025", 400, "is not a date"),
        ("2025-02-30", 400, "is not a date"),
        ("", 400, "Choose a day"),
        ("<script>", 400, "is not a date"),
        ("2999-01-01", 400, "has not happened yet"),
        ("2023-12-18", 200, "signed the declaration on 19 December 2023"),
    ],
)
def test_dates_that_cannot_be_shown_are_explained_and_the_picker_stays(client, value, status, words):
    response = client.get("/en/postepy/", {"stan-na": value})
    assert response.status_code == status
    page = soup(response)
    assert words in text_of(page.select_one("[role=alert]"))
    assert page.select_one("form.as-of-form input[type=date][name=stan-na]")


def test_every_as_of_page_kind_renders_from_versions(client, clock):
    commitment = factories.commitment(slug="na-dzien", title_pl="Na dzień", values=[Value.objects.get(slug="rownosc")])
    versions.record(commitment)
    today = timezone.localdate()
    clock.at(today + 2 * DAY, 12)
    day = (today + DAY).isoformat()
    for path in (
        "/postepy/",
        "/poziomy/2/",
        "/zobowiazania/",
        "/wartosci/rownosc/",
        "/en/poziomy/1/",
        "/uk/wartosci/rownosc/",
    ):
        response = client.get(f"{path}?stan-na={day}")
        assert response.status_code == 200, path
        assert soup(response).select_one(".as-of__title"), path
    level = soup(client.get(f"/poziomy/2/?stan-na={day}"))
    assert [link["href"] for link in level.select("article.commitment-item h3 a")] == [
        f"/wersje/zobowiazanie/{commitment.reference}/1/"
    ]
    # The level's status, derived from its elements' versions, is what the live page shows.
    for number in (1, 2):
        live = soup(client.get(f"/poziomy/{number}/"))
        shown = soup(client.get(f"/poziomy/{number}/?stan-na={day}"))
        assert text_of(shown.select_one("p.status")) == text_of(live.select_one("p.status"))
        assert text_of(shown.select_one("table.checklist")) == text_of(live.select_one("table.checklist"))
    # Before the commitment was published, the value's page as of that day shows none.
    earlier = soup(client.get(f"/wartosci/rownosc/?stan-na={(today - DAY).isoformat()}"))
    assert not earlier.select("article.commitment-item")
    assert client.get(f"/wartosci/nie-ma/?stan-na={day}").status_code == 404


def test_a_past_days_page_is_kept_by_the_page_cache_through_content_changes(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    yesterday = (timezone.localdate() - DAY).isoformat()
    path = f"/postepy/?stan-na={yesterday}"
    assert client.get(path).get("X-Page-Cache") == "miss"
    factories.commitment()  # a save moves the cache to a new generation
    assert client.get(path)["X-Page-Cache"] == "hit"
    # Today's page is "so far": rendered again after a change, as is the live page.
    today = f"/postepy/?stan-na={timezone.localdate().isoformat()}"
    client.get(today)
    factories.commitment()
    assert client.get(today)["X-Page-Cache"] == "miss"
    assert client.get("/postepy/")["X-Page-Cache"] == "miss"
    # Another day is another page.
    other = f"/postepy/?stan-na={(timezone.localdate() - 2 * DAY).isoformat()}"
    assert client.get(other)["X-Page-Cache"] == "miss"
    assert Commitment.objects.count() >= 2
