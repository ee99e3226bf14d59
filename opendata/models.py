from django.db import models
from django.utils.translation import gettext_lazy as _

from publishing.audit import AuditedQuerySet


class Dataset(models.Model):
    """A dataset listed on the open-data page, with its licence (editable)."""

    slug = models.SlugField(_("slug"), unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    format_notes = models.TextField(_("format"), help_text=_("Format, encoding, separators, fields."))
    url = models.CharField(
        _("address"), max_length=300, help_text=_("A path of this portal, e.g. /dane/zobowiazania.csv")
    )
    licence_name = models.CharField(_("licence"), max_length=200, default="CC BY 4.0")
    licence_url = models.URLField(
        _("licence link"), default="https://creativecommons.org/licenses/by/4.0/deed.pl", blank=True
    )

    # Bulk updates are recorded in the audit trail too (publishing/audit.py).
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        ordering = ["order", "slug"]

    def __str__(self):
        return self.title
