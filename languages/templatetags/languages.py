from django import template
from django.utils.html import conditional_escape, format_html

from ..notices import block_notice, show_text
from ..translated import translated as translated_text

register = template.Library()


@register.simple_tag
def translated(obj, field):
    """``{% translated obj "title" as title %}``: the text in the active
    language, or the Polish original marked as a fallback."""
    return translated_text(obj, field)


@register.simple_tag
def show(text, shown=None):
    """``{% show title %}``: a translated text with its notices (languages.notices.show_text);
    ``{% show name value.display_name %}`` shows other words with the same facts."""
    return show_text(text, shown)


@register.simple_tag
def notice(text):
    """``{% notice body %}``: the notices of a long text, as a paragraph above it."""
    return block_notice(text)


@register.filter
def marked(text):
    """``{{ name|marked }}``: a translated text with only its language marked, for a text repeated
    inside other words (a caption naming an indicator whose heading already gave the notice)."""
    if text.is_fallback:
        return format_html('<span lang="{}">{}</span>', text.lang, text.value)
    return conditional_escape(text.value)
