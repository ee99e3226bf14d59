"""Two-factor sign-in for staff: enrol an authenticator app (TOTP) or enter its code."""

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

from .forms import TokenForm


def device_for(user):
    """The person's confirmed device or, while they enrol, the one being set up."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, confirmed=False, defaults={"name": _("Authenticator app")}
        )
    return device


def qr_code_data_uri(text):
    """The QR code as an SVG image drawn here (the `qrcode` library), not by a third party."""
    svg = io.BytesIO()
    write_qrcode_image(text, svg)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.getvalue()).decode()


@never_cache
@staff_member_required
def two_factor(request):
    device = device_for(request.user)
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        if not device.confirmed:
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
