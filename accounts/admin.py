"""Staff accounts, groups, sign-in throttling records and two-factor devices
keep Django's and the libraries' own admins, made to write the portal's one
audit trail (see publishing.admin.AuditedAdmin) instead of Django's LogEntry.

This module is imported after theirs (accounts comes after them in
INSTALLED_APPS); a test checks that every admin on the site is audited."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from publishing.admin import AuditedAdmin

for model in (get_user_model(), Group, AccessAttempt, AccessLog, AccessFailureLog, TOTPDevice):
    their_admin = type(admin.site.get_model_admin(model))
    admin.site.unregister(model)
    admin.site.register(model, type(their_admin.__name__, (AuditedAdmin, their_admin), {}))
