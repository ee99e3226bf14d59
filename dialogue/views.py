"""Public views of the dialogue. Every one renders a form or a per-visitor
result, so all are ``never_cache`` (the shared page cache must never keep
them). The forms are anonymous, so they are CSRF-exempt: there is no session
for a forged request to ride on, and the public site stays free of cookies.
Cross-site posting is still refused by the Origin check below, and each form
carries its own signed token (the "started" field), valid for
FEEDBACK_FORM_MAX_AGE_SECONDS and accepted once (abuse.admission)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from commitments.models import Commitment
from languages.translated import active_language

from . import abuse, emails, tokens
from .forms import FeedbackForm, SubscriptionForm
from .models import Feedback, Subscription

public_form = [never_cache, csrf_exempt, require_http_methods(["GET", "HEAD", "POST"])]


def decorate(view):
    for decorator in reversed(public_form):
        view = decorator(view)
    return view


def _cross_site(request):
    """A browser names the site a POST comes from; refuse other sites', and the
    opaque origin "null" that a sandboxed frame on any site sends. A request with
    no Origin at all (an old browser, a script) still faces the signed token."""
    origin = request.headers.get("Origin")
    return origin is not None and (origin == "null" or urlsplit(origin).netloc != request.get_host())


def _commitment(slug):
    if slug is None:
        return None
    return get_object_or_404(Commitment.objects.visible(), slug=slug)


@decorate
def feedback(request, slug=None):
    commitment = _commitment(slug)
    status = 200
    if request.method == "POST":
        if _cross_site(request):
            return HttpResponseForbidden()
        form = FeedbackForm(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                # Stored first, in its own transaction with the spent token and the
                # rate count: whatever happens to the e-mail afterwards, the message is kept.
                with abuse.admission(request, "feedback", data["started"]):
                    item = Feedback.objects.create(
                        commitment=commitment,
                        message=data["message"],
                        name=data["name"].strip(),
                        email=data["email"],
                        language=active_language(),
                        consent_at=timezone.now(),
                    )
            except abuse.Refused as refusal:
                form.refuse(refusal)
                status = refusal.status
            else:
                emails.notify_staff(item, request)
                thanks = reverse("dialogue:commitment_feedback_sent", args=[slug]) if commitment else None
                return redirect(thanks or reverse("dialogue:feedback_sent"))
    else:
        form = FeedbackForm()
    return render(request, "dialogue/feedback_form.html", {"form": form, "commitment": commitment}, status=status)


@never_cache
def feedback_sent(request, slug=None):
    return render(request, "dialogue/feedback_sent.html", {"commitment": _commitment(slug)})


@decorate
def follow(request, slug=None):
    commitment = _commitment(slug)
    status = 200
    if request.method == "POST":
        if _cross_site(request):
            return HttpResponseForbidden()
        form = SubscriptionForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                with abuse.admission(request, "follow", form.cleaned_data["started"]):
                    subscription = _request_subscription(form.cleaned_data["email"], commitment)
            except abuse.Refused as refusal:
                form.refuse(refusal)
                status = refusal.status
            else:
                if subscription.confirmed_at is None:
                    emails.send_confirmation(subscription, request)
                # The same answer whether or not the address was already subscribed,
                # so the form reveals nothing about anyone's subscriptions.
                sent = reverse("dialogue:commitment_follow_sent", args=[slug]) if commitment else None
                return redirect(sent or reverse("dialogue:follow_sent"))
    else:
        form = SubscriptionForm()
    context = {"form": form, "commitment": commitment, "days": _confirm_days()}
    return render(request, "dialogue/follow_form.html", context, status=status)


def _request_subscription(email, commitment):
    fields = {"language": active_language(), "consent_at": timezone.now(), "created_at": timezone.now()}
    existing = Subscription.objects.filter(email__iexact=email, commitment=commitment).first()
    if existing is not None:
        if existing.confirmed_at is None:
            # A new request restarts the confirmation period, in the language used now.
            for name, value in fields.items():
                setattr(existing, name, value)
            existing.save()
        return existing
    try:
        with transaction.atomic():
            return Subscription.objects.create(email=email, commitment=commitment, **fields)
    except IntegrityError:  # the same address, sent twice at once
        return Subscription.objects.get(email=email, commitment=commitment)


@never_cache
def follow_sent(request, slug=None):
    return render(request, "dialogue/follow_sent.html", {"commitment": _commitment(slug), "days": _confirm_days()})


def _confirm_days():
    return settings.SUBSCRIPTION_CONFIRM_MAX_AGE_SECONDS // 86400


def _token_problem(request, error):
    expired = isinstance(error, tokens.ExpiredToken)
    return render(request, "dialogue/link_problem.html", {"expired": expired}, status=400)


@never_cache
@csrf_exempt  # the signed token in the URL is what authorises the request; no cookie is needed
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET shows a button, POST confirms: mail scanners that open links must not subscribe anyone."""
    try:
        key = tokens.key_from_confirm_token(token)
    except tokens.InvalidToken as error:
        return _token_problem(request, error)
    subscription = Subscription.objects.select_related("commitment").filter(key=key).first()
    if subscription is None:
        return _token_problem(request, tokens.InvalidToken())
    if request.method == "POST" and subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    done = subscription.confirmed_at is not None
    return render(request, "dialogue/confirm.html", {"subscription": subscription, "done": done})


@never_cache
@csrf_exempt  # RFC 8058: the mail client's one-click POST carries no CSRF token
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET shows a button; POST (the button, or a mail client's one-click
    request) deletes the subscription, and with it the address."""
    try:
        key = tokens.key_from_unsubscribe_token(token)
    except tokens.InvalidToken as error:
        return _token_problem(request, error)
    subscription = Subscription.objects.select_related("commitment").filter(key=key).first()
    if request.method == "POST":
        if subscription is not None:
            subscription.delete()
        return render(request, "dialogue/unsubscribed.html")
    return render(request, "dialogue/unsubscribe.html", {"subscription": subscription})
