from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import EnrolmentCode


class Command(BaseCommand):
    help = (
        "Issue a one-time code with which a staff member sets up their authenticator app at /admin/2fa/ "
        "(with STAFF_REQUIRE_2FA the first superuser gets theirs this way). Give the code to the person "
        "directly, not by e-mail; it is shown once, expires after STAFF_ENROLMENT_CODE_HOURS, and an "
        "earlier unused code of the same account stops working."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account named {username!r}.")
        if not (user.is_active and user.is_staff):
            raise CommandError(f"{username!r} is not an active staff account: it cannot sign in to the admin.")
        code, expires_at = EnrolmentCode.issue(user)
        self.stdout.write(f"Enrolment code for {username}: {code}")
        self.stdout.write(f"Valid until {timezone.localtime(expires_at):%Y-%m-%d %H:%M}, once.")
