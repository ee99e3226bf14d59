from django.http import Http404
from django.shortcuts import get_object_or_404, render

from publishing import citation, memento
from publishing.views import public_record

from . import text
from .models import Declaration, Paragraph, Value


def current_declaration():
    declaration = Declaration.objects.current()
    if declaration is None:
        raise Http404("No declaration is published yet.")
    return declaration


def declaration_detail(request):
    declaration = current_declaration()
    paragraphs = text.render_paragraphs(
        Paragraph.objects.published().filter(declaration=declaration), Value.objects.published()
    )
    context = {"declaration": declaration, "paragraphs": paragraphs, "record": public_record(declaration)}
    if context["record"]:
        latest = context["record"]["latest"]
        title = latest.snapshot_title or {}
        cite = citation.citable(latest, request, title)
        context.update(
            version=latest,
            cite=cite,
            json_ld=citation.json_ld(cite, context["record"]["first"], context["record"]["last_major"]),
            coins=citation.coins(cite),
            # Each paragraph cited by the version's permanent address and its anchor.
            paragraph_cites={
                item.paragraph.number: paragraph_citation(latest, request, title, item.paragraph) for item in paragraphs
            },
        )
    response = render(request, "declaration/declaration_detail.html", context)
    return memento.mark_original(response, request, declaration, context["record"]) if context["record"] else response


def paragraph_citation(version, request, title, paragraph):
    data = citation.citable(version, request, title, anchor=f"#{paragraph.anchor}", paragraph=paragraph.number)
    return {"text": citation.plain(data), "coins": citation.coins(data)}


def value_list(request):
    return render(request, "declaration/value_list.html", {"values": Value.objects.published()})


def value_detail(request, slug):
    value = get_object_or_404(Value.objects.published(), slug=slug)
    declaration = Declaration.objects.current()
    mention = None
    if declaration is not None:
        paragraphs = Paragraph.objects.published().filter(declaration=declaration)
        mention = text.first_mention(paragraphs, str(value.name))
    response = render(
        request,
        "declaration/value_detail.html",
        {
            "value": value,
            "declaration": declaration,
            "mention": mention,
            "other_values": Value.objects.published().exclude(pk=value.pk),
            "commitments": value.commitments.published().for_listing(),
        },
    )
    return memento.mark_original(response, request, value)
