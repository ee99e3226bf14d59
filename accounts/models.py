"""One-time enrolment codes: the second proof, besides the password, that the
person setting up an authenticator app on an account is its owner. Without it
a stolen password would be enough to enrol the thief's own phone, and with
STAFF_REQUIRE_2FA the second factor would protect nothing."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _

from publishing.audit import AuditedQuerySet

# No 0/O, 1/I/L: the code is read out or copied by hand. 12 of 32 characters: 60 bits,
# far beyond guessing online before it expires.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 12


def normalise(code):
    """What the person typed, without the spaces, dashes and case that do not matter."""
    return "".join(character for character in code.upper() if character.isalnum())


def digest(code):
    """The stored form. A plain SHA-256 suffices: the code is random and long,
    so it cannot be found from its hash by trying likely codes."""
    return hashlib.sha256(normalise(code).encode()).hexdigest()


class EnrolmentCodeQuerySet(AuditedQuerySet):
    def usable(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class EnrolmentCode(models.Model):
    """Issued by a superuser (admin action on users, or ``manage.py
    issue_enrolment_code``), shown once, stored only as a hash; it expires
    after STAFF_ENROLMENT_CODE_HOURS and is spent when the device is confirmed."""

    affects_public_pages = False
    audit_private_fields = ("code_hash",)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_codes", verbose_name=_("account")
    )
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    objects = EnrolmentCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment code")
        verbose_name_plural = _("enrolment codes")
        ordering = ["-issued_at", "-pk"]

    def __str__(self):
        return f"{self.user} {self.issued_at:%Y-%m-%d %H:%M}"

    @classmethod
    def issue(cls, user, issued_by=None):
        """A new code for ``user``, returned once as text; earlier unused ones stop working."""
        now = timezone.now()
        cls.objects.usable().filter(user=user).update(expires_at=now)
        code = get_random_string(LENGTH, ALPHABET)
        expires_at = now + timedelta(hours=settings.STAFF_ENROLMENT_CODE_HOURS)
        cls.objects.create(user=user, code_hash=digest(code), issued_by=issued_by, issued_at=now, expires_at=expires_at)
        return "-".join(code[start : start + 4] for start in range(0, LENGTH, 4)), expires_at

    @classmethod
    def find(cls, user, code):
        """The usable code ``code`` of ``user``, or None."""
        return cls.objects.usable().filter(user=user, code_hash=digest(code)).first()

    def spend(self):
        """Marks the code used. False if it was used or expired meanwhile: the
        conditional update makes it single-use even for two tabs at once."""
        return EnrolmentCode.objects.usable().filter(pk=self.pk).update(used_at=timezone.now()) == 1
