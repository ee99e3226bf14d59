from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

# Admin views a signed-in but not yet verified person may still open.
OPEN_ADMIN_VIEWS = {"login", "logout", "jsi18n"}
# Staff-only views outside the admin (they show drafts).
STAFF_VIEWS = {"commitments:preview"}


def needs_second_factor(user):
    """Staff who enrolled a device are always asked for it; with STAFF_REQUIRE_2FA
    everyone on the staff is, and those without a device enrol first."""
    return settings.STAFF_REQUIRE_2FA or user_has_device(user, confirmed=True)


class StaffTwoFactorMiddleware:
    """Sends staff who have signed in with their password, but not yet with
    their authenticator app, from the admin to the two-factor page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        in_admin = match.namespace == "admin" and match.url_name not in OPEN_ADMIN_VIEWS
        if not in_admin and match.view_name not in STAFF_VIEWS:
            return None
        user = request.user
        if not (user.is_authenticated and user.is_staff) or user.is_verified():
            return None
        if not needs_second_factor(user):
            return None
        return redirect(reverse("accounts:two_factor") + "?" + urlencode({"next": request.get_full_path()}))
