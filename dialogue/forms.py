"""The public forms. Both share the spam defences (SpamDefences); the view
spends the token and applies the per-IP rate limit once a form is otherwise
valid (abuse.admission)."""

import re

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import abuse

LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


class SpamDefences(forms.Form):
    # Hidden from sighted visitors by CSS, but labelled for anyone who meets it
    # (screen readers, browsers without CSS); bots tend to fill every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    honeypot_fields = ("website",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each rendering starts the clock again, so a form re-shown after an
        # error can be sent once the person has read the message.
        self.fields["started"].initial = abuse.sign_started()

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("This field catches automated spam: leave it empty, then send again."))
        return ""

    def clean_started(self):
        value = self.cleaned_data["started"]
        elapsed = abuse.seconds_since_started(value)
        if elapsed is None:
            raise forms.ValidationError(
                _("We could not check this form. Nothing was lost: please send it again."), code="tampered"
            )
        if elapsed < settings.FEEDBACK_MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _(
                    "Thank you. The form was sent faster than we expected, so to be safe it was not "
                    "accepted yet. Please check it and send it again."
                ),
                code="too_fast",
            )
        if elapsed > settings.FEEDBACK_FORM_MAX_AGE_SECONDS:
            raise forms.ValidationError(
                _(
                    "This form was opened too long ago, so it has expired. "
                    "Your text is still below: please send it again."
                ),
                code="expired",
            )
        return value  # the view spends it (abuse.admission)

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.errors:
            self._renew_token()

    def refuse(self, refusal):
        """Shows the form again with why it was not accepted (abuse.Refused)."""
        self.add_error(None, refusal.message)
        self._renew_token()

    def _renew_token(self):
        # A re-shown form gets a fresh "started" value (see __init__), not the posted one,
        # so it can be sent again once the person has read the message.
        self.data = self.data.copy()
        self.data["started"] = self.fields["started"].initial


class FeedbackForm(SpamDefences):
    message = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write your message.")},
    )
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail (optional)"),
        required=False,
        help_text=_("Only if you would like a reply."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Enter an e-mail address such as name@example.com, or leave it empty.")},
    )
    consent = forms.BooleanField(
        label=_("I agree to the processing of my data to handle this message, as described above."),
        error_messages={"required": _("Tick the consent box: without it we cannot accept the message.")},
    )

    field_order = ["message", "name", "email", "consent", "website", "started"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limit is a setting, so it is applied here rather than at import time.
        limit = settings.FEEDBACK_MAX_LENGTH
        message = self.fields["message"]
        message.max_length = limit
        message.validators.append(MaxLengthValidator(limit))
        message.widget.attrs["maxlength"] = str(limit)
        message.help_text = _("Up to %(count)s characters.") % {"count": limit}

    def clean_message(self):
        # Browsers send line breaks as CRLF; store them as plain newlines.
        message = self.cleaned_data["message"].replace("\r\n", "\n").strip()
        links = len(LINK.findall(message))
        limit = settings.FEEDBACK_MAX_LINKS
        if links > limit:
            raise forms.ValidationError(
                ngettext(
                    "Please include at most %(limit)d link (you have %(links)d).",
                    "Please include at most %(limit)d links (you have %(links)d).",
                    limit,
                )
                % {"limit": limit, "links": links}
            )
        return message


class SubscriptionForm(SpamDefences):
    email = forms.EmailField(
        label=_("Your e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address such as name@example.com."),
        },
    )
    consent = forms.BooleanField(
        label=_("I agree to the processing of my e-mail address to send me these notifications, as described above."),
        error_messages={"required": _("Tick the consent box: without it we cannot send you e-mails.")},
    )

    field_order = ["email", "consent", "website", "started"]
