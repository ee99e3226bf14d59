from .switcher import language_links


def languages(request):
    """Links to the current page in every language (switcher and hreflang)."""
    return {"language_links": language_links(request)}
