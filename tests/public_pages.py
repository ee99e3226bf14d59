"""Every public page of the portal, in every language: the list that the
smoke, accessibility and HTML-validity tests walk. Add new pages here."""

from django.urls import reverse
from django.utils import translation

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
    return paths


def all_public_paths():
    return [(language, path) for language in LANGUAGES for path in public_paths(language)]
