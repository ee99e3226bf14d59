"""Which language a piece of translated content is actually in.

django-modeltranslation silently falls back to Polish when a translation is
missing. Readers must be told, and assistive technology must read the Polish
text with Polish pronunciation, so templates ask for a ``TranslatedText``
that knows its own language.

The rule ("the text in this language, else the Polish original, marked as a
fallback") is written once, in ``_choose``; it reads model fields
(``translated``) and the stored snapshots of public versions, which keep
every language as {"pl": …, "en": …} (``in_language``).
"""

import datetime
from dataclasses import dataclass, replace

from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

AUTHORITATIVE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


@dataclass(frozen=True)
class TranslatedText:
    value: str
    lang: str
    is_fallback: bool
    # The day the Polish original changed after this translation was saved (languages.outdated).
    outdated_since: datetime.date | None = None

    def __str__(self):
        return self.value


def language_codes():
    """The portal's languages (settings.LANGUAGES), Polish first."""
    return tuple(code for code, _name in settings.LANGUAGES)


def active_language():
    language = (get_language() or AUTHORITATIVE).split("-")[0]
    return language if language in language_codes() else AUTHORITATIVE


def _choose(text_in, language=None):
    language = language or active_language()
    own = text_in(language) or ""
    if own.strip():
        return TranslatedText(own, language, False)
    original = text_in(AUTHORITATIVE) or ""
    return TranslatedText(original, AUTHORITATIVE, language != AUTHORITATIVE and bool(original))


def translated(obj, field, language=None):
    """A translated model field (django-modeltranslation's ``field_<code>`` columns)."""
    text = _choose(lambda code: getattr(obj, build_localized_fieldname(field, code), ""), language)
    if text.is_fallback or text.lang == AUTHORITATIVE or not text.value or getattr(obj, "_meta", None) is None:
        return text
    from .outdated import outdated_since

    return replace(text, outdated_since=outdated_since(obj, field, text.lang))


def in_language(texts, language=None):
    """A snapshot's texts, {"pl": …, "en": …} (a missing or empty mapping gives "")."""
    texts = texts or {}
    return _choose(texts.get, language)


def per_language(field, texts):
    """{"title": {"pl": …, "en": …}} style texts as model field values:
    {"title_pl": …, "title_en": …} (used by the content loaders)."""
    return {build_localized_fieldname(field, language): text for language, text in texts.items()}
