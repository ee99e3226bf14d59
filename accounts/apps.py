from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Staff sign-in: the lockout page after repeated failed logins (django-axes)
    and two-factor enrolment and verification (django-otp, TOTP)."""

    name = "accounts"
    verbose_name = _("Staff sign-in")
