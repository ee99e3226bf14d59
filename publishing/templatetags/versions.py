from django import template

from languages.translated import in_language as text_in_language

register = template.Library()


@register.simple_tag
def in_language(texts):
    """``{% in_language snapshot.title as title %}``: a snapshot's text in the
    active language, or the Polish original marked as a fallback."""
    return text_in_language(texts)


@register.filter
def ld_json(data):
    """JSON for a <script type="application/ld+json"> block, safe against </script>."""
    import json

    from django.utils.safestring import mark_safe

    text = json.dumps(data, ensure_ascii=False, default=str)
    return mark_safe(text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026"))  # noqa: S308


@register.simple_tag
def cite_plain(cite):
    from ..citation import plain

    return plain(cite)


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
