"""Staff accounts, groups, sign-in throttling records and two-factor devices
keep Django's and the libraries' own admins, made to write the portal's one
audit trail (see publishing.admin.AuditedAdmin) instead of Django's LogEntry.
Superusers also issue enrolment codes for two-step sign-in from the list of
users (an action), shown once on the page that follows.

This module is imported after theirs (accounts comes after them in
INSTALLED_APPS); a test checks that every admin on the site is audited."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from publishing.admin import AuditedAdmin

from .models import EnrolmentCode


@admin.action(description=_("Issue an enrolment code for two-step sign-in"), permissions=["issue_enrolment_code"])
def issue_enrolment_codes(modeladmin, request, queryset):
    """Shows each new code once, on this page only: it is stored hashed, and
    the audit trail records who issued a code for whom and when."""
    accounts = list(queryset.order_by("username"))
    issued = [
        (user, *EnrolmentCode.issue(user, issued_by=request.user))
        for user in accounts
        if user.is_active and user.is_staff
    ]
    skipped = [user for user in accounts if not (user.is_active and user.is_staff)]
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Enrolment codes for two-step sign-in"),
        "opts": modeladmin.model._meta,
        "issued": issued,
        "skipped": skipped,
    }
    return TemplateResponse(request, "accounts/enrolment_codes_issued.html", context)


class EnrolmentCodeAction:
    actions = [issue_enrolment_codes]

    def has_issue_enrolment_code_permission(self, request):
        # Only superusers: a code lets its holder bind a phone to the account.
        return request.user.is_superuser


for model in (get_user_model(), Group, AccessAttempt, AccessLog, AccessFailureLog, TOTPDevice):
    their_admin = type(admin.site.get_model_admin(model))
    extra = (EnrolmentCodeAction,) if model is get_user_model() else ()
    admin.site.unregister(model)
    admin.site.register(model, type(their_admin.__name__, (AuditedAdmin, *extra, their_admin), {}))
