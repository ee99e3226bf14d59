"""Translations that may be out of date (issue 15 §4).

A translation is written against one version of the Polish original. When the Polish
text of a field changes and a language's text of that field does not, the translation
may no longer say the same thing: ``OutdatedTranslation`` remembers that, per object,
field and language, with the day the Polish changed; saving that language's text again
clears it (languages.outdated keeps the rows, on every save of a translated model).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutdatedTranslation(models.Model):
    # Derived from saves of audited content, which the audit trail already records.
    audited = False

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=100)
    language = models.CharField(max_length=8)
    polish_changed_on = models.DateField(_("Polish text changed on"))

    class Meta:
        verbose_name = _("outdated translation")
        verbose_name_plural = _("outdated translations")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"], name="one_outdated_mark_per_text"
            )
        ]
        indexes = [models.Index(fields=["language"])]

    def __str__(self):
        return f"{self.content_type_id}/{self.object_id} {self.field}_{self.language}"
