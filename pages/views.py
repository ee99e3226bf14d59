from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from .models import Page, PageSlug


def page_detail(request, slug):
    try:
        page = get_object_or_404(Page.objects.published(), slug=slug)
    except Http404:
        # A page renamed after publication keeps its old address: a permanent redirect.
        moved = PageSlug.objects.filter(slug=slug, page__in=Page.objects.published()).select_related("page").first()
        if moved is None:
            raise
        return redirect(moved.page, permanent=True)
    return render(request, "pages/page_detail.html", {"page": page})
