from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from commitments import demo
from helpdirectory import demo as help_demo


class Command(BaseCommand):
    help = (
        "Load about 30 invented demonstration commitments and a few invented entries in Where to get help "
        "(flagged and labelled as demo on every page). "
        "Refused when DEBUG is off unless --allow-production is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--allow-production", action="store_true", help="Load even with DEBUG off.")

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError("Demo content is not loaded with DEBUG off. Use --allow-production to insist.")
        created = demo.load()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Loaded {created} demonstration commitments."))
        else:
            self.stdout.write("Demonstration content is already loaded.")
        helpers = help_demo.load()
        if helpers:
            self.stdout.write(self.style.SUCCESS(f"Loaded {helpers} demonstration entries in Where to get help."))
