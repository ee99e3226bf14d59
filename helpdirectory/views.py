from django.shortcuts import get_object_or_404, render

from core.pagination import Paginator

from .forms import HelpFilter
from .models import HelpOrganisation

PER_PAGE = 20


def organisation_list(request):
    filters = HelpFilter(request.GET, queryset=HelpOrganisation.objects.published().for_listing(), request=request)
    page = Paginator(filters.qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "helpdirectory/organisation_list.html",
        {"filters": filters, "page": page, "query": filters.query_string()},
    )


def organisation_detail(request, slug):
    # A withdrawn entry keeps its page, with a notice, so old links explain themselves.
    organisation = get_object_or_404(HelpOrganisation.objects.visible().for_listing(), slug=slug)
    return render(request, "helpdirectory/organisation_detail.html", {"organisation": organisation})
