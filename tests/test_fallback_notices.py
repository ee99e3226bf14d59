"""Polish text on a page in another language always says so (issue 15 §4).

Every translated field the public pages show may fall back to the Polish original when its
translation is blank. Enumerated, not listed: the language's column is blanked on every
translated model, and every text on the commitment, list, value and level pages that equals a
Polish-only value must sit in an element with lang="pl" next to a visible notice in the page's
own language."""

import re

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from commitments.models import Commitment, Element, Level
from declaration.models import Declaration, Value
from helpdirectory.models import HelpOrganisation
from publishing import versions
from publishing.models import PublicVersion

from . import factories
from .html import soup, text_of

pytestmark = pytest.mark.django_db


def blank_translations(language):
    """Blank ``language`` on every translated model; return the Polish texts now shown instead."""
    polish = set()
    for model in translator.get_registered_models():
        if model is PublicVersion:
            continue  # the record is append-only; the versions below are recorded after the blanking
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
    """The pages that show translated fields: home, overview, the lists, every commitment, value
    and level, Where to get help (its filter options and its entries), and a public version of each kind, recorded
    now so that its snapshot holds the blanked translations."""
    pages = [f"/{language}/", f"/{language}/postepy/", f"/{language}/zobowiazania/", f"/{language}/wartosci/"]
    pages += [f"/{language}/gdzie-szukac-pomocy/"]
    pages += [f"/{language}{c.get_absolute_url()}" for c in Commitment.objects.published()]
    pages += [f"/{language}{v.get_absolute_url()}" for v in Value.objects.published()]
    pages += [f"/{language}{level.get_absolute_url()}" for level in Level.objects.published()]
    pages += [f"/{language}{entry.get_absolute_url()}" for entry in HelpOrganisation.objects.published()]
    commitment = Commitment.objects.published().filter(indicators__isnull=False).order_by("pk").first()
    for obj in (
        commitment,
        Value.objects.published().first(),
        Element.objects.order_by("pk").first(),
        Declaration.objects.first(),
    ):
        pages.append(f"/{language}{versions.record(obj).get_absolute_url()}")
    return pages


def language_of(element):
    """The language an element's text is read in (the nearest lang attribute)."""
    marked = element.find_parent(lambda tag: tag.has_attr("lang")) if not element.has_attr("lang") else element
    return marked, marked["lang"] if marked is not None else None


def unmarked_fallbacks(page, polish, language, hint):
    """(text, problem) for each Polish-only text in <main> without its lang and notice; and the count checked."""
    problems, checked, noticed = [], 0, set()
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
        # Once per block is enough: the same text repeated in its section (an indicator's unit
        # in its table's header, after the facts that gave the notice) needs no second one.
        block = (id(node.find_parent("section")), text)
        notices = marked.parent.select(".fallback-notice")
        if [notice for notice in notices if language_of(notice)[1] == language]:
            noticed.add(block)
        elif block not in noticed:
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


def outdated_notices(client, commitment):
    page = soup(client.get(f"/uk/zobowiazania/{commitment.slug}/"))
    return {
        (notice.find_parent(["p", "li"]) or notice.parent).get("class", [""])[0]: text_of(notice)
        for notice in page.main.select(".outdated-notice")
    }


def admin_warnings(staff, commitment):
    """Which objects the change form's outdated-translation warnings name."""
    response = staff.get(reverse("admin:commitments_commitment_change", args=[commitment.pk]))
    named = set()
    for message in response.context["messages"]:
        if "Polish" in str(message) or "polski" in str(message):
            named.update(re.findall(r"“[^”]*”", str(message)))
    return named


def test_an_edit_of_the_polish_marks_the_translation_out_of_date_until_it_is_saved(client, official, staff):
    commitment = factories.commitment(
        summary_pl="Punkt porad otwarty w dni robocze.",
        summary_uk="Пункт консультацій працює в робочі дні.",
        summary_en="",
    )
    milestone = factories.milestone(commitment, title_pl="Otwarcie punktu", title_uk="Відкриття пункту", title_en="")
    assert outdated_notices(client, commitment) == {}

    commitment.summary_pl = "Punkt porad otwarty także w soboty."
    commitment.save()
    milestone.title_pl = "Otwarcie punktu w nowym miejscu"
    milestone.save()
    with translation.override("uk"):
        changed_on = date_format(timezone.localdate(), "j E Y")
        expected = gettext("This translation may be out of date: the Polish text changed on %(date)s.") % {
            "date": changed_on
        }
    notices = outdated_notices(client, commitment)
    assert notices == {"lead": f"({expected})", "timeline__title": f"({expected})"}
    # The English summary falls back to Polish: it is shown as Polish, not as outdated.
    assert not soup(client.get(f"/en/zobowiazania/{commitment.slug}/")).main.select(".outdated-notice")
    # Staff see it on the change form, for the object and the objects of its inline forms.
    assert admin_warnings(staff, commitment) == {f"“{commitment}”", f"“{milestone}”"}

    commitment.summary_uk = "Пункт консультацій працює також у суботу."
    commitment.save()
    assert set(outdated_notices(client, commitment)) == {"timeline__title"}
    milestone.title_uk = "Відкриття пункту в новому місці"
    milestone.save()
    assert outdated_notices(client, commitment) == {}
    assert admin_warnings(staff, commitment) == set()
