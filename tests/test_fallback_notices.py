"""Polish text on a page in another language always says so (issue 15 §4).

Every translated field the public pages show may fall back to the Polish original when its
translation is blank. Enumerated, not listed: the language's column is blanked on every
translated model, and every text on the commitment, list, value and level pages that equals a
Polish-only value must sit in an element with lang="pl" next to a visible notice in the page's
own language."""

import pytest
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from commitments.models import Commitment, Level
from declaration.models import Value

from .html import soup

pytestmark = pytest.mark.django_db


def blank_translations(language):
    """Blank ``language`` on every translated model; return the Polish texts now shown instead."""
    polish = set()
    for model in translator.get_registered_models():
        fields = translator.get_options_for_model(model).fields
        model.objects.update(**{build_localized_fieldname(field, language): "" for field in fields})
        for field in fields:
            column = build_localized_fieldname(field, "pl")
            for text in model.objects.exclude(Q(**{column: ""}) | Q(**{f"{column}__isnull": True})).values_list(
                column, flat=True
            ):
                polish.update({text.strip(), text.strip()[:1].upper() + text.strip()[1:]})
    return polish


def public_pages(language):
    pages = [f"/{language}/zobowiazania/", f"/{language}/wartosci/"]
    pages += [f"/{language}{c.get_absolute_url()}" for c in Commitment.objects.published()]
    pages += [f"/{language}{v.get_absolute_url()}" for v in Value.objects.published()]
    pages += [f"/{language}{level.get_absolute_url()}" for level in Level.objects.published()]
    return pages


def language_of(element):
    """The language an element's text is read in (the nearest lang attribute)."""
    marked = element.find_parent(lambda tag: tag.has_attr("lang")) if not element.has_attr("lang") else element
    return marked, marked["lang"] if marked is not None else None


def unmarked_fallbacks(page, polish, language, hint):
    """(text, problem) for each Polish-only text in <main> without its lang and notice; and the count checked."""
    problems, checked = [], 0
    for option in page.main.select("option"):
        # An option holds no markup: it says in words that its text is the Polish original.
        text = option.get_text().strip()
        if any(len(value) > 2 and value in text for value in polish):
            checked += 1
            if not text.endswith(f"({hint})"):
                problems.append((text, "option without the notice"))
    for node in page.main.find_all(string=True):
        text = node.strip()
        if text not in polish or node.parent.name in ("script", "style", "option"):
            continue
        checked += 1
        marked, lang = language_of(node.parent)
        if lang != "pl":
            problems.append((text, f"read as {lang!r}"))
            continue
        notices = marked.parent.select(".fallback-notice")
        if not [notice for notice in notices if language_of(notice)[1] == language]:
            problems.append((text, "no notice in the page's language beside it"))
    return problems, checked


@pytest.mark.parametrize("language", ["en", "uk", "be"])
def test_every_polish_fallback_is_marked_and_noticed(client, demo_content, language):
    polish = blank_translations(language)
    with translation.override(language):
        hint = gettext("in Polish, not yet translated")
    problems, checked = {}, {}
    for path in public_pages(language):
        response = client.get(path)
        assert response.status_code == 200, path
        page_problems, checked[path] = unmarked_fallbacks(soup(response), polish, language, hint)
        if page_problems:
            problems[path] = page_problems
    assert not problems, "\n".join(f"{path}: {text!r} {why}" for path, found in problems.items() for text, why in found)
    # Every page showed some fallen-back text, so the check above checked something.
    assert all(checked.values()), [path for path, count in checked.items() if not count]
