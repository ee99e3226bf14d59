"""Spam defences that need no third party and no JavaScript: a signed
"form shown" token (minimum fill time, maximum age, used once), a honeypot
field, a cap on links (see forms.py) and a per-IP rate limit stored in the
database, so it holds across all app processes and replicas.

The IP address is never stored: only an HMAC of it keyed with SECRET_KEY.
The client is found as for the login lockout (bialystok_hrc.addresses.client_ip,
configured by TRUSTED_PROXY_COUNT).
"""

import contextlib
import secrets
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from bialystok_hrc.addresses import client_ip

from .models import Attempt, RateLimitLock, UsedFormToken

STARTED_SALT = "dialogue.form-started"


# The "form shown" token ------------------------------------------------------------


def sign_started(at=None):
    """The hidden field's value: the time the form was shown and a random
    nonce, signed. The nonce tells apart two forms shown in the same second
    (to different residents), since each token is accepted once."""
    shown = int(time.time() if at is None else at)
    return signing.dumps([shown, secrets.token_urlsafe(12)], salt=STARTED_SALT)


def read_started(value):
    """(time shown, nonce) from a token, or None if it was tampered with."""
    try:
        payload = signing.loads(value or "", salt=STARTED_SALT)
    except signing.BadSignature:
        return None
    match payload:
        case [int() as shown, str() as nonce]:
            return shown, nonce
    return None


def seconds_since_started(value):
    """Seconds since the form was shown, or None if the value was tampered with."""
    started = read_started(value)
    return None if started is None else time.time() - started[0]


# Admission: the token used once and the rate limit, atomically with the insert ------


class Refused(Exception):
    """A valid form that cannot be accepted now; ``message`` tells the resident why."""

    def __init__(self, message, status):
        super().__init__(message)
        self.message = message
        self.status = status


def client_key(request):
    return salted_hmac("dialogue.rate-limit", client_ip(request), algorithm="sha256").hexdigest()


def window_start():
    return timezone.now() - timedelta(seconds=settings.FEEDBACK_RATE_WINDOW_SECONDS)


@contextlib.contextmanager
def admission(request, scope, started):
    """Admits one submission of the form ``scope`` whose token is ``started``,
    and runs the block, which stores it, in the same transaction.

    Raises Refused when the token was already used or the client has reached
    FEEDBACK_RATE_LIMIT accepted submissions in the window; then nothing is
    recorded. Because the token, the count and what the block stores commit
    together, a token is spent, and a submission counted, only if it was kept.
    """
    _prune()
    with transaction.atomic():
        _use_token(started)
        _count(request, scope)
        yield


def _prune():
    """Nothing is kept beyond its window: old counts and tokens that have expired anyway.
    Outside the admission's transaction, so its row locks are held no longer than needed."""
    now = timezone.now()
    Attempt.objects.filter(at__lt=window_start()).delete()
    RateLimitLock.objects.filter(last_at__lt=window_start()).delete()
    UsedFormToken.objects.filter(expires_at__lt=now).delete()


def _use_token(started):
    """Records the token's nonce. The unique column makes this atomic across
    processes and replicas: of two posts of one token at the same moment, the
    database makes the second wait for the first and then refuses it."""
    shown, nonce = read_started(started)
    expires_at = datetime.fromtimestamp(shown, tz=UTC) + timedelta(seconds=settings.FEEDBACK_FORM_MAX_AGE_SECONDS)
    try:
        with transaction.atomic():
            UsedFormToken.objects.create(nonce=nonce, expires_at=expires_at)
    except IntegrityError:
        raise Refused(
            _(
                "This form has already been sent once, so we did not accept it a second time. "
                "Your text is still below: if you want to send it again, press the button once more."
            ),
            status=409,
        ) from None


def _count(request, scope):
    """Counts the client's recent submissions and records this one, one request
    at a time per client: the client's lock row is held (SELECT … FOR UPDATE)
    from the count to the commit, so parallel posts cannot all see room for one
    more. On SQLite (development) the database has a single writer anyway."""
    client = client_key(request)
    lock, _created = RateLimitLock.objects.select_for_update().get_or_create(scope=scope, client=client)
    recent = Attempt.objects.filter(scope=scope, client=client, at__gte=window_start())
    if recent.count() >= settings.FEEDBACK_RATE_LIMIT:
        raise Refused(
            _(
                "You have sent several forms in a short time, so we cannot accept another one just now. "
                "Your text is still below: please try again in an hour."
            ),
            status=429,
        )
    Attempt.objects.create(scope=scope, client=client)
    lock.last_at = timezone.now()
    lock.save(update_fields=["last_at"])
