"""Memento (RFC 7089) on every versioned item (issue 17 §4): the current page is
the Original Resource, each public version a Memento, with a TimeGate and a
TimeMap. A Memento client's whole sequence, in all four languages."""

import datetime
import re

import pytest
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from commitments.models import Commitment
from publishing import versions

from . import factories
from .html import soup

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
LINK = re.compile(r'<([^>]*)>\s*((?:;\s*[a-z-]+="[^"]*"\s*)*)')
PARAM = re.compile(r'([a-z-]+)="([^"]*)"')


def links(header):
    """An RFC 8288 Link header (or a link-format document) as [(url, {param: value})]."""
    return [(url, dict(PARAM.findall(params))) for url, params in LINK.findall(header)]


def rel(header, word):
    """The links whose rel holds ``word``."""
    return [(url, params) for url, params in links(header) if word in params.get("rel", "").split()]


def varies_on_datetime(response):
    return "accept-datetime" in [word.strip().lower() for word in response["Vary"].split(",")]


@pytest.fixture
def history(monkeypatch):
    """A commitment with three versions an hour apart, and a fourth recorded ahead
    (scheduled), which is no memento yet."""
    moment = [timezone.now().replace(microsecond=0) - 10 * HOUR]
    monkeypatch.setattr(timezone, "now", lambda: moment[0])
    commitment = factories.commitment(slug="pamiec")
    versions.record(commitment)
    for title in ("Druga", "Trzecia"):
        moment[0] += HOUR
        commitment.title_pl = title
        commitment.save()
        versions.record(commitment)
    factories.milestone(commitment, published_at=moment[0] + 100 * HOUR)
    versions.record(commitment)
    moment[0] += HOUR
    monkeypatch.undo()
    return Commitment.objects.get(pk=commitment.pk)


def test_a_memento_clients_sequence_in_every_language(client, history):
    for prefix in ("", "/en", "/uk", "/be"):
        memento_client_sequence(client, history.reference, prefix)


def memento_client_sequence(client, reference, prefix):
    original = f"{prefix}/zobowiazania/pamiec/"
    head = client.head(original)
    assert head.status_code == 200
    [(timegate, _params)] = rel(head["Link"], "timegate")
    [(timemap, params)] = rel(head["Link"], "timemap")
    assert params["type"] == "application/link-format"
    assert timegate.endswith(f"{prefix}/wersje/zobowiazanie/{reference}/brama-czasu/")

    first_time = http_date(_version(client, prefix, reference, 1).timestamp())
    second_time = _version(client, prefix, reference, 2)
    asked = http_date((second_time + datetime.timedelta(minutes=30)).timestamp())
    gate = client.get(timegate, headers={"accept-datetime": asked})
    assert gate.status_code == 302
    assert varies_on_datetime(gate)
    assert gate["Location"].endswith(f"{prefix}/wersje/zobowiazanie/{reference}/2/")
    assert rel(gate["Link"], "original")[0][0].endswith(original)

    memento = client.get(gate["Location"])
    assert memento.status_code == 200
    assert memento["Memento-Datetime"] == http_date(second_time.timestamp())
    header = memento["Link"]
    assert rel(header, "original")[0][0].endswith(original)
    assert rel(header, "timegate")[0][0] == timegate
    assert rel(header, "timemap")[0][0] == timemap
    assert rel(header, "first")[0][0].endswith(f"/{reference}/1/")
    assert rel(header, "first")[0][1]["datetime"] == first_time
    assert rel(header, "prev")[0][0].endswith(f"/{reference}/1/")
    assert rel(header, "next")[0][0].endswith(f"/{reference}/3/")
    # The scheduled fourth version is not public: the third is the last memento.
    assert rel(header, "last")[0][0].endswith(f"/{reference}/3/")

    mapped = client.get(timemap)
    assert mapped.status_code == 200 and mapped["Content-Type"] == "application/link-format"
    entries = links(mapped.content.decode())
    assert [url for url, params in entries if "memento" in params["rel"].split()] == [
        f"http://testserver{prefix}/wersje/zobowiazanie/{reference}/{number}/" for number in (1, 2, 3)
    ]
    assert all(parse_http_date(params["datetime"]) for url, params in entries if "memento" in params["rel"])
    assert rel(mapped.content.decode(), "self")[0][0] == timemap


def _version(client, prefix, reference, number):
    response = client.head(f"{prefix}/wersje/zobowiazanie/{reference}/{number}/")
    return datetime.datetime.fromtimestamp(parse_http_date(response["Memento-Datetime"]), tz=datetime.UTC)


def test_the_timegate_answers_the_rfcs_special_cases(client, history):
    gate = f"/wersje/zobowiazanie/{history.reference}/brama-czasu/"
    # Before the first version: the first memento (RFC 7089 §4.5.3).
    early = client.get(gate, headers={"accept-datetime": "Tue, 20 Mar 2001 20:35:00 GMT"})
    assert early.status_code == 302 and early["Location"].endswith("/1/")
    # No Accept-Datetime: the most recent public memento, never the scheduled one.
    latest = client.get(gate)
    assert latest.status_code == 302 and latest["Location"].endswith("/3/")
    far = client.get(gate, headers={"accept-datetime": "Fri, 01 Jan 2100 00:00:00 GMT"})
    assert far["Location"].endswith("/3/")
    # Malformed: 400, still varying on the header.
    for bad in ("yesterday", "2025-06-30", "Mon, 31 Feb 2025 10:00:00 GMT", "Tue, 20 Mar 2001 20:35:00 CET"):
        response = client.get(gate, headers={"accept-datetime": bad})
        assert response.status_code == 400, bad
        assert varies_on_datetime(response)
    assert client.get("/wersje/zobowiazanie/NIE-MA/brama-czasu/").status_code == 404
    assert client.get("/wersje/zobowiazanie/NIE-MA/mapa-czasu/").status_code == 404


def test_the_page_cache_never_answers_a_timegate_for_another_datetime(client, history, settings):
    settings.PAGE_CACHE_SECONDS = 600
    gate = f"/wersje/zobowiazanie/{history.reference}/brama-czasu/"
    early = client.get(gate, headers={"accept-datetime": "Tue, 20 Mar 2001 20:35:00 GMT"})
    late = client.get(gate, headers={"accept-datetime": "Fri, 01 Jan 2100 00:00:00 GMT"})
    assert early["Location"].endswith("/1/") and late["Location"].endswith("/3/")
    # The original page is cached, and keeps its Link header when served from the cache.
    client.get("/zobowiazania/pamiec/")
    cached = client.get("/zobowiazania/pamiec/")
    assert cached["X-Page-Cache"] == "hit" and rel(cached["Link"], "timegate")


def test_values_and_the_declaration_are_originals_and_citations_offer_robust_links(client, official):
    for page in ("/wartosci/rownosc/", "/en/deklaracja/"):
        response = client.get(page)
        [(timegate, _params)] = rel(response["Link"], "timegate")
        memento = client.get(client.get(timegate)["Location"])
        assert memento.status_code == 200 and memento["Memento-Datetime"]
        assert rel(memento["Link"], "original")[0][0].endswith(page)
    # The declaration's citation: a link to the current page naming the version the author saw.
    page = soup(client.get("/en/deklaracja/"))
    markup = page.select_one("code.robust-link").get_text()
    assert 'href="http://testserver/en/deklaracja/"' in markup
    assert re.search(r'data-versionurl="http://testserver/en/wersje/deklaracja/[^"]+/\d+/"', markup)
    assert re.search(r'data-versiondate="\d{4}-\d{2}-\d{2}"', markup)
