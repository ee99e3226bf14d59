from pathlib import Path

from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import F, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from core.pagination import Paginator
from declaration.models import Value
from publishing import citation, memento
from publishing.models import published_q
from publishing.views import public_record

from . import fragments, sections, stats
from .charts import indicator_chart
from .forms import CommitmentFilter
from .models import Commitment, CommitmentSlug, Document, Element, Indicator, Level, Milestone, ProgressUpdate
from .uploads import DOWNLOAD_CONTENT_TYPES, INLINE_EXTENSIONS

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
    # A page of the level's commitments at a time, as in the list: a level may hold hundreds.
    commitments = Commitment.objects.published().filter(level=level).for_listing()
    page = Paginator(commitments, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "commitments/level_detail.html",
        {"level": level, "elements": elements, "page": page},
    )


def commitment_list(request):
    listed = Commitment.objects.published().for_listing().select_related("parent")
    filters = CommitmentFilter(request.GET, queryset=listed, request=request)
    page = Paginator(filters.qs, PER_PAGE).get_page(request.GET.get("page"))
    rows = fragments.list_fragments(request, page, filters)
    context = {"filters": filters, "page": page, "query": filters.query_string(), "fragments": rows}
    response = render(request, "commitments/commitment_list.html", context)
    if rows is not None:
        rows.save()
    return response


def commitment_detail(request, slug):
    parts = fragments.page_fragments(request, slug)
    if parts is not None and parts.complete:
        # Everything the page shows is stored: nothing to load.
        response = render(request, "commitments/commitment_detail.html", {"fragments": parts})
        if link := parts.get("link"):
            response["Link"] = link
        return response
    try:
        commitment = _commitment_page(Commitment.objects.visible(), slug=slug)
    except Http404:
        # A slug that changed keeps working: a permanent redirect to the new address.
        moved = CommitmentSlug.objects.filter(slug=slug, commitment__in=Commitment.objects.visible()).first()
        if moved is None:
            raise
        return redirect(moved.commitment, permanent=True)
    context = {**_detail_context(request, commitment), "fragments": parts}
    response = render(request, "commitments/commitment_detail.html", context)
    if context["record"]:
        memento.mark_original(response, request, commitment, context["record"])
    if parts is not None:
        # The Memento links too (they name the versions), for the page built from fragments alone.
        parts.put("link", response.get("Link", ""))
        parts.save()
    return response


@staff_member_required
@never_cache
def commitment_preview(request, slug):
    """Staff see a draft as it would look, clearly marked and kept out of search engines and caches."""
    commitment = _commitment_page(Commitment.objects.all(), slug=slug)
    context = {**_detail_context(request, commitment), "preview": True}
    response = render(request, "commitments/commitment_detail.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def permanent(request, reference):
    """/c/BPC-2024-007/: the permanent short address, redirecting to the current page."""
    commitment = get_object_or_404(Commitment.objects.visible(), reference=reference)
    return redirect(commitment)


def _detail_context(request, commitment):
    charts = [(indicator, indicator_chart(indicator)) for indicator in commitment.indicators.all()]
    record = public_record(commitment)
    context = {"commitment": commitment, "charts": charts, "record": record, "sections": sections.SECTIONS}
    if record:
        latest = record["latest"]
        cite = citation.citable(latest, request, latest.snapshot_title or {})
        context.update(
            cite=cite,
            version=latest,
            json_ld=citation.json_ld(cite, record["first"], record["last_major"]),
            withdrawal=latest if latest.state == "withdrawn" else None,
        )
    return context


def _commitment_page(queryset, **lookup):
    commitment = get_object_or_404(
        queryset.select_related("level", "element", "status", "unit", "parent").prefetch_related(
            Prefetch("values", queryset=Value.objects.published()),
            Prefetch("children", queryset=Commitment.objects.published().select_related("status")),
            Prefetch("milestones", queryset=Milestone.objects.published()),
            Prefetch("updates", queryset=ProgressUpdate.objects.published()),
            Prefetch("indicators", queryset=Indicator.objects.published().prefetch_related("data_points")),
            *sections.prefetches(),
        ),
        **lookup,
    )
    _attach_documents(commitment)
    return commitment


def _attach_documents(commitment):
    """The commitment's own documents and those attached to its progress updates,
    in one query rather than two (as ``public_documents`` on each)."""
    updates = {update.pk: update for update in commitment.updates.all()}
    rows = (
        Document.objects.published()
        .filter(Q(commitment=commitment) | Q(updates__in=list(updates)))
        .annotate(update_pk=F("updates__pk"))
        .order_by("-date", "pk")
    )
    commitment.public_documents = []
    for update in updates.values():
        update.public_documents = []
    for document in rows:
        if document.commitment_id == commitment.pk and document not in commitment.public_documents:
            commitment.public_documents.append(document)
        update = updates.get(document.update_pk)
        if update is not None and document not in update.public_documents:
            update.public_documents.append(document)


def document_download(request, pk):
    """A published document's file, under the name it was uploaded with (RFC 6266
    ``filename*`` for Polish letters), with a content type we choose and
    ``nosniff``, so a browser never treats it as a page. Drafts, and documents of
    drafts, are 404."""
    document = get_object_or_404(Document.objects.downloadable().exclude(file=""), pk=pk)
    extension = Path(document.file.name).suffix.lower()
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=extension not in INLINE_EXTENSIONS,
        filename=document.download_name,
        content_type=DOWNLOAD_CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
