from django.core.management.base import BaseCommand

from dialogue import notifications


class Command(BaseCommand):
    help = (
        "Send subscribers one e-mail per major public version of what they follow, retry failed e-mails "
        "and delete expired unconfirmed subscriptions. Run it periodically (e.g. every 5 minutes); "
        "concurrent or repeated runs never send anything twice."
    )

    def handle(self, *args, **options):
        result = notifications.run()
        self.stdout.write(", ".join(f"{name}: {value}" for name, value in result.items()))
