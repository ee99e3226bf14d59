"""How a translated text says what language it is really in, one rule for every page.

A ``TranslatedText`` that fell back to Polish is wrapped in ``<span lang="pl">`` (screen
readers switch to Polish pronunciation) and followed by a short visible hint in the page's
own language; a translation older than the last change of its Polish original says so.
Short texts get the hints inline (``show_text``); long texts (descriptions, update bodies)
get one paragraph above them (``block_notice``) and put ``lang`` on their own container.
"""

from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext


def _outdated_words(text):
    return gettext("This translation may be out of date: the Polish text changed on %(date)s.") % {
        "date": date_format(text.outdated_since, "j E Y")
    }


def show_text(text, shown=None):
    shown = text.value if shown is None else shown
    if text.is_fallback:
        return format_html(
            '<span lang="{}">{}</span> <small class="fallback-notice fallback-notice--inline">({})</small>',
            text.lang,
            shown,
            gettext("in Polish, not yet translated"),
        )
    if getattr(text, "outdated_since", None):
        return format_html(
            '{} <small class="outdated-notice outdated-notice--inline">({})</small>', shown, _outdated_words(text)
        )
    return conditional_escape(shown)


def block_notice(text):
    if text.is_fallback:
        return format_html(
            '<p class="fallback-notice">{}</p>', gettext("Not yet translated — showing the Polish original.")
        )
    if getattr(text, "outdated_since", None):
        return format_html('<p class="outdated-notice">{}</p>', _outdated_words(text))
    return mark_safe("")


def option_label(text):
    """A translated text as the words of a form option, which holds no markup: a Polish
    fallback carries the same hint, in words."""
    if text.is_fallback:
        return f"{text.value} ({gettext('in Polish, not yet translated')})"
    return text.value
