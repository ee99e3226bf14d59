"""The headline of progress (home page and overview) says what the database says: per level,
the elements reached and the commitments done, in progress and late, in every language, for
several shapes of data; the API's levels give the same numbers (one computation)."""

import csv
import datetime
import io
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from commitments.models import Commitment, Element, Level
from publishing.models import PublicationState

from . import factories
from .html import soup, text_of

LANGUAGES = ("pl", "en", "uk", "be")
PAGES = ("home", "commitments:overview")


def expected(level):
    """A level's numbers counted in Python, straight from the rows."""
    today = timezone.localdate()
    elements = [e for e in Element.objects.published().filter(level=level) if e.counts_for_level]
    reached = [e for e in elements if e.status == "reached"]
    commitments = list(Commitment.objects.published().filter(level=level, parent=None).select_related("status"))
    done = [c for c in commitments if c.status.is_done]
    late = [
        c
        for c in commitments
        if not c.status.is_done and ((c.target_date and c.target_date < today) or c.status.slug == "delayed")
    ]
    return {
        "counted": len(elements),
        "reached": len(reached),
        "reached_on": max((e.reached_on for e in reached), default=None) if len(reached) == len(elements) else None,
        "total": len(commitments),
        "done": len(done),
        "late": len(late),
        "in_progress": len(commitments) - len(done) - len(late),
    }


def sentences(level, numbers):
    """What a reader of the active language should read about the level."""
    if numbers["reached_on"]:
        status = gettext("Level %(number)s reached on %(date)s.") % {
            "number": level.number,
            "date": date_format(numbers["reached_on"], "j E Y"),
        }
    else:
        status = ngettext(
            "Level %(number)s: %(reached)s of %(counter)s element reached.",
            "Level %(number)s: %(reached)s of %(counter)s elements reached.",
            numbers["counted"],
        ) % {"number": level.number, "reached": numbers["reached"], "counter": numbers["counted"]}
    if not numbers["total"]:
        return [status, gettext("No commitments published at this level yet.")]
    return [
        status,
        " ".join(
            [
                ngettext("%(counter)s commitment:", "%(counter)s commitments:", numbers["total"])
                % {"counter": numbers["total"]},
                ngettext("%(counter)s done", "%(counter)s done", numbers["done"]) % {"counter": numbers["done"]} + ",",
                ngettext("%(counter)s in progress", "%(counter)s in progress", numbers["in_progress"])
                % {"counter": numbers["in_progress"]}
                + ",",
                ngettext("%(counter)s late", "%(counter)s late", numbers["late"]) % {"counter": numbers["late"]} + ".",
            ]
        ),
        gettext("Elements reached") + ": " + gettext("%(reached)s of %(counted)s") % numbers,
    ]


def check_headline(client):
    levels = list(Level.objects.published().order_by("number"))
    for language in LANGUAGES:
        for name in PAGES:
            with translation.override(language):
                response = client.get(reverse(name))
                assert response.status_code == 200
                items = soup(response).select(".headline__level")
                assert len(items) == len(levels), (language, name)
                for level, item in zip(levels, items, strict=True):
                    shown = text_of(item)
                    for sentence in sentences(level, expected(level)):
                        assert sentence in shown, (language, name, sentence, shown)


@pytest.mark.django_db
def test_no_commitments_level_one_reached_by_the_declaration(client):
    """Only the official content: level 1 reached on the day of the declaration, nothing promised yet."""
    assert not Commitment.objects.exists()
    check_headline(client)
    with translation.override("pl"):
        home = text_of(soup(client.get("/")).select_one(".headline"))
    assert "Poziom 1 osiągnięty 19 grudnia 2023." in home
    assert "Poziom 2: osiągnięto 0 z " in home


@pytest.mark.django_db
def test_some_late_some_done_and_rows_that_do_not_count(client):
    level = Level.objects.get(number=2)
    past = timezone.localdate() - datetime.timedelta(days=30)
    factories.commitment(level=level)  # in progress
    factories.commitment(level=level)  # in progress
    factories.commitment(level=level, target_date=past)  # late: past its target date
    factories.commitment(level=level, status=factories.status("delayed"))  # late: its status says so
    factories.commitment(level=level, status=factories.status("completed"), target_date=past)  # done, never late
    parent = factories.commitment(level=Level.objects.get(number=3), target_date=past)
    factories.commitment(level=level, parent=parent, target_date=past)  # counted within its parent
    factories.commitment(level=level, publication_state=PublicationState.DRAFT)  # a draft: not public
    check_headline(client)
    with translation.override("en"):
        overview = text_of(soup(client.get("/en/")).select(".headline__level")[1])
    assert "5 commitments: 1 done, 2 in progress, 2 late." in overview


@pytest.mark.django_db
def test_a_level_reached_with_commitments_still_running(client):
    """Every element of level 2 reached: the level says so, while its commitments keep their own count."""
    level = Level.objects.get(number=2)
    for day, element in enumerate(Element.objects.filter(level=level), start=1):
        element.status = "reached"
        element.reached_on = datetime.date(2025, 3, day)
        element.save()
    factories.commitment(level=level, target_date=timezone.localdate() - datetime.timedelta(days=1))
    check_headline(client)
    with translation.override("uk"):
        shown = text_of(soup(client.get("/uk/")).select(".headline__level")[1])
    assert "Рівень 2 досягнуто" in shown
    assert "1 із затримкою" in shown


@pytest.mark.django_db
def test_the_api_and_the_csv_give_the_same_numbers(client):
    level = Level.objects.get(number=2)
    factories.commitment(level=level)
    factories.commitment(level=level, status=factories.status("delayed"))
    factories.commitment(level=level, status=factories.status("completed"))
    levels = {item["number"]: item for item in client.get("/api/v1/levels").json()}
    for level in Level.objects.published():
        numbers = expected(level)
        assert levels[level.number]["elements_counted"] == numbers["counted"]
        assert levels[level.number]["elements_reached"] == numbers["reached"]
        assert levels[level.number]["commitments"] == {
            key: numbers[key] for key in ("total", "done", "in_progress", "late")
        }
    # The commitments CSV names each one's group: its top-level rows add up to the same counts.
    text = client.get("/dane/zobowiazania.csv").content.decode("utf-8-sig")
    rows = [row for row in csv.DictReader(io.StringIO(text)) if not row["parent"]]
    for level in Level.objects.published():
        groups = Counter(row["progress_group"] for row in rows if row["level"] == str(level.number))
        assert {key: groups[key] for key in ("done", "in_progress", "late")} == {
            key: expected(level)[key] for key in ("done", "in_progress", "late")
        }
