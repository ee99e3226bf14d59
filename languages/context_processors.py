from bialystok_hrc.addresses import absolute_url

from .switcher import language_links


def languages(request):
    """Links to the current page in every language (switcher and hreflang),
    and its canonical address (without query string)."""
    return {"language_links": language_links(request), "canonical_url": absolute_url(request.path, request)}
