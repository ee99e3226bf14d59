"""Rendering of the declaration's plain text: escaping, the one emphasised
sentence (``**…**`` in the source) and links from value words to value pages.

Stored text stays plain, exactly as signed, so editors never edit markup and
the Polish original remains byte-for-byte comparable with the seed file.
"""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

from languages.translated import TranslatedText, translated

EMPHASIS = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)


def capitalise(word):
    return word[:1].upper() + word[1:]


def plain(text):
    """The text as a reader sees it, without the emphasis markers."""
    return EMPHASIS.sub(r"\1", text)


def render(text, links=None, already_linked=None):
    """Return safe HTML for one paragraph.

    ``links`` maps a term (a value's name in the paragraph's language) to a URL.
    Only the first occurrence of each term is linked, counting across calls
    that share ``already_linked``, so a word used twice in the declaration
    does not become a row of identical links.
    """
    links = links or {}
    already_linked = set() if already_linked is None else already_linked
    html = escape(text)
    pending = {term.casefold(): url for term, url in links.items() if term and term.casefold() not in already_linked}
    if pending:
        # One pass over the text, so a link's own markup is never matched again.
        pattern = re.compile(
            r"(?<!\w)("
            + "|".join(re.escape(escape(term)) for term in sorted(pending, key=len, reverse=True))
            + r")(?!\w)",
            re.IGNORECASE,
        )

        def link(match):
            key = match.group(1).casefold()
            if key in already_linked or key not in pending:
                return match.group(0)
            already_linked.add(key)
            return f'<a href="{escape(pending[key])}">{match.group(1)}</a>'

        html = pattern.sub(link, html)
    html = EMPHASIS.sub(r"<strong>\1</strong>", html)
    return mark_safe(html)  # noqa: S308 - built from escaped text above


@dataclass(frozen=True)
class RenderedParagraph:
    paragraph: object
    text: TranslatedText
    html: str


def render_paragraphs(paragraphs, values):
    """Render the declaration's paragraphs in the active language, each value's
    name linked to its page at its first mention. A paragraph shown in Polish
    for want of a translation links the Polish value names."""
    already_linked = set()
    rendered = []
    for paragraph in paragraphs:
        text = translated(paragraph, "text")
        links = {translated(value, "name", text.lang).value: value.get_absolute_url() for value in values}
        rendered.append(RenderedParagraph(paragraph, text, render(text.value, links, already_linked)))
    return rendered


def first_mention(paragraphs, term):
    """The first paragraph whose text, in the active language, names ``term``."""
    pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)
    return next((p for p in paragraphs if pattern.search(translated(p, "text").value)), None)
