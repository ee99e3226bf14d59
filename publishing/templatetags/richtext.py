from django import template

from ..richtext import render_markdown

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
