"""What every publicly visible model shares: a publication state and time,
and the public record kept each time something is published.

Public views, lists and counts only ever use ``published()`` (or
``visible()`` for a detail page that must keep showing a withdrawn item), so
review, scheduling and withdrawal all extend this one mechanism.
"""

import contextlib
import contextvars

from django.apps import apps
from django.conf import settings
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .revisions import Revised, RevisedQuerySet


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


PUBLIC_STATES = (PublicationState.PUBLISHED, PublicationState.WITHDRAWN)

# The moment publication is judged at while a version is computed for a time
# to come (publishing/versions.py); unset, it is now.
_as_of = contextvars.ContextVar("publishing_as_of", default=None)


def now():
    """The moment "published and due" is judged at: now, except inside ``as_of``."""
    return _as_of.get() or timezone.now()


@contextlib.contextmanager
def as_of(moment):
    """Judge what is public as at ``moment``: a snapshot computed inside shows
    what the public will see then (a milestone scheduled for that time included)."""
    token = _as_of.set(moment)
    try:
        yield
    finally:
        _as_of.reset(token)


class PublishedRecordError(Exception):
    """Published content is never deleted; it is withdrawn, with a reason."""


def published_q(prefix=""):
    """The condition "published and due" as a Q object, for rows reached
    through a relation (``published_q("elements__")``) in filters and
    aggregates. Visibility is decided per request, so a publication time in
    the future takes effect without any background job."""
    return models.Q(**{f"{prefix}publication_state": PublicationState.PUBLISHED, f"{prefix}published_at__lte": now()})


def due_after(after, *querysets):
    """The publication times after ``after`` of the published rows of these
    querysets: when each is due to appear (for versions recorded ahead)."""
    moments = set()
    for queryset in querysets:
        moments.update(
            queryset.filter(publication_state=PublicationState.PUBLISHED, published_at__gt=after).values_list(
                "published_at", flat=True
            )
        )
    return moments


class PublishableQuerySet(RevisedQuerySet):
    def published(self):
        """What the public may see. Every public view, list and count uses this."""
        return self.filter(published_q())

    def visible(self):
        """Published, or withdrawn: a withdrawn item's page stays, with a notice."""
        return self.filter(published_q()) | self.filter(
            publication_state=PublicationState.WITHDRAWN, published_at__lte=now()
        )

    def update(self, **fields):
        # A bulk "publish" without a time also means now (the database refuses no time at all).
        if fields.get("publication_state") in PUBLIC_STATES and "published_at" not in fields:
            fields["published_at"] = Coalesce("published_at", Value(timezone.now()))
        return super().update(**fields)

    def delete(self):
        refused = [item for item in self if not item.can_be_deleted]
        if refused:
            raise PublishedRecordError(
                _("Published items cannot be deleted; withdraw them instead: %(items)s")
                % {"items": ", ".join(map(str, refused[:5]))}
            )
        return super().delete()


def published_now():
    """Field values that publish a row immediately (used by content loaders)."""
    return {"publication_state": PublicationState.PUBLISHED, "published_at": timezone.now()}


class Publishable(Revised):
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
        help_text=_("Europe/Warsaw time. A time in the future schedules the publication."),
    )
    objects = PublishableQuerySet.as_manager()

    class Meta:
        # Subclasses declare ``class Meta(Publishable.Meta)`` to keep this constraint.
        # The revision (publishing/revisions.py) refuses forms opened before somebody else's save.
        abstract = True
        constraints = [
            # Published (or withdrawn) with no time would be invisible and, having been
            # "public", undeletable: the database refuses it, whatever the route.
            models.CheckConstraint(
                condition=~models.Q(publication_state__in=PUBLIC_STATES) | models.Q(published_at__isnull=False),
                name="%(app_label)s_%(class)s_public_has_time",
                violation_error_message=_("A published item needs a publication time."),
            ),
        ]

    def save(self, *args, **kwargs):
        # "Published" with the time left empty means now, on every route (admin
        # rows and inlines, loaders, commands), not an invisible row.
        if self.publication_state in PUBLIC_STATES and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return (
            self.publication_state == PublicationState.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now()
        )

    @property
    def is_withdrawn(self):
        return self.publication_state == PublicationState.WITHDRAWN

    def publish(self, when=None):
        self.publication_state = PublicationState.PUBLISHED
        self.published_at = when or self.published_at or timezone.now()

    @property
    def was_ever_public(self):
        if self.publication_state in PUBLIC_STATES:
            return True
        return self.pk is not None and PublicVersion.objects.for_object(self).exists()

    @property
    def can_be_deleted(self):
        # Demonstration content is removable by design (remove_demo_content).
        return getattr(self, "is_demo", False) or not self.was_ever_public

    def delete(self, *args, **kwargs):
        if not self.can_be_deleted:
            raise PublishedRecordError(_("%(item)s has been published: withdraw it instead.") % {"item": self})
        return super().delete(*args, **kwargs)


class PublicVersionQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def public(self):
        """Versions whose publication time has come. A version recorded ahead
        (what a scheduled milestone will add) is listed nowhere until then."""
        return self.filter(published_at__lte=timezone.now())


class PublicVersion(models.Model):
    """What the public saw at one publication: an immutable snapshot of all
    languages, numbered 1, 2, 3… per item, with a SHA-256 fingerprint.

    The snapshot is plain JSON rendered by its own templates, so a version
    keeps rendering exactly as published whatever later happens to the models."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    number = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=20, help_text=_("What the snapshot describes."))
    key = models.CharField(_("key"), max_length=120, help_text=_("Reference or slug in the permanent URL."))
    state = models.CharField(_("publication state"), max_length=16, choices=PublicationState.choices)
    published_at = models.DateTimeField(_("published at"))
    is_major = models.BooleanField(_("major change"), default=True)
    change_note = models.TextField(_("change note"), blank=True)
    snapshot = models.JSONField(_("snapshot"))
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("recorded by")
    )

    objects = PublicVersionQuerySet.as_manager()
    # An immutable record with its own author and time; the admin adds "version N" to the trail.
    audited = False

    class Meta:
        verbose_name = _("public version")
        verbose_name_plural = _("public versions")
        ordering = ["content_type", "object_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "number"], name="one_version_number"),
        ]
        indexes = [models.Index(fields=["kind", "key", "number"])]
        permissions = [("publish", _("Can review, publish, schedule and withdraw content"))]

    def __str__(self):
        return f"{self.kind} {self.key} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PublishedRecordError(_("A public version is never changed."))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("publishing:version", args=[self.kind, self.key, self.number])

    def delete(self, *args, **kwargs):
        raise PublishedRecordError(_("A public version is never deleted."))


class AuditEntry(models.Model):
    """Who changed what, and when: one entry for every change to a row of the
    portal's apps, whatever the route (the admin, the site, a command; see
    publishing/audit.py). The only trail: Django's admin LogEntry is not written."""

    # The trail is not public content, and does not record itself.
    affects_public_pages = False
    audited = False

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name=_("user"))
    # "admin", "site", the management command ("manage.py load_official_content") or "script".
    source = models.CharField(_("source"), max_length=60, blank=True)
    action = models.CharField(_("action"), max_length=30)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("type"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    object_repr = models.CharField(_("object"), max_length=300)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user or self.source} {self.action} {self.object_repr}"

    # What the admin's history page (admin/object_history.html) reads.

    @property
    def action_time(self):
        return self.at

    # ... and the admin index's "Recent actions" (templates/admin/index.html).

    @property
    def is_addition(self):
        return self.action == "added"

    @property
    def is_change(self):
        return self.action not in ("added", "deleted")

    @property
    def is_deletion(self):
        return self.action == "deleted"

    def get_admin_url(self):
        try:
            return reverse(
                f"admin:{self.content_type.app_label}_{self.content_type.model}_change", args=[quote(self.object_id)]
            )
        except NoReverseMatch:
            return None

    def get_change_message(self):
        fields = ", ".join(self.changes) if self.action != "deleted" else ""
        by = "" if self.user_id else f" [{self.source}]"
        return f"{self.action}{': ' + fields if fields else ''}{by}"


def next_scheduled_publication(now):
    """The earliest publication time still to come, of any publishable row or
    public version: the page cache moves on to a new generation then
    (registered in apps.py)."""
    moments = []
    for model in apps.get_models():
        if issubclass(model, Publishable):
            due = model._base_manager.filter(publication_state__in=PUBLIC_STATES, published_at__gt=now).aggregate(
                due=models.Min("published_at")
            )["due"]
            if due:
                moments.append(due)
    # A version recorded ahead is listed (history, feeds, sitemap) from its time.
    ahead = PublicVersion.objects.filter(published_at__gt=now).aggregate(due=models.Min("published_at"))["due"]
    return min([*moments, *([ahead] if ahead else [])], default=None)


class ProposalState(models.TextChoices):
    OPEN = "open", _("Waiting for review")
    SENT_BACK = "sent_back", _("Sent back")
    APPROVED = "approved", _("Approved")


OPEN_PROPOSAL_STATES = (ProposalState.OPEN, ProposalState.SENT_BACK)


class ProposalQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_PROPOSAL_STATES)

    def waiting(self):
        return self.filter(state=ProposalState.OPEN)

    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class Proposal(models.Model):
    """An Editor's change to a published item, kept until a Publisher approves
    it (a new public version) or sends it back: the item's change page as the
    Editor posted it, and the files uploaded with it (publishing/proposals.py)."""

    # Staff work in progress: the public sees nothing of it; the item's own trail records
    # "proposed", "approved" and "sent back".
    affects_public_pages = False
    audited = False

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("type"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    object_repr = models.CharField(_("object"), max_length=300)
    state = models.CharField(
        _("state"), max_length=16, choices=ProposalState.choices, default=ProposalState.OPEN, db_index=True
    )
    # The change page's form as the browser sent it ({name: [values]}), and the files
    # uploaded with it ({input name: {"path": stored name, "name": uploaded name}}).
    data = models.JSONField(_("proposed form"), default=dict)
    files = models.JSONField(_("uploaded files"), default=dict, blank=True)
    # How many times it was saved (by the Editors who made it).
    rounds = models.PositiveIntegerField(_("rounds"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("changed by")
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    comment = models.TextField(_("Publisher's comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")
        ordering = ["created_at", "pk"]
        constraints = [
            # One open proposal per item: a second Editor continues the first one's.
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(state__in=["open", "sent_back"]),
                name="one_open_proposal_per_item",
            ),
        ]

    def __str__(self):
        return self.object_repr

    @property
    def item(self):
        return self.content_type.model_class()._base_manager.filter(pk=self.object_id).first()

    def get_admin_url(self):
        return reverse("admin:publishing_proposal_change", args=[self.pk])


def own_publication_field():
    """A row under an item (a milestone under its commitment) follows the item's
    publication, state and time, unless it is published on its own on purpose."""
    return models.BooleanField(
        _("published on its own"),
        default=False,
        help_text=_(
            "Unticked, the row is submitted, published and scheduled together with its commitment. "
            "Tick it only to hold the row back or give it its own state and time."
        ),
    )


# The ledger keeps its own module; Django finds models through this one.
from .ledger import LedgerEntry  # noqa: E402, F401
