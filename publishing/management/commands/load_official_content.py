from django.core.management.base import BaseCommand

import declaration.official
import pages.official


class Command(BaseCommand):
    help = (
        "Load the official content (the declaration of 19 December 2023, its values and the "
        "required pages). Safe to run repeatedly: content that exists is left as editors have it."
    )

    def handle(self, *args, **options):
        declaration.official.load()
        pages.official.load()
        self.stdout.write(self.style.SUCCESS("Official content is loaded."))
