import re

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.functions import ExtractYear, Length
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from bialystok_hrc.filters import PublicFilterSet
from core.numbers import parse_localized_decimal
from core.pagecache import site_fact
from declaration.models import Value
from languages.forms import TranslatedChoiceFilter
from languages.translated import AUTHORITATIVE, active_language
from publishing.models import PublicationState
from search.folding import Fold, fold

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


def target_years():
    years = (
        Commitment.objects.published()
        .exclude(target_date__isnull=True)
        .annotate(year=ExtractYear("target_date"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("year")
    )
    return [(str(year), year) for year in years]


@site_fact
def filter_options():
    """The options of the list's selects that come from the content, read once per
    change of content instead of five queries on every page (see
    PublicFilterSet.known_options); "until": the next scheduled publication of a
    level, value or commitment, which may add an option."""
    scheduled = [
        model.objects.filter(publication_state=PublicationState.PUBLISHED, published_at__gt=timezone.now())
        .order_by()
        .values_list("published_at", flat=True)
        for model in (Level, Value, Commitment)
    ]
    until = min(scheduled[0].union(*scheduled[1:]), default=None)
    return {
        "options": {
            "level": list(Level.objects.published()),
            "value": list(Value.objects.published()),
            "status": list(Status.objects.all()),
            "unit": list(Unit.objects.all()),
            "year": target_years(),
        },
        "until": until.timestamp() if until else None,
    }


class CommitmentFilter(PublicFilterSet):
    """The public list's filters (the page and GET /api/v1/commitments)."""

    q = django_filters.CharFilter(label=_("Search"), max_length=200, method="search")
    level = TranslatedChoiceFilter(
        label=_("Level"),
        label_format="{obj.number}. {text}",
        queryset=lambda request: Level.objects.published(),
        to_field_name="number",
        empty_label=_("all"),
    )
    value = TranslatedChoiceFilter(
        label=_("Value"),
        field_name="values",
        queryset=lambda request: Value.objects.published(),
        to_field_name="slug",
        empty_label=_("all"),
    )
    status = TranslatedChoiceFilter(
        label=_("Status"), queryset=lambda request: Status.objects.all(), to_field_name="slug", empty_label=_("all")
    )
    unit = TranslatedChoiceFilter(
        label=_("Responsible unit"),
        queryset=lambda request: Unit.objects.all(),
        to_field_name="slug",
        empty_label=_("all"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Target year"), field_name="target_date", lookup_expr="year", choices=target_years, empty_label=_("all")
    )
    flag = django_filters.ChoiceFilter(
        label=_("Show only"),
        choices=[("overdue", _("overdue")), ("stale", _("not updated recently"))],
        empty_label=_("all"),
        method="flagged",
    )
    # Ordering applies to every list, sorted or not: see qs.
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[
            ("reference", _("oldest first (by reference number)")),
            ("title", _("title")),
            ("target", _("target date")),
            ("-progress", _("progress, highest first")),
            ("progress", _("progress, lowest first")),
            ("-updated", _("recently changed")),
        ],
        empty_label=None,
        method=lambda queryset, name, value: queryset,
    )
    arranging = ("sort",)
    known_options = filter_options

    @property
    def qs(self):
        commitments = super().qs
        return commitments.order_by(*SORTS[self.valid_data().get("sort") or "reference"])

    def search(self, commitments, name, query):
        """The words as typed, in the title or summary (this language's or the Polish), with
        case and diacritics folded away on both databases: "rownosc" finds "Równość"."""
        columns = [
            build_localized_fieldname(field, language)
            for field in ("title", "summary")
            for language in sorted({active_language(), AUTHORITATIVE})
        ]
        commitments = commitments.alias(**{f"folded_{column}": Fold(column) for column in columns})
        condition = Q(reference__iexact=query.strip())
        for column in columns:
            condition |= Q(**{f"folded_{column}__contains": fold(query.strip())})
        return commitments.filter(condition)

    def flagged(self, commitments, name, flag):
        return commitments.overdue() if flag == "overdue" else commitments.stale()


# Numbers typed by staff ---------------------------------------------------------------------------


def format_localized_decimal(value):
    """The number as staff type it back: 250,5."""
    return f"{value.normalize():f}".replace(".", ",")


DATA_POINT_LINE = re.compile(r"^\s*(\d{4})\s*[:=–-]\s*(.+?)\s*$")


def parse_data_points(text):
    """ "2024: 250,5" lines as {year: Decimal}; ValidationError naming each bad line."""
    points, errors = {}, []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = DATA_POINT_LINE.match(line)
        if match is None:
            errors.append(
                _("Line %(number)s: write the year, a colon and the value, e.g. 2024: 250,5.") % {"number": number}
            )
            continue
        year = int(match.group(1))
        try:
            value = parse_localized_decimal(match.group(2))
        except ValidationError as error:
            errors.append(_("Line %(number)s: %(error)s") % {"number": number, "error": " ".join(error.messages)})
            continue
        if year in points:
            errors.append(_("Line %(number)s: the year %(year)s is given twice.") % {"number": number, "year": year})
        points[year] = value
    if errors:
        raise ValidationError(errors)
    return points
