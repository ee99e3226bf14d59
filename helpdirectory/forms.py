import django_filters
from django.utils.translation import gettext_lazy as _

from bialystok_hrc.filters import PublicFilterSet
from languages.forms import TranslatedChoiceFilter

from .models import LANGUAGE_CHOICES, Need


class HelpFilter(PublicFilterSet):
    """The directory's filters (the page and GET /api/v1/help)."""

    need = TranslatedChoiceFilter(
        label=_("I need help with"),
        field_name="needs",
        queryset=lambda request: Need.objects.all(),
        to_field_name="slug",
        empty_label=_("anything"),
    )
    language = django_filters.ChoiceFilter(
        label=_("Language spoken"), choices=LANGUAGE_CHOICES, empty_label=_("any language"), method="speaking"
    )

    def speaking(self, organisations, name, language):
        return organisations.speaking(language)
