from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.richtext import safe_url
from core.uploads import GeneratedName
from publishing.models import Publishable, PublishableQuerySet, own_publication_field, published_q

from ..uploads import validate_document_file
from .commitment import Commitment


class Milestone(Publishable):
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("commitment")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    due_on = models.DateField(_("planned date"))
    done = models.BooleanField(_("done"), default=False)
    done_on = models.DateField(_("date done"), null=True, blank=True)
    own_publication = own_publication_field()

    class Meta(Publishable.Meta):
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.commitment.refresh_progress()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.commitment.refresh_progress()
        return result

    def clean(self):
        if self.done and not self.done_on:
            raise ValidationError({"done_on": _("Give the date the milestone was done.")})
        if self.done_on and not self.done:
            raise ValidationError({"done": _("A milestone with a date done must be marked as done.")})
        if self.done_on and self.done_on > timezone.localdate():
            raise ValidationError({"done_on": _("The date done cannot be in the future.")})


class DocumentKind(models.TextChoices):
    DECLARATION = "declaration", _("declaration")
    RESOLUTION = "resolution", _("resolution of the City Council")
    ORDINANCE = "ordinance", _("ordinance of the Mayor")
    ACTION_PLAN = "action_plan", _("action plan")
    REPORT = "report", _("report")
    MINUTES = "minutes", _("minutes")
    OTHER = "other", _("other document")


class DocumentQuerySet(PublishableQuerySet):
    def downloadable(self):
        """Published documents whose file the public may fetch: a document is public
        only where it is shown, so one that belongs to a commitment or is attached to
        progress updates needs one of those to be public too (its commitment as well,
        for an update). A document that belongs to nothing stands on its own."""
        public_update = published_q("updates__") & published_q("updates__commitment__")
        orphan = models.Q(commitment__isnull=True, updates__isnull=True)
        return self.published().filter(orphan | published_q("commitment__") | public_update).distinct()


class Document(Publishable):
    """A resolution, action plan, report… as a file or a link, with the
    BIP-style record of who produced and who published it."""

    # A document is in one of the portal's languages.
    LANGUAGES = settings.LANGUAGES

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("type"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(
        _("file"),
        upload_to=GeneratedName("documents/%Y/"),
        blank=True,
        validators=[validate_document_file],
        help_text=_("PDF, ODT, ODS, DOCX, XLSX, CSV or TXT; or give a link instead."),
    )
    url = models.CharField(
        _("link"),
        max_length=500,
        blank=True,
        help_text=_("An address (https://…) or a page of this portal (/deklaracja/)."),
    )
    original_name = models.CharField(
        _("original file name"),
        max_length=255,
        blank=True,
        editable=False,
        help_text=_("The uploaded file's own name, offered when it is downloaded; it is stored under a random name."),
    )
    language = models.CharField(_("language of the document"), max_length=2, choices=LANGUAGES, default="pl")
    date = models.DateField(_("date of the document"))
    source = models.CharField(_("source"), max_length=300, blank=True, help_text=_("E.g. the city's BIP."))
    produced_by = models.CharField(_("produced by"), max_length=300, blank=True)
    published_by = models.CharField(_("published by"), max_length=300, blank=True)
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("commitment"),
    )
    is_demo = models.BooleanField(_("demonstration content"), default=False, editable=False)
    own_publication = own_publication_field()

    objects = DocumentQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-date", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:  # a new upload: remember what it was called
            self.original_name = Path(self.file.name).name[:255]
        super().save(*args, **kwargs)

    def clean(self):
        if bool(self.file) == bool(self.url):
            raise ValidationError(_("Attach a file or give a link (one of the two)."))
        if self.url and (not self.url.startswith(("https://", "http://", "/")) or self.url.startswith("//")):
            raise ValidationError({"url": _("A link starts with https:// (or / for a page of this portal).")})

    @property
    def href(self):
        return reverse("commitments:document_download", args=[self.pk]) if self.file else safe_url(self.url)

    @property
    def download_name(self):
        """The name a downloaded file gets: the uploaded one, or one made from the title."""
        extension = Path(self.file.name).suffix.lower()
        if self.original_name:
            return self.original_name
        return (slugify(self.title) or "document") + extension


class ProgressUpdate(Publishable):
    """A dated entry in the story of a commitment."""

    # Rendered as Markdown on public pages; the admin shows a preview (publishing/staff_forms.py).
    markdown_fields = ("body",)

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="updates", verbose_name=_("commitment")
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), help_text=_("Markdown: **bold**, *italic*, lists, [links](https://…)."))
    documents = models.ManyToManyField(Document, blank=True, related_name="updates", verbose_name=_("documents"))
    own_publication = own_publication_field()

    class Meta(Publishable.Meta):
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-date", "-pk"]
        # The overview's "latest updates" (newest first, the first few): read in index order
        # instead of sorting every update (5,000 in the benchmark: 18 ms → 0.1 ms on PostgreSQL).
        indexes = [models.Index(fields=["-date", "-id"], name="update_newest_first")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"
