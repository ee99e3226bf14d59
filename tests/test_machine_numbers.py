"""Numbers meant for machines are never localized. Polish and Ukrainian write decimals with a
comma ("16,9"); in an SVG attribute that is no length at all, and Chromium drew no bar of the
indicator chart. Every public page in every language is read here with the test client, and
every number a browser or a crawler parses — SVG geometry, <progress>/<meter> values,
<time datetime>, JSON-LD, the CSV downloads' numbers and dates — must parse."""

import csv
import datetime
import io
import json
import re

import pytest

from .public_pages import all_public_paths

pytestmark = pytest.mark.django_db

NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
# Attributes of SVG elements that hold one number (a length may carry a unit or a percentage).
SVG_NUMBERS = {
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "dx", "dy", "width", "height",
    "stroke-width", "stroke-dashoffset", "opacity", "fill-opacity", "stroke-opacity", "offset", "font-size",
}  # fmt: skip
SVG_LISTS = {"viewbox", "points", "stroke-dasharray"}
ONE_NUMBER = re.compile(rf"^\s*{NUMBER}(?:px|em|ex|%)?\s*$")
NUMBER_LIST = re.compile(rf"^\s*{NUMBER}(?:(?:\s*,\s*|\s+){NUMBER})*\s*$")
# A path: commands and numbers only, numbers written with dots.
PATH_DATA = re.compile(rf"^\s*(?:[MmLlHhVvCcSsQqTtAaZz]|{NUMBER}|[\s,])*$")
# What HTML allows in <time datetime>: a year, a month, a date, a date and time (with a zone).
DATETIME = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$")


def svg_attribute_parses(name, value):
    if name in SVG_NUMBERS:
        return bool(ONE_NUMBER.match(value))
    if name == "d":
        return bool(PATH_DATA.match(value))
    if name not in SVG_LISTS:
        return True
    if not NUMBER_LIST.match(value):
        return False
    # A viewBox has four numbers, points come in pairs: "0 0 16,9 20" is five.
    count = len(re.findall(NUMBER, value))
    return {"viewbox": count == 4, "points": count % 2 == 0}.get(name, True)


def machine_number_problems(html):
    """Each attribute on the page that a machine cannot read as a number (or a date)."""
    problems = []
    for svg in html.select("svg"):
        for element in [svg, *svg.find_all(True)]:
            problems += [
                f'<{element.name} {name.lower()}="{value}">'
                for name, value in element.attrs.items()
                if not svg_attribute_parses(name.lower(), value)
            ]
    for element in html.select("progress, meter"):
        for name in ("value", "min", "max", "low", "high", "optimum"):
            if element.has_attr(name) and not ONE_NUMBER.match(element[name]):
                problems.append(f'<{element.name} {name}="{element[name]}">')
    for element in html.select("[datetime]"):
        value = element["datetime"]
        if not DATETIME.match(value):
            problems.append(f'<{element.name} datetime="{value}">')
            continue
        if len(value) >= 10:
            datetime.date.fromisoformat(value[:10])  # a real date, not 2026-13-45
    for script in html.select('script[type="application/ld+json"]'):
        try:
            json.loads(script.string)
        except ValueError as error:
            problems.append(f"JSON-LD: {error}")
    return problems


def test_the_check_sees_localized_numbers():
    """The check itself: a Polish comma in geometry or a localized date is caught, dots pass."""
    bad = soup_of(
        '<svg viewBox="0 0 600 240"><rect x="16,9" y="105.3" width="1" height="2"/>'
        '<polyline points="0,1 2,3"/><path d="M 0 1,5 L 2.5 3"/></svg>'
        '<svg viewBox="0 0 6,5 2"></svg><time datetime="19 grudnia 2023">x</time><progress value="66,7"></progress>'
    )
    assert machine_number_problems(bad) == [
        '<rect x="16,9">',
        '<svg viewbox="0 0 6,5 2">',
        '<progress value="66,7">',
        '<time datetime="19 grudnia 2023">',
    ]
    good = soup_of('<svg viewBox="0 0 600 240"><rect x="16.9" y="-1e2" width="5%" height="2"/></svg>')
    assert machine_number_problems(good) == []


def soup_of(text):
    from bs4 import BeautifulSoup

    return BeautifulSoup(text, "html.parser")


# Only the parts of a page that carry such numbers are parsed (parsing whole pages took most of the time).
MACHINE_PARTS = re.compile(
    r"<svg\b.*?</svg>|<(?:progress|meter|time)\b[^>]*>|<[^>]*\bdatetime=[^>]*>"
    r'|<script type="application/ld\+json">.*?</script>',
    re.DOTALL,
)


def test_every_number_for_machines_parses_on_every_page_in_every_language(client, demo_content):
    problems, charts = {}, 0
    for language, path in all_public_paths():
        response = client.get(path)
        assert response.status_code == 200, (language, path)
        html = soup_of("".join(MACHINE_PARTS.findall(response.content.decode())))
        charts += len(html.select('svg[viewBox="0 0 600 240"] rect'))
        if found := machine_number_problems(html):
            problems[path] = sorted(set(found))[:5]
    assert charts, "the demo content has indicator charts, so their geometry is checked"
    assert problems == {}


# The open data's number and date columns, read as a program reads them.
CSV_NUMBERS = {"level", "progress_percent", "indicator_id", "year", "value"}
CSV_DATES = {"start_date", "target_date", "last_reviewed_on", "due_on", "done_on"}


@pytest.mark.parametrize("language", ["pl", "en", "uk", "be"])
def test_csv_numbers_and_dates_are_not_localized(client, demo_content, language):
    rows_seen = 0
    for name in ("zobowiazania", "kamienie-milowe", "wskazniki"):
        response = client.get(f"/dane/{name}.csv", {"lang": language})
        assert response.status_code == 200
        for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))):
            rows_seen += 1
            for column, cell in row.items():
                if column in CSV_NUMBERS:
                    float(cell)  # "16,9" would raise
                    assert "," not in cell, (name, column, cell)
                elif column in CSV_DATES and cell:
                    datetime.date.fromisoformat(cell)
    assert rows_seen
