"""Form fields that name translated objects."""

import django_filters
from django import forms

from bialystok_hrc.filters import KnownOptionsMixin

from .notices import option_label
from .translated import translated


class TranslatedChoiceField(KnownOptionsMixin, forms.ModelChoiceField):
    """Options name each object by one translated field (``label_field``), in the active
    language or as the Polish original saying so; ``label_format`` adds other facts.
    The objects may be given (``options``, see bialystok_hrc.filters.KnownOptionsMixin)."""

    def __init__(self, *args, label_field="name", label_format="{text}", **kwargs):
        self.label_field, self.label_format = label_field, label_format
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return self.label_format.format(obj=obj, text=option_label(translated(obj, self.label_field)))


class TranslatedChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = TranslatedChoiceField
