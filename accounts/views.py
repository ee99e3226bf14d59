"""Two-factor sign-in for staff: enrol an authenticator app (TOTP), with an
enrolment code from a superuser, or enter its code."""

import base64
import io
import math

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from .forms import EnrolmentCodeForm, TokenForm
from .models import EnrolmentCode

# The session remembers which enrolment code the person gave, until the device is confirmed.
ENROLMENT_SESSION_KEY = "accounts.enrolment_code"


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def device_to_enrol(user):
    """The device being set up. A new key each time a code is accepted, so a key
    shown before (to anyone) is never the one confirmed."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, confirmed=False, name=_("Authenticator app"))


def enrolment_code_in_session(request):
    pk = request.session.get(ENROLMENT_SESSION_KEY)
    return EnrolmentCode.objects.usable().filter(pk=pk, user=request.user).first() if pk else None


def qr_code_data_uri(text):
    """The QR code as an SVG image drawn here (the `qrcode` library), not by a third party."""
    svg = io.BytesIO()
    write_qrcode_image(text, svg)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.getvalue()).decode()


@never_cache
@staff_member_required
def two_factor(request):
    """Asks for the authenticator's code; a person without a device first gives
    an enrolment code (EnrolmentCode), then sets the app up."""
    device = confirmed_device(request.user)
    if device is None:
        code = enrolment_code_in_session(request)
        if code is None:
            return enrolment_code(request)
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first() or device_to_enrol(request.user)
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        if not device.confirmed:
            del request.session[ENROLMENT_SESSION_KEY]
            if not code.spend():  # used in another tab, or expired, a moment ago
                return redirect(request.get_full_path())
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            messages.success(request, _("Your authenticator app is set up. It will be asked for at every sign-in."))
        otp_login(request, device)
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
            target = reverse("admin:index")
        return redirect(target)
    context = {
        **admin.site.each_context(request),
        "title": _("Two-step sign-in") if device.confirmed else _("Set up two-step sign-in"),
        "form": form,
        "device": device,
    }
    if not device.confirmed:
        context["qr_code"] = qr_code_data_uri(device.config_url)
        context["secret"] = base64.b32encode(device.bin_key).decode()
        context["config_url"] = device.config_url
    return render(request, "accounts/two_factor.html", context)


def enrolment_code(request):
    """The first step of setting up: the code a superuser issued to this account."""
    form = EnrolmentCodeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        request.session[ENROLMENT_SESSION_KEY] = form.enrolment_code.pk
        device_to_enrol(request.user)
        return redirect(request.get_full_path())
    context = {**admin.site.each_context(request), "title": _("Set up two-step sign-in"), "form": form}
    return render(request, "accounts/enrolment_code.html", context)


def lockout(request, original_response=None, credentials=None):
    """What django-axes answers while sign-in is blocked (AXES_LOCKOUT_CALLABLE):
    a page in the site's language saying what happened and how long to wait."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": math.ceil(cool_off.total_seconds() / 60),
    }
    response = render(request, "accounts/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
