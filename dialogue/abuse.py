"""Spam defences that need no third party and no JavaScript: a signed
"form started" time (minimum fill time), a honeypot field, a cap on links
(see forms.py) and a per-IP rate limit stored in the database, so it holds
across all app processes.

The IP address is never stored: only an HMAC of it keyed with SECRET_KEY.
The client is found as for the login lockout (bialystok_hrc.addresses.client_ip,
configured by TRUSTED_PROXY_COUNT).
"""

import time
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.crypto import salted_hmac

from bialystok_hrc.addresses import client_ip

from .models import Attempt

STARTED_SALT = "dialogue.form-started"


def sign_started(at=None):
    """The hidden field's value: the time the form was shown, signed."""
    return signing.dumps(int(time.time() if at is None else at), salt=STARTED_SALT)


def seconds_since_started(value):
    """Seconds since the form was shown, or None if the value was tampered with."""
    try:
        started = signing.loads(value or "", salt=STARTED_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(started, int):
        return None
    return time.time() - started


def client_key(request):
    return salted_hmac("dialogue.rate-limit", client_ip(request), algorithm="sha256").hexdigest()


def window_start():
    return timezone.now() - timedelta(seconds=settings.FEEDBACK_RATE_WINDOW_SECONDS)


def is_limited(request, scope):
    """True once this client made FEEDBACK_RATE_LIMIT accepted submissions in the window."""
    Attempt.objects.filter(at__lt=window_start()).delete()  # nothing kept beyond the window
    recent = Attempt.objects.filter(scope=scope, client=client_key(request), at__gte=window_start())
    return recent.count() >= settings.FEEDBACK_RATE_LIMIT


def count(request, scope):
    Attempt.objects.create(scope=scope, client=client_key(request))
