"""Editor-written Markdown rendered to HTML that is safe to publish.

Markdown lets non-technical staff write lists and links without an HTML
editor; nh3 (the Rust ammonia sanitiser) then keeps only a small allowlist,
so nothing an editor pastes can run script on a public page.
"""

import functools

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "h3", "h4", "code", "pre", "abbr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}}


# A pure function of the text, and the most expensive part of rendering a
# commitment page with many updates: each process keeps recent results.
@functools.lru_cache(maxsize=4096)
def render_markdown(text):
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


def sanitize(html):
    """Already-rendered HTML (a stored version's) cleaned once more on output."""
    return mark_safe(  # noqa: S308 - nh3 keeps only the allowlist
        nh3.clean(html or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"})
    )


def safe_url(url):
    """A link typed by staff, or "" unless it is http(s), mailto or a path of this
    portal. Forms check links too; this holds on output whatever got stored, because
    a ``javascript:`` address in an href runs script when a reader clicks it."""
    url = (url or "").strip()
    if url.lower().startswith(("https://", "http://", "mailto:")):
        return url
    if url.startswith("/") and not url.startswith("//") and not url.startswith("/\\"):
        return url
    return ""
