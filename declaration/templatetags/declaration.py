from django import template

from .. import text

register = template.Library()


@register.filter
def emphasis(value):
    """A stored paragraph's text as HTML: escaped, with **…** as emphasis."""
    return text.render(str(value))
