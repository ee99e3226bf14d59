"""What Polish law requires of a public body's website beyond WCAG itself:
the accessibility statement (digital accessibility act of 4 April 2019, with
the structure v2.0 of 31 July 2024), easy-to-read text and Polish Sign
Language (special-needs act of 19 July 2019)."""

import datetime

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import GeneratedName
from publishing.audit import AuditedQuerySet
from publishing.models import Publishable, PublishableQuerySet

from .uploads import validate_captions, validate_logo, validate_video


class StatementQuerySet(PublishableQuerySet):
    def current(self):
        return self.published().order_by("-published_at").first()


class Conformance(models.TextChoices):
    FULL = "full", _("fully compliant")
    PARTIAL = "partial", _("partially compliant")
    NONE = "none", _("not compliant")


class AccessibilityStatement(Publishable):
    entity_name = models.CharField(_("name of the public body"), max_length=300)
    website_name = models.CharField(_("name of the website"), max_length=300)
    website_url = models.URLField(_("address of the website"), blank=True, help_text=_("Empty: the portal's address."))
    site_published_on = models.DateField(_("date the website was published"))
    site_updated_on = models.DateField(_("date of the last major update of the website"))
    conformance = models.CharField(_("compliance status"), max_length=10, choices=Conformance.choices)
    conformance_note = models.TextField(_("note on the compliance status"), blank=True)
    prepared_on = models.DateField(_("date the statement was prepared"))
    reviewed_on = models.DateField(
        _("date of the last review"), help_text=_("The statement must be reviewed every year, by 31 March.")
    )
    assessment = models.TextField(
        _("how accessibility was assessed"), help_text=_("E.g. self-assessment, or an audit by an external body.")
    )
    assessment_url = models.URLField(_("link to the assessment report"), blank=True)
    keyboard_shortcuts = models.TextField(_("keyboard shortcuts"))
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail for accessibility matters"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    other_information = models.TextField(_("other information"), blank=True)
    mobile_apps = models.TextField(_("mobile applications"))
    architecture = models.TextField(_("architectural accessibility"))
    architecture_url = models.URLField(_("link to the description of architectural accessibility"), blank=True)
    communication = models.TextField(_("communication accessibility"))

    objects = StatementQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")

    def __str__(self):
        return str(_("Accessibility statement"))

    def get_absolute_url(self):
        return reverse("accessibility:statement")

    @property
    def review_due_on(self):
        """The yearly review is due by 31 March of the year after the last one."""
        return datetime.date(self.reviewed_on.year + 1, 3, 31)

    def review_reminder_due(self, today=None):
        """Remind staff from 1 March, and every day once the review is late."""
        today = today or timezone.localdate()
        return today >= self.review_due_on - datetime.timedelta(days=30)


class Ground(models.TextChoices):
    NON_COMPLIANCE = "non_compliance", _("not compliant with the accessibility requirements")
    EXEMPT = "exempt", _("exempt from the act's requirements")
    BURDEN = "burden", _("disproportionate burden")


class InaccessibleContent(models.Model):
    statement = models.ForeignKey(AccessibilityStatement, on_delete=models.CASCADE, related_name="inaccessible")
    ground = models.CharField(_("ground"), max_length=20, choices=Ground.choices)
    description = models.TextField(_("what is not accessible and why"))
    alternative = models.TextField(_("how to get it in an accessible form"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    # Bulk updates are recorded in the audit trail too (publishing/audit.py).
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("inaccessible content")
        verbose_name_plural = _("inaccessible content")
        ordering = ["ground", "order", "pk"]

    def __str__(self):
        return self.description[:60]


class EasyReadText(Publishable):
    """A text in easy-to-read language (ETR)."""

    slug = models.SlugField(_("slug"), unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Short sentences; one thought per line. Blank line: new paragraph."))
    is_scope_of_activity = models.BooleanField(
        _("information about the scope of activity"),
        default=False,
        help_text=_("Also offered for download as a plain-text file, as the special-needs act requires."),
    )
    logo = models.FileField(
        _("easy-to-read logo (PNG)"),
        upload_to=GeneratedName("etr/"),
        blank=True,
        validators=[validate_logo],
        help_text=_(
            "The European easy-to-read logo, if the text was checked by its readers. The credit line is added."
        ),
    )

    class Meta(Publishable.Meta):
        verbose_name = _("easy-to-read text")
        verbose_name_plural = _("easy-to-read texts")
        ordering = ["order", "slug"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("accessibility:easy_read_text", args=[self.slug])


class SignLanguageVideo(Publishable):
    """Information in Polish Sign Language (PJM), served by the portal itself."""

    title = models.CharField(_("title"), max_length=200)
    video = models.FileField(_("video (MP4 or WebM)"), upload_to=GeneratedName("pjm/"), validators=[validate_video])
    captions = models.FileField(_("captions (WebVTT)"), upload_to=GeneratedName("pjm/"), validators=[validate_captions])
    transcript = models.TextField(_("transcript"))
    recorded_on = models.DateField(_("date recorded"), null=True, blank=True)

    class Meta(Publishable.Meta):
        verbose_name = _("Polish Sign Language video")
        verbose_name_plural = _("Polish Sign Language videos")
        ordering = ["-published_at"]

    def __str__(self):
        return self.title
