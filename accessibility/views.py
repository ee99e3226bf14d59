from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from bialystok_hrc.addresses import absolute_url
from languages.translated import translated

from .models import AccessibilityStatement, EasyReadText, SignLanguageVideo


def statement(request):
    current = AccessibilityStatement.objects.current()
    if current is None:
        raise Http404("No accessibility statement is published.")
    return render(
        request,
        "accessibility/statement.html",
        {
            "statement": current,
            "inaccessible": current.inaccessible.all(),
            "website_url": current.website_url or absolute_url("/", request),
        },
    )


def easy_read_index(request):
    return render(request, "accessibility/easy_read_index.html", {"texts": EasyReadText.objects.published()})


def easy_read_text(request, slug):
    text = get_object_or_404(EasyReadText.objects.published(), slug=slug)
    return render(request, "accessibility/easy_read_text.html", {"text": text})


def scope_of_activity_txt(request):
    """The information about the scope of activity as a plain-text file that
    software (and screen readers) can read, in the requested language."""
    text = EasyReadText.objects.published().filter(is_scope_of_activity=True).first()
    if text is None:
        raise Http404("No information about the scope of activity is published.")
    title, body = translated(text, "title"), translated(text, "body")
    response = HttpResponse(f"{title}\n\n{body}\n", content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(text.slug)}-{body.lang}.txt"'
    response["Content-Language"] = body.lang
    return response


def sign_language(request):
    return render(request, "accessibility/sign_language.html", {"video": SignLanguageVideo.objects.published().first()})
