"""Spam defences that need no third party and no JavaScript: a signed
"form started" time (minimum fill time), a honeypot field, a cap on links
(see forms.py) and a per-IP rate limit stored in the database, so it holds
across all app processes.

The IP address is never stored: only an HMAC of it keyed with SECRET_KEY.
REMOTE_ADDR must be the client's address: behind a reverse proxy, the proxy
has to pass it on (e.g. gunicorn's ``forwarded_allow_ips`` with the proxy
setting the real address), because a client-supplied X-Forwarded-For is not
trusted here.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.crypto import salted_hmac

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
    return salted_hmac("dialogue.rate-limit", request.META.get("REMOTE_ADDR", ""), algorithm="sha256").hexdigest()


def window_start():
    return timezone.now() - timedelta(seconds=settings.FEEDBACK_RATE_WINDOW_SECONDS)


def is_limited(request, scope):
    """True once this client made FEEDBACK_RATE_LIMIT accepted submissions in the window."""
    Attempt.objects.filter(at__lt=window_start()).delete()  # nothing kept beyond the window
    recent = Attempt.objects.filter(scope=scope, client=client_key(request), at__gte=window_start())
    return recent.count() >= settings.FEEDBACK_RATE_LIMIT


def count(request, scope):
    Attempt.objects.create(scope=scope, client=client_key(request))
