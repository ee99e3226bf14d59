from django import template
from django.utils import timezone
from django.utils.html import format_html

from bialystok_hrc.addresses import absolute_url

register = template.Library()


@register.simple_tag(takes_context=True)
def robust_link(context, cite, version):
    """Robust Links markup (https://robustlinks.mementoweb.org/spec/) for a link to
    the item's current page that also names the version the author saw, so a reader
    can still reach that version if the page later changes or disappears. On a
    version page the current page is the memento's original (``original`` in the
    context); on the current page itself it is the page's own address."""
    original = context.get("original") or absolute_url(context["request"].path, context["request"])
    return format_html(
        '<a href="{}" data-versionurl="{}" data-versiondate="{}">{}</a>',
        original,
        cite["url"],
        timezone.localtime(version.published_at).date().isoformat(),
        cite["title"],
    )
