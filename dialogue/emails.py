"""Every e-mail the dialogue sends. Each is rendered in its reader's
language, and each one to a subscriber carries a one-click unsubscribe link
(also as List-Unsubscribe headers, RFC 8058). Sending never raises into a
visitor's request: a failure is logged and retried by ``send_notifications``."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from bialystok_hrc.addresses import absolute_url
from languages.translated import in_language, translated

from . import tokens

log = logging.getLogger(__name__)


def _message(subject, template, context, to, headers=None):
    body = render_to_string(template, context)
    # A subject is one line, whatever a title contains.
    return EmailMessage(" ".join(str(subject).split()), body, to=to, headers=headers or {})


def notify_staff(feedback, request=None):
    """Tell staff about new feedback. Returns True if the e-mail went out."""
    recipients = settings.DIALOGUE_NOTIFY_EMAILS
    if not recipients:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        link = absolute_url(reverse("admin:dialogue_feedback_change", args=[feedback.pk]), request)
        subject = translation.gettext("New feedback on the portal: %(about)s") % {
            "about": feedback.commitment or translation.gettext("general")
        }
        message = _message(subject, "dialogue/email/staff_notice.txt", {"feedback": feedback, "link": link}, recipients)
    try:
        message.send()
    except Exception:
        log.exception("Staff notification for feedback %s failed; send_notifications will retry.", feedback.pk)
        return False
    type(feedback).objects.filter(pk=feedback.pk).update(staff_notified_at=timezone.now())
    return True


def _unsubscribe(subscription, request=None):
    url = absolute_url(reverse("dialogue:unsubscribe", args=[tokens.unsubscribe_token(subscription)]), request)
    return url, {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def send_confirmation(subscription, request=None):
    """The double opt-in e-mail. Returns True if it went out."""
    with translation.override(subscription.language):
        confirm = absolute_url(reverse("dialogue:confirm", args=[tokens.confirm_token(subscription)]), request)
        unsubscribe, headers = _unsubscribe(subscription, request)
        context = {
            "subscription": subscription,
            "what": _followed(subscription),
            "confirm_url": confirm,
            "unsubscribe_url": unsubscribe,
            "days": settings.SUBSCRIPTION_CONFIRM_MAX_AGE_SECONDS // 86400,
        }
        subject = translation.gettext("Confirm your subscription: %(what)s") % {"what": context["what"]}
        message = _message(subject, "dialogue/email/confirm.txt", context, [subscription.email], headers)
    try:
        message.send()
    except Exception:
        log.exception("Confirmation e-mail for subscription %s failed.", subscription.pk)
        return False
    return True


def version_notice(delivery):
    """The e-mail announcing one major version to one subscriber (not sent here)."""
    subscription, version = delivery.subscription, delivery.version
    language = subscription.language
    with translation.override(language):
        title = _snapshot_text(version.snapshot, language)
        note = translated(version, "change_note", language)
        unsubscribe, headers = _unsubscribe(subscription)
        context = {
            "title": title,
            "version": version,
            "note": note,
            "version_url": absolute_url(version.get_absolute_url()),
            "unsubscribe_url": unsubscribe,
            "what": _followed(subscription),
        }
        subject = translation.gettext("Changed: %(title)s (version %(number)s)") % {
            "title": title,
            "number": version.number,
        }
        return _message(subject, "dialogue/email/version.txt", context, [subscription.email], headers)


def _followed(subscription):
    if subscription.commitment_id is None:
        return translation.gettext("all major changes on the portal")
    commitment = subscription.commitment
    return f"{commitment.reference or ''} {translated(commitment, 'title')}".strip()


def _snapshot_text(snapshot, language):
    """The title (or name) stored in a version's snapshot, in the language or in Polish."""
    for field in ("title", "name"):
        texts = snapshot.get(field)
        if isinstance(texts, dict):
            return in_language(texts, language).value
    return ""
