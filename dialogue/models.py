"""Residents' dialogue: feedback on commitments (moderated, with public
answers) and e-mail subscriptions to changes, with their deliveries.

Personal data are kept to what each purpose needs: an address is stored only
with consent and deleted on unsubscribe; the rate limit stores a keyed hash of
the visitor's IP address, never the address itself, and only for its window.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment
from publishing.audit import AuditedQuerySet
from publishing.models import PublicVersion, now

LANGUAGE_CHOICES = settings.LANGUAGES


def new_key():
    """32 URL-safe characters (24 random bytes)."""
    return secrets.token_urlsafe(24)


class FeedbackState(models.TextChoices):
    NEW = "new", _("New")
    ANSWERED = "answered", _("Answered")
    PUBLISHED = "published", _("Answer published")
    REJECTED = "rejected", _("Rejected")


class FeedbackQuerySet(AuditedQuerySet):
    def published(self):
        """Answers the public may see, newest first."""
        return self.filter(state=FeedbackState.PUBLISHED, published_at__lte=now(), commitment__isnull=False).order_by(
            "-published_at", "-pk"
        )

    def new(self):
        return self.filter(state=FeedbackState.NEW)

    def staff_not_notified(self):
        return self.filter(staff_notified_at__isnull=True)


class Feedback(models.Model):
    """A resident's message, about one commitment or general (no commitment)."""

    # The audit trail records that these changed, never what they said: it must
    # not keep a copy of personal data after the message is erased.
    audit_private_fields = ("message", "name", "email")

    # Published commitments are never deleted; if demonstration content is
    # removed, its feedback stays, as general feedback.
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("commitment"),
        help_text=_("Empty for general feedback. An answer can only be published under a commitment."),
    )
    message = models.TextField(_("message"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail for a reply"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES, default="pl")
    consent_at = models.DateTimeField(_("consent given at"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    staff_notified_at = models.DateTimeField(_("staff notified at"), null=True, blank=True)

    state = models.CharField(
        _("state"), max_length=16, choices=FeedbackState.choices, default=FeedbackState.NEW, db_index=True
    )
    internal_note = models.TextField(_("internal note"), blank=True, help_text=_("Only for staff; never public."))
    public_message = models.TextField(
        _("message as published"),
        blank=True,
        help_text=_(
            "Shown above the published answer instead of the message, e.g. shortened or without personal "
            "data. Empty: the message as sent. The name and e-mail are never published."
        ),
    )
    answer = models.TextField(_("answer"), blank=True)
    answer_language = models.CharField(
        _("language of the answer"), max_length=8, choices=LANGUAGE_CHOICES, default="pl"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    published_at = models.DateTimeField(_("answer published at"), null=True, blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback message")
        verbose_name_plural = _("feedback messages")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        text = " ".join(self.message.split())
        return text[:60] + ("…" if len(text) > 60 else "")

    @property
    def shown_message(self):
        return self.public_message or self.message


class SubscriptionQuerySet(AuditedQuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed_before(self, moment):
        return self.filter(confirmed_at__isnull=True, created_at__lt=moment)


class Subscription(models.Model):
    """An address following one commitment, or every major change (no commitment).
    Double opt-in: it receives nothing until ``confirmed_at`` is set."""

    # Never shown on public pages: saving one must not empty the page cache.
    affects_public_pages = False
    # Deleted on unsubscribe: the audit trail keeps no copy of the address.
    audit_private_fields = ("email",)

    email = models.EmailField(_("e-mail"))
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("commitment"),
        help_text=_("Empty: all major changes on the portal."),
    )
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES, default="pl")
    # A random key identifies the subscription in signed links, so no address
    # or database id appears in a URL.
    key = models.CharField(max_length=32, unique=True, default=new_key, editable=False)
    consent_at = models.DateTimeField(_("consent given at"))
    created_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["-created_at", "-pk"]
        # Addresses are personal data that most staff never need: Publishers see them, to act on a
        # request to erase one (dialogue/publishable.py); Editors see what is followed, not by whom.
        permissions = [("view_subscriber_email", _("Can see subscribers' e-mail addresses"))]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "commitment"], condition=models.Q(commitment__isnull=False), name="one_per_commitment"
            ),
            models.UniqueConstraint(
                fields=["email"], condition=models.Q(commitment__isnull=True), name="one_for_all_changes"
            ),
        ]

    def __str__(self):
        return str(self.commitment or _("all major changes"))

    def versions_to_notify(self):
        """Major public versions of what this subscription follows, published
        after it was confirmed, that have no delivery yet."""
        if self.confirmed_at is None:
            return PublicVersion.objects.none()
        versions = PublicVersion.objects.public().filter(is_major=True, published_at__gte=self.confirmed_at)
        if self.commitment_id is not None:
            versions = versions.for_object(self.commitment)
        return versions.exclude(dialogue_deliveries__subscription=self).order_by("published_at", "pk")


class Delivery(models.Model):
    """One notification of one version to one subscription. The unique pair,
    written before sending, is what makes every notification go out once,
    however often and however concurrently the command runs."""

    affects_public_pages = False
    audited = False  # machine bookkeeping: the version and the subscription are the record

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    version = models.ForeignKey(PublicVersion, on_delete=models.PROTECT, related_name="dialogue_deliveries")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["subscription", "version"], name="one_delivery_per_version")]

    def __str__(self):
        return f"{self.version} → {self.subscription_id}"


class Attempt(models.Model):
    """An accepted form submission, for the per-IP rate limit. ``client`` is an
    HMAC of the IP address keyed with SECRET_KEY: not reversible, and rows are
    pruned once they are older than the window."""

    affects_public_pages = False
    audited = False  # machine bookkeeping, pruned after its window

    scope = models.CharField(max_length=16)
    client = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["scope", "client", "at"])]

    def __str__(self):
        return f"{self.scope} {self.at:%Y-%m-%d %H:%M}"


class RateLimitLock(models.Model):
    """One row per form and client (the same HMAC as ``Attempt.client``), held
    locked while that client's recent submissions are counted and a new one
    recorded, so parallel posts are counted one after another. Pruned with the
    attempts, once the client has sent nothing for a window."""

    affects_public_pages = False
    audited = False  # machine bookkeeping, pruned after its window

    scope = models.CharField(max_length=16)
    client = models.CharField(max_length=64)
    last_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "client"], name="one_rate_limit_lock_per_client")]

    def __str__(self):
        return f"{self.scope} {self.last_at:%Y-%m-%d %H:%M}"


class UsedFormToken(models.Model):
    """The random nonce of a "form shown" token whose submission was accepted:
    each token is accepted once (a double click, the back button, a script
    replaying one token). Kept in the database, not the cache: it is shared by
    every replica for certain, never evicted, and written in the transaction
    that stores the submission. Pruned once the token has expired anyway."""

    affects_public_pages = False
    audited = False  # machine bookkeeping, pruned when the token expires

    nonce = models.CharField(max_length=32, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.nonce
