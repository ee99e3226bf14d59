from django.shortcuts import render

from .engine import MAX_QUERY, search


def search_page(request):
    query = request.GET.get("q", "").replace("\x00", " ")
    truncated = len(query.strip()) > MAX_QUERY
    results = search(query)
    return render(
        request,
        "search/search.html",
        {
            "query": query.strip()[:MAX_QUERY],
            "results": results,
            "searched": bool(query.strip()),
            "truncated": truncated,
        },
    )
