from .switcher import absolute, language_links


def languages(request):
    """Links to the current page in every language (switcher and hreflang),
    and its canonical address (without query string)."""
    return {"language_links": language_links(request), "canonical_url": absolute(request, request.path)}
