from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from publishing.models import Publishable


class Page(Publishable):
    """A simple editable page: accessibility statement, privacy notice, contact…"""

    slug = models.SlugField(_("slug"), unique=True, help_text=_("Part of stable links; do not change."))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), help_text=_("Plain text; separate paragraphs with a blank line."))
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["slug"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:detail", args=[self.slug])
