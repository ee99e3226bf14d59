from django import template

from ..richtext import render_markdown
from ..richtext import safe_url as make_safe_url

register = template.Library()


@register.filter
def markdown(text):
    """``{{ commitment.body|markdown }}``: sanitised HTML from Markdown."""
    return render_markdown(str(text))


@register.filter
def sanitized(html):
    """``{{ stored_html|sanitized }}``: HTML from a stored version, cleaned again."""
    from ..richtext import sanitize

    return sanitize(str(html))


@register.filter
def safe_url(url):
    """``<a href="{{ link|safe_url }}">``: only http(s), mailto or a path of this portal."""
    return make_safe_url(url)
