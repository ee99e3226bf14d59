"""Notifications of major versions to confirmed subscribers: exactly one
e-mail per subscriber and version, in the subscriber's language, none for a
minor change, nothing twice however often the command runs."""

import io
import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from dialogue import notifications, tokens
from dialogue.models import Delivery, Subscription
from publishing import versions

from . import factories

# Sending claims rows with SELECT … FOR UPDATE SKIP LOCKED and records them with
# bulk_create(ignore_conflicts=True): SQL that differs between the two databases.
pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://portal.example.org"


@pytest.fixture
def commitment(official):
    item = factories.commitment(
        slug="punkt-porad",
        title_pl="Punkt porad prawnych",
        title_en="Legal advice point",
        title_uk="Пункт правових консультацій",
    )
    versions.record(item)  # version 1, before anyone subscribed
    return item


def subscribe(email, commitment=None, language="pl", confirmed=True):
    """Confirmed now: after the official content and version 1 were published."""
    now = timezone.now()
    return Subscription.objects.create(
        email=email,
        commitment=commitment,
        language=language,
        consent_at=now,
        created_at=now,
        confirmed_at=now if confirmed else None,
    )


def change(commitment, *, major=True, note=None):
    commitment.summary_pl += " Zmiana."
    commitment.save()
    return versions.record(commitment, major=major, note=note)


def run():
    out = io.StringIO()
    call_command("send_notifications", stdout=out)
    return out.getvalue()


NOTE = {"pl": "Wydłużono godziny otwarcia.", "en": "Opening hours extended.", "uk": "Подовжено години роботи."}


def test_major_version_sends_exactly_one_email_per_confirmed_subscriber_in_their_language(commitment):
    polish = subscribe("pl@example.org", commitment, "pl")
    english = subscribe("en@example.org", commitment, "en")
    everything = subscribe("uk@example.org", None, "uk")
    subscribe("unconfirmed@example.org", commitment, "pl", confirmed=False)
    other = factories.commitment(slug="inne")
    subscribe("other@example.org", other, "pl")
    version = change(commitment, note=NOTE)
    assert version.number == 2 and version.is_major

    run()
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["en@example.org", "pl@example.org", "uk@example.org"]
    assert len(mail.outbox) == 3

    pl, en, uk = by_address["pl@example.org"], by_address["en@example.org"], by_address["uk@example.org"]
    assert pl.subject == "Zmiana: Punkt porad prawnych (wersja 2)"
    assert "Wydłużono godziny otwarcia." in pl.body and "Co się zmieniło:" in pl.body
    assert en.subject == "Changed: Legal advice point (version 2)"
    assert "Opening hours extended." in en.body and "Wydłużono" not in en.body
    assert "https://portal.example.org/en/wersje/zobowiazanie/" in en.body
    assert uk.subject == "Зміна: Пункт правових консультацій (версія 2)"
    assert "Подовжено години роботи." in uk.body and "усі суттєві зміни на порталі" in uk.body
    assert "https://portal.example.org/uk/" in uk.body

    for subscription, message in ((polish, pl), (english, en), (everything, uk)):
        [link] = [line for line in message.body.splitlines() if "/obserwuj/wypisz/" in line]
        assert link.startswith("https://portal.example.org/")
        token = link.rstrip("/").rsplit("/", 1)[1]
        assert tokens.key_from_unsubscribe_token(token) == subscription.key
        assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Delivery.objects.filter(sent_at__isnull=False).count() == 3

    # Running again (or concurrently) sends nothing new.
    run()
    assert len(mail.outbox) == 3


def test_change_note_falls_back_to_polish(commitment):
    subscribe("be@example.org", commitment, "be")
    change(commitment, note={"pl": "Tylko po polsku."})
    run()
    [message] = mail.outbox
    assert "Tylko po polsku." in message.body
    assert message.subject.startswith("Змена:")


def test_minor_version_sends_nothing(commitment):
    subscribe("pl@example.org", commitment)
    subscribe("all@example.org")
    version = change(commitment, major=False)
    assert version.number == 2 and not version.is_major
    run()
    assert mail.outbox == []
    assert not Delivery.objects.exists()


def test_versions_before_confirmation_are_not_sent(commitment):
    change(commitment, note=NOTE)
    later = Subscription.objects.create(
        email="late@example.org", commitment=commitment, consent_at=timezone.now(), confirmed_at=timezone.now()
    )
    run()
    assert mail.outbox == []
    change(commitment, note=NOTE)
    run()
    assert [message.to for message in mail.outbox] == [[later.email]]


def test_all_changes_covers_other_kinds_of_content(official):
    from declaration.models import Value

    subscribe("all@example.org", None, "en")
    value = Value.objects.get(slug="rownosc")
    value.name_en = value.name_en + " (revised)"
    value.save()
    version = versions.record(value, major=True, note={"pl": "Poprawka.", "en": "Revised."})
    assert version is not None and version.number > 1
    run()
    [message] = mail.outbox
    assert "(revised)" in message.subject and "Revised." in message.body


def test_failed_send_is_recorded_and_retried_once(commitment, settings):
    subscribe("pl@example.org", commitment)
    change(commitment, note=NOTE)
    settings.EMAIL_BACKEND = "tests.test_dialogue.FailingBackend"
    run()
    delivery = Delivery.objects.get()
    assert delivery.sent_at is None and delivery.attempts == 1 and "unreachable" in delivery.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run()
    run()
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.sent_at is not None and delivery.attempts == 2


def test_a_delivery_planned_by_a_concurrent_run_is_not_sent_twice(commitment):
    """The unique (subscription, version) row is the guard: planning twice adds nothing."""
    subscribe("pl@example.org", commitment)
    change(commitment, note=NOTE)
    notifications.plan_deliveries()
    notifications.plan_deliveries()
    assert Delivery.objects.count() == 1
    assert notifications.send_pending() == (1, 0)
    assert notifications.send_pending() == (0, 0)
    assert len(mail.outbox) == 1


def test_expired_unconfirmed_subscriptions_are_deleted(commitment, settings):
    old = Subscription.objects.create(
        email="old@example.org",
        commitment=commitment,
        consent_at=timezone.now(),
        created_at=timezone.now() - timedelta(seconds=settings.SUBSCRIPTION_CONFIRM_MAX_AGE_SECONDS + 60),
    )
    fresh = subscribe("fresh@example.org", commitment, confirmed=False)
    confirmed = subscribe("confirmed@example.org", commitment)
    Subscription.objects.filter(pk=confirmed.pk).update(created_at=old.created_at)
    assert "expired_requests_deleted: 1" in run()
    assert set(Subscription.objects.values_list("email", flat=True)) == {fresh.email, confirmed.email}


def test_unsubscribed_address_is_deleted_with_its_deliveries(client, commitment):
    subscription = subscribe("pl@example.org", commitment)
    change(commitment, note=NOTE)
    run()
    client.post(reverse("dialogue:unsubscribe", args=[tokens.unsubscribe_token(subscription)]))
    assert not Subscription.objects.exists() and not Delivery.objects.exists()
    change(commitment, note=NOTE)
    run()
    assert len(mail.outbox) == 1


def test_command_refuses_to_run_without_site_url(settings):
    settings.SITE_URL = ""
    with pytest.raises(CommandError, match="SITE_URL"):
        call_command("send_notifications")


class SlowBackend(locmem.EmailBackend):
    """A slow mail server, so two runs overlap while sending."""

    def send_messages(self, messages):
        time.sleep(0.2)
        return super().send_messages(messages)


def run_in_thread(results):
    try:
        results.append(notifications.run())
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_send_each_notification_once(settings):
    """On PostgreSQL two runs really overlap (row locks with SKIP LOCKED keep
    them apart); SQLite cannot write from two threads, so there they run one
    after the other and must still send nothing twice."""
    call_command("load_official_content", stdout=io.StringIO())
    settings.EMAIL_BACKEND = "tests.test_dialogue_notifications.SlowBackend"
    commitment = factories.commitment(slug="rownolegle")
    versions.record(commitment)
    for number in range(4):
        subscribe(f"s{number}@example.org", commitment)
    change(commitment, note=NOTE)
    results = []
    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=run_in_thread, args=(results,)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        results = [notifications.run(), notifications.run()]
    assert len(results) == 2
    assert sorted(message.to[0] for message in mail.outbox) == [f"s{number}@example.org" for number in range(4)]
    assert sum(result["sent"] for result in results) == 4
    assert Delivery.objects.filter(sent_at__isnull=False).count() == 4
