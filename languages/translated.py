"""Which language a piece of translated content is actually in.

django-modeltranslation silently falls back to Polish when a translation is
missing. Readers must be told, and assistive technology must read the Polish
text with Polish pronunciation, so templates ask for a ``TranslatedText``
that knows its own language.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

AUTHORITATIVE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


@dataclass(frozen=True)
class TranslatedText:
    value: str
    lang: str
    is_fallback: bool

    def __str__(self):
        return self.value


def active_language():
    language = (get_language() or AUTHORITATIVE).split("-")[0]
    return language if language in settings.MODELTRANSLATION_LANGUAGES else AUTHORITATIVE


def translated(obj, field, language=None):
    language = language or active_language()
    own = getattr(obj, build_localized_fieldname(field, language), "") or ""
    if own.strip():
        return TranslatedText(own, language, False)
    original = getattr(obj, build_localized_fieldname(field, AUTHORITATIVE), "") or ""
    return TranslatedText(original, AUTHORITATIVE, language != AUTHORITATIVE and bool(original))


def per_language(field, texts):
    """{"title": {"pl": …, "en": …}} style texts as model field values:
    {"title_pl": …, "title_en": …} (used by the content loaders)."""
    return {build_localized_fieldname(field, language): text for language, text in texts.items()}
