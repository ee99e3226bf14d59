from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LANGUAGE_CHOICES, Need


class HelpFilterForm(forms.Form):
    """The directory's filters: plain GET parameters, so a filtered list is a
    link that can be shared. An unknown value is reported and ignored; the
    valid filters still apply."""

    need = forms.ModelChoiceField(
        label=_("I need help with"), queryset=Need.objects.none(), required=False, to_field_name="slug"
    )
    language = forms.ChoiceField(
        label=_("Language spoken"), required=False, choices=[("", _("any language")), *LANGUAGE_CHOICES]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = Need.objects.all()
        self.fields["need"].empty_label = _("anything")

    def filter(self, organisations):
        data = self._valid_part()
        if data.get("need"):
            organisations = organisations.filter(needs=data["need"])
        if data.get("language"):
            organisations = organisations.speaking(data["language"])
        return organisations

    def _valid_part(self):
        if not self.is_bound:
            return {}
        self.is_valid()
        for name in self.errors:
            # Screen readers announce the field as invalid and read its message.
            self.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": f"id_{name}_error"})
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}

    @property
    def active(self):
        return self.is_bound and any(self.data.get(name) for name in self.fields)
