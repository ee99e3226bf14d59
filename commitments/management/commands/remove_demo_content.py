from django.core.management.base import BaseCommand

from commitments import demo
from helpdirectory import demo as help_demo


class Command(BaseCommand):
    help = (
        "Delete every demonstration commitment with its milestones, updates, documents, indicators and units, "
        "and the demonstration entries in Where to get help."
    )

    def handle(self, *args, **options):
        count = demo.remove()
        self.stdout.write(self.style.SUCCESS(f"Removed {count} demonstration commitments."))
        helpers = help_demo.remove()
        self.stdout.write(self.style.SUCCESS(f"Removed {helpers} demonstration entries in Where to get help."))
