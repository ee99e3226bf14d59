import math

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import EnrolmentCode


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the authenticator app"),
        min_length=6,
        max_length=8,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        error_messages={
            "required": _("Enter the 6-digit code shown in your authenticator app."),
            "min_length": _("The code has 6 digits."),
            "max_length": _("The code has 6 digits."),
        },
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        allowed, details = self.device.verify_is_allowed()
        if not allowed:
            # django-otp slows guessing down: each wrong code doubles the wait before the next try.
            seconds = max(1, math.ceil((details["locked_until"] - timezone.now()).total_seconds()))
            raise forms.ValidationError(
                _("A wrong code was entered just before. Wait %(seconds)s s, then enter the current code."),
                params={"seconds": seconds},
            )
        if not self.device.verify_token(token):
            raise forms.ValidationError(
                _("This code is not correct. Enter the code your app shows now (check the time on your phone).")
            )
        return token


class EnrolmentCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Enrolment code"),
        max_length=40,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "autofocus": True}),
        error_messages={"required": _("Enter the enrolment code you were given.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.enrolment_code = None

    def clean_code(self):
        self.enrolment_code = EnrolmentCode.find(self.user, self.cleaned_data["code"])
        if self.enrolment_code is None:
            raise forms.ValidationError(
                _(
                    "This enrolment code is not valid: it may be mistyped, already used or expired. "
                    "Ask a superuser for a new one."
                )
            )
        return self.cleaned_data["code"]
