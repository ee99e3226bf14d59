from django.db import models
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from publishing.models import Publishable, PublishableQuerySet, published_q


class FraPart(models.TextChoices):
    FOUNDATIONS = "foundations", _("Foundations")
    STRUCTURES = "structures", _("Structures")
    TOOLS = "tools", _("Tools")


class ElementStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    REACHED = "reached", _("reached")


class LevelQuerySet(PublishableQuerySet):
    def with_status(self):
        """Annotate what a level's status is derived from: its published
        elements that count towards the level, and how many are reached."""
        counted = published_q("elements__") & Q(elements__counts_for_level=True)
        reached = counted & Q(elements__status=ElementStatus.REACHED)
        started = counted & ~Q(elements__status=ElementStatus.NOT_STARTED)
        return self.annotate(
            counted_elements=Count("elements", filter=counted, distinct=True),
            reached_elements=Count("elements", filter=reached, distinct=True),
            started_elements=Count("elements", filter=started, distinct=True),
            last_reached_on=Max("elements__reached_on", filter=reached),
        )


class Level(Publishable):
    """One of the three levels the declaration names (FRA: Foundations,
    Structures, Tools). Its status is derived from its elements, never typed in."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    fra_part = models.CharField(_("FRA part"), max_length=20, choices=FraPart.choices)
    declaration_wording = models.TextField(
        _("wording in the declaration"), help_text=_("How the declaration describes this level (paragraph 3).")
    )
    description = models.TextField(_("description"), blank=True)

    objects = LevelQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("framework level")
        verbose_name_plural = _("framework levels")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def get_absolute_url(self):
        return reverse("commitments:level", args=[self.number])

    @property
    def status(self):
        """Only on levels from ``Level.objects.with_status()``. Reached when every element that counts
        towards the level is reached; in progress once any element has started."""
        if self.counted_elements and self.reached_elements == self.counted_elements:
            return ElementStatus.REACHED
        if self.started_elements:
            return ElementStatus.IN_PROGRESS
        return ElementStatus.NOT_STARTED

    @property
    def reached_on(self):
        return self.last_reached_on if self.status == ElementStatus.REACHED else None


class Element(Publishable):
    """A checklist item of the framework, e.g. "Adopt a declaration"."""

    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="elements", verbose_name=_("level"))
    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_(
            "The portal's code: the FRA part's letter and the element's place in the source's list, "
            "e.g. S1 (Structures, first element)."
        ),
    )
    fra_part = models.CharField(
        _("FRA part"),
        max_length=20,
        choices=FraPart.choices,
        help_text=_("Where FRA places the element; the city's level may differ (the declaration is level 1)."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=500, help_text=_("The publication that names this element."))
    source_url = models.URLField(_("source link"), blank=True)
    to_verify = models.BooleanField(
        _("to verify"), default=False, help_text=_("Named by secondary sources, not yet checked against the FRA text.")
    )
    counts_for_level = models.BooleanField(
        _("counts towards the level"),
        default=True,
        help_text=_("The level is reached when every element that counts towards it is reached."),
    )
    status = models.CharField(_("status"), max_length=20, choices=ElementStatus.choices, default="not_started")
    reached_on = models.DateField(_("date reached"), null=True, blank=True)
    public_note = models.TextField(_("public note"), blank=True)
    evidence = models.ManyToManyField(
        "commitments.Document", blank=True, related_name="elements", verbose_name=_("evidence")
    )

    class Meta(Publishable.Meta):
        verbose_name = _("framework element")
        verbose_name_plural = _("framework elements")
        ordering = ["level__number", "order", "code"]

    def __str__(self):
        return f"{self.code}: {self.title}"

    @property
    def version_key(self):
        return self.code

    def public_snapshot(self):
        from ..snapshots import element_snapshot

        return element_snapshot(self)

    def scheduled_changes(self, after):
        from ..snapshots import element_schedule

        return element_schedule(self, after)

    def get_absolute_url(self):
        return f"{self.level.get_absolute_url()}#element-{self.code}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.status == ElementStatus.REACHED and not self.reached_on:
            raise ValidationError({"reached_on": _("Give the date on which the element was reached.")})
        if self.status != ElementStatus.REACHED and self.reached_on:
            raise ValidationError({"reached_on": _("Only a reached element has a date reached.")})
