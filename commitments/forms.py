from django import forms
from django.db.models import Q
from django.db.models.functions import ExtractYear, Length
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from declaration.models import Value
from languages.translated import active_language

from .models import Commitment, Level, Status, Unit

REFERENCE = (Length("reference"), "reference")
SORTS = {
    "reference": REFERENCE,
    "title": ("title",),
    "target": ("target_date", *REFERENCE),
    "-progress": ("-progress", *REFERENCE),
    "progress": ("progress", *REFERENCE),
    "-updated": ("-updated_at", *REFERENCE),
}


class CommitmentFilterForm(forms.Form):
    """The public list's filters. Every filter is a GET parameter, so every
    filtered view is a link that can be shared; an invalid value is reported
    and ignored rather than failing the page."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    level = forms.ModelChoiceField(
        label=_("Level"), queryset=Level.objects.none(), required=False, to_field_name="number"
    )
    value = forms.ModelChoiceField(
        label=_("Value"), queryset=Value.objects.none(), required=False, to_field_name="slug"
    )
    status = forms.ModelChoiceField(
        label=_("Status"), queryset=Status.objects.none(), required=False, to_field_name="slug"
    )
    unit = forms.ModelChoiceField(
        label=_("Responsible unit"), queryset=Unit.objects.none(), required=False, to_field_name="slug"
    )
    year = forms.TypedChoiceField(label=_("Target year"), required=False, coerce=int, empty_value=None)
    flag = forms.ChoiceField(
        label=_("Show only"),
        required=False,
        choices=[("", _("all")), ("overdue", _("overdue")), ("stale", _("not updated recently"))],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("reference", _("reference")),
            ("title", _("title")),
            ("target", _("target date")),
            ("-progress", _("progress, highest first")),
            ("progress", _("progress, lowest first")),
            ("-updated", _("recently changed")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = Level.objects.published()
        self.fields["value"].queryset = Value.objects.published()
        self.fields["status"].queryset = Status.objects.all()
        self.fields["unit"].queryset = Unit.objects.all()
        years = (
            Commitment.objects.published()
            .exclude(target_date__isnull=True)
            .annotate(year=ExtractYear("target_date"))
            .values_list("year", flat=True)
            .distinct()
            .order_by("year")
        )
        self.fields["year"].choices = [("", _("all")), *((year, year) for year in years)]
        for name in ("level", "value", "status", "unit"):
            self.fields[name].empty_label = _("all")

    def filter(self, commitments):
        data = self.cleaned_data if self.is_bound and self.is_valid() else self._valid_part()
        if data.get("q"):
            commitments = commitments.filter(self._search(data["q"]))
        for name, lookup in (("level", "level"), ("value", "values"), ("status", "status"), ("unit", "unit")):
            if data.get(name):
                commitments = commitments.filter(**{lookup: data[name]})
        if data.get("year"):
            commitments = commitments.filter(target_date__year=data["year"])
        if data.get("flag") == "overdue":
            commitments = commitments.overdue()
        elif data.get("flag") == "stale":
            commitments = commitments.stale()
        return commitments.order_by(*SORTS.get(data.get("sort") or "reference"))

    def _valid_part(self):
        """With some parameters invalid, still apply the valid ones."""
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if name not in self.errors}

    @staticmethod
    def _search(query):
        condition = Q(reference__iexact=query.strip())
        for field in ("title", "summary"):
            for language in {active_language(), "pl"}:
                condition |= Q(**{f"{build_localized_fieldname(field, language)}__icontains": query})
        return condition

    @property
    def active(self):
        return self.is_bound and any(self.data.get(name) for name in self.fields if name != "sort")
