"""What every publicly visible model shares: a publication state and time.

Public views, lists and counts only ever use ``published()``, so the review
workflow, scheduling and withdrawal extend this one mechanism.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def published_q(prefix=""):
    """The condition "published and due" as a Q object, for rows reached
    through a relation (``published_q("elements__")``) in filters and
    aggregates. Visibility is decided per request, so a publication time in the
    future takes effect without any background job."""
    return models.Q(
        **{f"{prefix}publication_state": PublicationState.PUBLISHED, f"{prefix}published_at__lte": timezone.now()}
    )


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What the public may see. Every public view, list and count uses this."""
        return self.filter(published_q())


def published_now():
    """Field values that publish a row immediately (used by content loaders)."""
    return {"publication_state": PublicationState.PUBLISHED, "published_at": timezone.now()}


class Publishable(models.Model):
    publication_state = models.CharField(
        _("publication state"),
        max_length=16,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        help_text=_("Time of publication (Europe/Warsaw). A future time schedules the publication."),
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return (
            self.publication_state == PublicationState.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def publish(self, when=None):
        self.publication_state = PublicationState.PUBLISHED
        self.published_at = when or self.published_at or timezone.now()
