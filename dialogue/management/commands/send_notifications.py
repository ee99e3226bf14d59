from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dialogue import notifications


class Command(BaseCommand):
    help = (
        "Send subscribers one e-mail per major public version of what they follow, retry failed e-mails "
        "and delete expired unconfirmed subscriptions. Run it periodically (e.g. every 5 minutes); "
        "concurrent or repeated runs never send anything twice."
    )

    def handle(self, *args, **options):
        if not settings.SITE_URL:
            # Outside a request there is no host to build the links in e-mails from.
            raise CommandError("Set SITE_URL (e.g. https://prawaczlowieka.bialystok.pl): e-mails need absolute links.")
        result = notifications.run()
        self.stdout.write(", ".join(f"{name}: {value}" for name, value in result.items()))
