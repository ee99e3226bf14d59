from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from publishing.audit import AuditedQuerySet
from publishing.models import PublicationState, Publishable

# Pages that every page's footer and every form's privacy clause link to by these
# addresses: they are never renamed, withdrawn or deleted.
PRIVACY = "prywatnosc"
CONTACT = "kontakt"
REQUIRED_SLUGS = (PRIVACY, CONTACT)


class Page(Publishable):
    """A simple editable page: accessibility statement, privacy notice, contact…"""

    slug = models.SlugField(
        _("slug"),
        unique=True,
        help_text=_(
            "The page's address. Required pages (privacy, contact) keep theirs; another page that is renamed "
            "after publication keeps answering at its old address with a permanent redirect."
        ),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), help_text=_("Plain text; separate paragraphs with a blank line."))
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta(Publishable.Meta):
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["slug"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:detail", args=[self.slug])

    @property
    def is_required(self):
        return self._stored_slug() in REQUIRED_SLUGS

    def _stored_slug(self):
        if self.pk is None:
            return self.slug
        return Page.objects.filter(pk=self.pk).values_list("slug", flat=True).first() or self.slug

    def clean(self):
        super().clean()
        if self.is_required and self.slug != self._stored_slug():
            raise ValidationError(
                {"slug": _("This page is linked from every page of the portal: its address is fixed.")}
            )
        if self.is_required and self.publication_state == PublicationState.WITHDRAWN:
            raise ValidationError(
                {"publication_state": _("This page is linked from every page of the portal: it cannot be withdrawn.")}
            )

    def save(self, *args, **kwargs):
        # Enforced here too, not only in forms: no route renames a required page.
        stored = self._stored_slug()
        if stored in REQUIRED_SLUGS and self.slug != stored:
            raise ValidationError(_("The address of a required page is fixed."))
        super().save(*args, **kwargs)
        if self.slug != stored and self.was_ever_public:
            PageSlug.objects.get_or_create(slug=stored, defaults={"page": self})
            PageSlug.objects.filter(slug=self.slug).delete()  # the new address is the page's own again


class PageSlug(models.Model):
    """A former address of a page, answered with a permanent redirect."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(_("former slug"), unique=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")

    def __str__(self):
        return self.slug
