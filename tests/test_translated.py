"""One rule for "the text in this language, else the Polish original, marked as
a fallback", for model fields and for the snapshots of public versions alike."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from languages.translated import TranslatedText, in_language, language_codes, translated


def record(**texts):
    return SimpleNamespace(**{f"title_{code}": text for code, text in texts.items()})


@pytest.mark.parametrize(
    ("texts", "language", "expected"),
    [
        ({"pl": "Równość", "en": "Equality"}, "en", TranslatedText("Equality", "en", False)),
        ({"pl": "Równość", "en": "  "}, "en", TranslatedText("Równość", "pl", True)),
        ({"pl": "Równość"}, "uk", TranslatedText("Równość", "pl", True)),
        ({"pl": "Równość"}, "pl", TranslatedText("Równość", "pl", False)),
        ({}, "en", TranslatedText("", "pl", False)),
    ],
)
def test_model_fields_and_snapshots_follow_the_same_rule(texts, language, expected):
    assert translated(record(**texts), "title", language) == expected
    assert in_language(texts, language) == expected
    with translation.override(language):
        assert translated(record(**texts), "title") == expected
        assert in_language(texts) == expected


def test_an_unknown_active_language_reads_polish():
    with translation.override("de"):
        assert in_language({"pl": "Równość", "de": "Gleichheit"}) == TranslatedText("Równość", "pl", False)


def test_language_codes_follow_settings(settings):
    assert language_codes() == ("pl", "en", "uk", "be")
    settings.LANGUAGES = [("pl", "Polish"), ("en", "English")]
    assert language_codes() == ("pl", "en")
