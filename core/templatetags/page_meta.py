"""A page's own title and description where base.html needs them a second time (Open Graph,
the default description), and the Open Graph locales."""

from html import unescape

from django import template
from django.conf import settings
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.utils.html import escape, strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

# Open Graph names locales language_TERRITORY: the territory each of our languages is read in.
OG_LOCALES = {"pl": "pl_PL", "en": "en_GB", "uk": "uk_UA", "be": "be_BY"}


@register.simple_tag(takes_context=True)
def block_text(context, name):
    """The plain text of block ``name`` as this page fills it (its own, or base.html's)."""
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = block_context.get_block(name) if block_context else None
    if block is None:
        return ""
    return escape(" ".join(unescape(strip_tags(block.render(context))).split()))


@register.simple_tag(takes_context=True)
def page_description(context):
    """A page without a description of its own is described by its title and the portal's
    purpose, so no two pages share one (a shared description is what a reference manager
    would save as every page's abstract)."""
    purpose = _(
        "The City of Białystok's declaration of aspiration to the status of a Human Rights City, "
        "its values and the city's progress."
    )
    return escape(f"{unescape(block_text(context, 'title'))}: {purpose}")


@register.simple_tag
def og_locale():
    return OG_LOCALES.get(get_language(), get_language())


@register.simple_tag
def og_locale_alternates():
    return [OG_LOCALES.get(code, code) for code, _name in settings.LANGUAGES if code != get_language()]
