from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from declaration.models import Value
from publishing.models import published_q

from . import stats
from .charts import indicator_chart
from .forms import CommitmentFilterForm
from .models import Commitment, Document, Element, Indicator, Level, Milestone, ProgressUpdate

PER_PAGE = 20


def overview(request):
    recent = (
        ProgressUpdate.objects.published()
        .filter(published_q("commitment__"))
        .select_related("commitment")
        .order_by("-date", "-pk")[:5]
    )
    overdue = Commitment.objects.published().overdue().select_related("status").order_by("target_date")[:10]
    return render(
        request,
        "commitments/overview.html",
        {"overview": stats.overview(), "recent_updates": recent, "overdue": overdue},
    )


def level_detail(request, number):
    level = get_object_or_404(Level.objects.published().with_status(), number=number)
    elements = (
        Element.objects.published()
        .filter(level=level)
        .prefetch_related(Prefetch("evidence", queryset=Document.objects.published()))
    )
    commitments = Commitment.objects.published().filter(level=level).for_listing()
    return render(
        request,
        "commitments/level_detail.html",
        {"level": level, "elements": elements, "commitments": commitments},
    )


def commitment_list(request):
    form = CommitmentFilterForm(request.GET or None)
    commitments = form.filter(Commitment.objects.published().for_listing().select_related("parent"))
    page = Paginator(commitments, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "commitments/commitment_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def commitment_detail(request, slug):
    published_documents = Document.objects.published()
    commitment = get_object_or_404(
        Commitment.objects.published()
        .select_related("level", "element", "status", "unit", "parent")
        .prefetch_related(
            Prefetch("values", queryset=Value.objects.published()),
            Prefetch("children", queryset=Commitment.objects.published().select_related("status")),
            Prefetch("milestones", queryset=Milestone.objects.published()),
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.published().prefetch_related(
                    Prefetch("documents", queryset=published_documents)
                ),
            ),
            Prefetch("documents", queryset=published_documents),
            Prefetch("indicators", queryset=Indicator.objects.published().prefetch_related("data_points")),
        ),
        slug=slug,
    )
    charts = [(indicator, indicator_chart(indicator)) for indicator in commitment.indicators.all()]
    return render(request, "commitments/commitment_detail.html", {"commitment": commitment, "charts": charts})
