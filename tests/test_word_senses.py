"""One English word, two meanings: "value" is one of the declaration's values (uk "цінність",
be "каштоўнасць") and also a number an indicator measured (uk "значення", be "значэнне").
The numeric sense has its own context (msgctxt "measured quantity"), so the indicator table
never reads "Цінність (%)"."""

import pytest
from django.utils import translation

from commitments.models import DataPoint
from declaration.models import Value
from publishing import versions

from . import factories
from .html import soup, text_of

pytestmark = pytest.mark.django_db

# language: (the measured value, the moral value)
SENSES = {
    "pl": ("Wartość", "Wartość"),
    "en": ("Value", "Value"),
    "uk": ("Значення", "Цінність"),
    "be": ("Значэнне", "Каштоўнасць"),
}


@pytest.fixture
def measured(official):
    commitment = factories.commitment(title_pl="Dostępne urzędy", slug="dostepne-urzedy")
    factories.indicator(commitment, name_pl="Odsetek dostępnych budynków", years=[(2024, 12.5), (2025, 30)])
    versions.record(commitment)
    return commitment


@pytest.mark.parametrize("language", SENSES)
def test_indicator_tables_say_the_measured_value(client, measured, language):
    numeric, moral = SENSES[language]
    prefix = "" if language == "pl" else f"/{language}"
    commitment_page = soup(client.get(f"{prefix}/zobowiazania/{measured.slug}/"))
    header = text_of(commitment_page.select(".indicator thead th")[1])
    assert header == f"{numeric} (%)", header
    # The version page's copy of the same table.
    version_page = soup(client.get(f"{prefix}/wersje/zobowiazanie/{measured.reference}/1/"))
    headers = [text_of(th) for th in version_page.select("table thead th")]
    assert numeric in headers, headers
    if moral != numeric:
        assert moral not in header and moral not in headers
    # The moral sense keeps its word where it is meant: a value's own page.
    value_page = soup(client.get(f"{prefix}/wartosci/rownosc/"))
    assert text_of(value_page.select_one(".eyebrow")) == moral


@pytest.mark.parametrize("language", SENSES)
def test_the_admin_names_both_senses_apart(language):
    numeric, moral = SENSES[language]
    with translation.override(language):
        assert str(DataPoint._meta.get_field("value").verbose_name) == numeric.lower()
        assert str(Value._meta.verbose_name) == moral.lower()
