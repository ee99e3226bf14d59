from django.http import Http404
from django.shortcuts import get_object_or_404, render

from . import text
from .models import Declaration, Paragraph, Value


def current_declaration():
    declaration = Declaration.objects.current()
    if declaration is None:
        raise Http404("No declaration is published yet.")
    return declaration


def declaration_detail(request):
    declaration = current_declaration()
    paragraphs = Paragraph.objects.published().filter(declaration=declaration)
    values = Value.objects.published()
    return render(
        request,
        "declaration/declaration_detail.html",
        {"declaration": declaration, "paragraphs": text.render_paragraphs(paragraphs, values)},
    )


def value_list(request):
    return render(request, "declaration/value_list.html", {"values": Value.objects.published()})


def value_detail(request, slug):
    value = get_object_or_404(Value.objects.published(), slug=slug)
    declaration = Declaration.objects.current()
    mention = None
    if declaration is not None:
        paragraphs = Paragraph.objects.published().filter(declaration=declaration)
        mention = text.first_mention(paragraphs, str(value.name))
    return render(
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
