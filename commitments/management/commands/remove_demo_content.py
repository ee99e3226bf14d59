from django.core.management.base import BaseCommand

from commitments import demo


class Command(BaseCommand):
    help = "Delete every demonstration commitment with its milestones, updates, documents, indicators and units."

    def handle(self, *args, **options):
        count = demo.remove()
        self.stdout.write(self.style.SUCCESS(f"Removed {count} demonstration commitments."))
