from django import template

from ..translated import translated as translated_text

register = template.Library()


@register.simple_tag
def translated(obj, field):
    """``{% translated obj "title" as title %}``: the text in the active
    language, or the Polish original marked as a fallback."""
    return translated_text(obj, field)
