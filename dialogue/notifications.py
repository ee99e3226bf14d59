"""Sending notifications of major versions, outside any web request (run by
the ``send_notifications`` command, e.g. every five minutes).

Exactly once: for each (subscription, version) pair a Delivery row is
inserted first (a unique constraint makes a second insert a no-op); each
unsent row is then locked while it is sent (``skip_locked``: a concurrent run
moves on to other rows) and marked sent in the same transaction. A failed
send is recorded and retried by the next run, up to MAX_ATTEMPTS times."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import emails
from .models import Delivery, Feedback, Subscription

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# The request that stored a feedback message notifies staff itself; the
# command only retries what is older than this, so the two never race.
STAFF_RETRY_AFTER = timedelta(minutes=5)


def delete_expired_requests():
    """Unconfirmed subscriptions are deleted once their confirmation link has expired."""
    cutoff = timezone.now() - timedelta(seconds=settings.SUBSCRIPTION_CONFIRM_MAX_AGE_SECONDS)
    deleted, _detail = Subscription.objects.unconfirmed_before(cutoff).delete()
    return deleted


def plan_deliveries():
    """A Delivery row for every version each confirmed subscriber has yet to hear about."""
    planned = 0
    for subscription in Subscription.objects.confirmed().select_related("commitment"):
        rows = [Delivery(subscription=subscription, version=version) for version in subscription.versions_to_notify()]
        if rows:
            Delivery.objects.bulk_create(rows, ignore_conflicts=True)
            planned += len(rows)
    return planned


def send_pending():
    sent = failed = 0
    pending = Delivery.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True)
    for pk in list(pending):
        with transaction.atomic():
            delivery = (
                Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("subscription__commitment", "version")
                .filter(pk=pk, sent_at__isnull=True)
                .first()
            )
            if delivery is None:  # sent or being sent by a concurrent run
                continue
            try:
                emails.version_notice(delivery).send()
            except Exception as error:  # any backend failure: record it and retry next run
                log.exception("Notification %s failed.", pk)
                Delivery.objects.filter(pk=pk).update(attempts=F("attempts") + 1, last_error=str(error)[:1000])
                failed += 1
                continue
            Delivery.objects.filter(pk=pk).update(sent_at=timezone.now(), attempts=F("attempts") + 1, last_error="")
            sent += 1
    return sent, failed


def retry_staff_notifications():
    if not settings.DIALOGUE_NOTIFY_EMAILS:
        return 0
    stale = Feedback.objects.staff_not_notified().filter(submitted_at__lt=timezone.now() - STAFF_RETRY_AFTER)
    return sum(emails.notify_staff(feedback) for feedback in stale.select_related("commitment"))


def run():
    return {
        "expired_requests_deleted": delete_expired_requests(),
        "planned": plan_deliveries(),
        **dict(zip(("sent", "failed"), send_pending(), strict=True)),
        "staff_notified": retry_staff_notifications(),
    }
