"""Every public page of the portal, in every language: the list that the
smoke, accessibility and HTML-validity tests walk. Add new pages here."""

from django.urls import reverse
from django.utils import translation

from commitments.models import Commitment, Level
from declaration.models import Value
from pages.models import Page

LANGUAGES = ("pl", "en", "uk", "be")


def public_paths(language):
    with translation.override(language):
        paths = [
            reverse("home"),
            reverse("declaration:detail"),
            reverse("declaration:values"),
        ]
        paths += [value.get_absolute_url() for value in Value.objects.published()]
        paths += [page.get_absolute_url() for page in Page.objects.published()]
        paths += [reverse("commitments:overview"), reverse("commitments:list")]
        paths += [level.get_absolute_url() for level in Level.objects.published()]
        if Commitment.objects.published().exists():
            # Filtered, paginated and empty lists, a parent with an indicator chart, and a sub-commitment.
            paths += [reverse("commitments:list") + query for query in ("?level=2&sort=-progress", "?page=2", "?q=zzz")]
            parent = Commitment.objects.published().filter(children__isnull=False, indicators__isnull=False).first()
            child = Commitment.objects.published().filter(parent__isnull=False).first()
            paths += [item.get_absolute_url() for item in (parent, child) if item]
    return paths


def all_public_paths():
    return [(language, path) for language in LANGUAGES for path in public_paths(language)]
