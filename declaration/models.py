from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.uploads import GeneratedName, check_upload
from publishing.models import Publishable, PublishableQuerySet, due_after

from . import text


def validate_scan(upload):
    check_upload(upload, {".pdf": lambda head: head.startswith(b"%PDF-")}, settings.DOCUMENT_MAX_UPLOAD_BYTES)


class DeclarationQuerySet(PublishableQuerySet):
    def current(self):
        """The declaration the portal is about: the latest one published."""
        return self.published().order_by("-signed_on").first()


class Declaration(Publishable):
    slug = models.SlugField(_("slug"), unique=True, help_text=_("Part of stable links; do not change."))
    title = models.CharField(_("title"), max_length=300)
    signed_on = models.DateField(_("date signed"))
    place = models.CharField(_("place"), max_length=100)
    signatory_name = models.CharField(
        _("signatory"),
        max_length=200,
        help_text=_("As printed on the signed document. See the editorial notes in the README."),
    )
    signatory_title = models.CharField(_("signatory's title"), max_length=200)
    signed_scan = models.FileField(
        _("signed scan"),
        upload_to=GeneratedName("declaration/"),
        blank=True,
        validators=[validate_scan],
        help_text=_("The scanned signed document (PDF), if available."),
    )

    objects = DeclarationQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        ordering = ["-signed_on"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("declaration:detail")

    @property
    def version_key(self):
        return self.slug

    def public_snapshot(self):
        from .snapshots import declaration_snapshot

        return declaration_snapshot(self)

    def scheduled_changes(self, after):
        """When, after ``after``, a paragraph the snapshot shows is due to be published."""
        return due_after(after, self.paragraphs.all())


class Paragraph(Publishable):
    declaration = models.ForeignKey(
        Declaration, on_delete=models.PROTECT, related_name="paragraphs", verbose_name=_("declaration")
    )
    number = models.PositiveSmallIntegerField(
        _("number"),
        help_text=_("Gives the paragraph its permanent anchor (#p1, #p2…). Never renumber a published paragraph."),
    )
    text = models.TextField(
        _("text"),
        help_text=_("Plain text. Wrap a sentence in **double asterisks** to emphasise it."),
    )

    class Meta(Publishable.Meta):
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["declaration", "number"]
        constraints = [
            *Publishable.Meta.constraints,
            models.UniqueConstraint(fields=["declaration", "number"], name="unique_paragraph_number"),
        ]

    def __str__(self):
        return f"§{self.number}"

    @property
    def anchor(self):
        return f"p{self.number}"

    def get_absolute_url(self):
        return f"{self.declaration.get_absolute_url()}#{self.anchor}"


class Value(Publishable):
    slug = models.SlugField(_("slug"), unique=True, help_text=_("Part of stable links; do not change."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("As the word appears in the declaration's text in this language; that word links here."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta(Publishable.Meta):
        verbose_name = _("value")
        verbose_name_plural = _("values")
        ordering = ["order", "slug"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("declaration:value", args=[self.slug])

    @property
    def display_name(self):
        return text.capitalise(self.name)

    @property
    def version_key(self):
        return self.slug

    def public_snapshot(self):
        from .snapshots import value_snapshot

        return value_snapshot(self)
