from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from publishing.audit import AuditedQuerySet
from publishing.models import Publishable, own_publication_field

from .commitment import Commitment


class Direction(models.TextChoices):
    INCREASE = "increase", _("higher is better")
    DECREASE = "decrease", _("lower is better")
    MAINTAIN = "maintain", _("keep at the target")


class Indicator(Publishable):
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("commitment"),
    )
    name = models.CharField(_("what is measured"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=50, help_text=_("E.g. %, people, PLN."))
    baseline_value = models.DecimalField(_("baseline value"), max_digits=14, decimal_places=2)
    baseline_date = models.DateField(_("baseline date"))
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2, null=True, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    source = models.CharField(_("source"), max_length=300)
    method = models.TextField(_("method"), blank=True, help_text=_("How the value is measured or calculated."))
    is_demo = models.BooleanField(_("demonstration content"), default=False, editable=False)
    own_publication = own_publication_field()

    class Meta(Publishable.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class DataPoint(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="data_points", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # "value" alone is the declaration's (moral) value: uk "цінність", be "каштоўнасць".
    value = models.DecimalField(pgettext_lazy("measured quantity", "value"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    # Bulk updates are recorded in the audit trail too (publishing/audit.py).
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("data point")
        verbose_name_plural = _("data points")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="one_data_point_per_year",
                violation_error_message=_("This indicator already has a value for that year."),
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.value}"
