from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.http import urlencode
from django.utils.translation import get_language, get_language_info, override

from bialystok_hrc.addresses import absolute_url


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    absolute_url: str
    is_current: bool


def language_links(request):
    """The same page (path and query) in each language, so switching language
    never sends the visitor back to the home page."""
    current = get_language()
    path = _path_with_query(request)
    # An address that matches no page (a 404) has no equivalents: offer each
    # language's home page instead of the same broken address.
    resolved = getattr(request, "resolver_match", None) is not None
    links = []
    for code, _name in settings.LANGUAGES:
        if resolved:
            url = translate_url(path, code)
        else:
            with override(code):
                url = reverse("home")
        name = get_language_info(code)["name_local"]
        links.append(LanguageLink(code, name[:1].upper() + name[1:], url, absolute_url(url, request), code == current))
    return links


def _path_with_query(request):
    """The path and the query parameters the page itself reads. Others (utm_source…)
    are not carried into the other languages' links, so a cached page is the same
    for every such query string (see core.pagecache.RecordingQueryDict)."""
    read = getattr(request.GET, "read_names", None)
    names = read() if read is not None else "*"
    if names == "*":
        return request.get_full_path()
    query = urlencode([(name, value) for name in names for value in request.GET.getlist(name)])
    return f"{request.path}?{query}" if query else request.path
