"""Where to get help: bodies and organisations that help people whose rights
have been violated. Entries follow the publishing workflow like all public
content; a fresh install holds only clearly labelled demo entries."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from declaration.models import Value
from publishing.audit import AuditedQuerySet
from publishing.models import Publishable, PublishableQuerySet

# A fixed list, so the public filter and the labels stay consistent; anything
# else goes into the free-text "other languages" field.
LANGUAGE_CHOICES = [
    ("pl", _("Polish")),
    ("en", _("English")),
    ("uk", _("Ukrainian")),
    ("be", _("Belarusian")),
    ("ru", _("Russian")),
    ("de", _("German")),
    ("pjm", _("Polish Sign Language (PJM)")),
]
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


class LanguageListField(models.CharField):
    """Several codes from LANGUAGE_CHOICES in one column, stored as ",pl,uk,"
    so that ``languages__contains=",uk,"`` finds a language portably (SQLite
    and PostgreSQL) without a join. In Python the value is a list of codes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return list(value)
        return [code for code in (value or "").split(",") if code]

    def get_prep_value(self, value):
        codes = self.to_python(value)
        return f",{','.join(codes)}," if codes else ""

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        unknown = [code for code in value if code not in LANGUAGE_NAMES]
        if unknown:
            raise ValidationError(_("Unknown language code: %(codes)s"), params={"codes": ", ".join(unknown)})
        if not value and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def run_validators(self, value):
        # The stored text, not the list, is what max_length limits.
        return super().run_validators(self.get_prep_value(value))

    def formfield(self, **kwargs):
        from django import forms

        return forms.TypedMultipleChoiceField(
            choices=LANGUAGE_CHOICES,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )


def language_lookup(code):
    """The filter condition "speaks this language" for LanguageListField."""
    return {"languages__contains": f",{code},"}


class Need(models.Model):
    """What someone may need help with (an editable list): discrimination,
    hate crime, legal aid… The public directory is filtered by it."""

    slug = models.SlugField(_("slug"), unique=True, help_text=_("Part of filter links; do not change."))
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    # Bulk updates are recorded in the audit trail too (publishing/audit.py).
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["order", "slug"]

    def __str__(self):
        return self.name


class OrganisationKind(models.TextChoices):
    PUBLIC_BODY = "public", _("public body")
    NGO = "ngo", _("non-governmental organisation")
    OTHER = "other", _("other")


phone_validator = RegexValidator(
    r"^\+?[0-9 ()-]{5,30}$", _("Enter a telephone number with digits, spaces and an optional leading +.")
)


class HelpOrganisationQuerySet(PublishableQuerySet):
    def for_listing(self):
        return self.prefetch_related(
            "needs", models.Prefetch("values", queryset=Value.objects.published().order_by("order", "slug"))
        )

    def speaking(self, code):
        if code not in LANGUAGE_NAMES:
            return self.none()
        return self.filter(**language_lookup(code))


class HelpOrganisation(Publishable):
    slug = models.SlugField(_("slug"), max_length=120, unique=True, help_text=_("Part of stable links."))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=OrganisationKind.choices, default=OrganisationKind.NGO)
    description = models.TextField(
        _("what they help with"), help_text=_("Plain text; separate paragraphs with a blank line.")
    )
    needs = models.ManyToManyField(Need, blank=True, related_name="organisations", verbose_name=_("needs"))
    values = models.ManyToManyField(
        Value, blank=True, related_name="help_organisations", verbose_name=_("values of the declaration")
    )
    # Contact
    address = models.CharField(_("address"), max_length=200, blank=True)
    address_notes = models.CharField(
        _("how to find the place"), max_length=300, blank=True, help_text=_("E.g. entrance from the courtyard.")
    )
    phone = models.CharField(_("telephone"), max_length=30, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # Languages
    languages = LanguageListField(_("languages spoken"))
    other_languages = models.CharField(
        _("other languages"), max_length=200, blank=True, help_text=_("Languages not in the list, as text.")
    )
    # Accessibility and hours
    step_free_access = models.BooleanField(_("step-free access"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    hearing_loop = models.BooleanField(_("induction loop"), default=False)
    accessibility = models.TextField(_("accessibility"), blank=True, help_text=_("Anything else about access."))
    hours = models.TextField(_("opening hours"), blank=True)
    is_demo = models.BooleanField(_("demonstration content"), default=False, editable=False)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = HelpOrganisationQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("organisation that helps")
        verbose_name_plural = _("where to get help")
        # Real entries before demonstration ones.
        ordering = ["is_demo", "name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("helpdirectory:detail", args=[self.slug])

    @property
    def phone_uri(self):
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if digits else ""

    @property
    def language_names(self):
        return [LANGUAGE_NAMES[code] for code in self.languages if code in LANGUAGE_NAMES]

    @property
    def accessibility_flags(self):
        flags = [
            (self.step_free_access, _("step-free access")),
            (self.accessible_toilet, _("accessible toilet")),
            (self.hearing_loop, _("induction loop")),
        ]
        return [label for present, label in flags if present]
