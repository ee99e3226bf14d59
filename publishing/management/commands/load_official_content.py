from django.core.management.base import BaseCommand

import commitments.official
import declaration.official
import pages.official


class Command(BaseCommand):
    help = (
        "Load the official content (the declaration of 19 December 2023, its values, the required "
        "pages and the framework: levels, FRA elements and the status list). "
        "Safe to run repeatedly: content that exists is left as editors have it."
    )

    def handle(self, *args, **options):
        declaration.official.load()
        pages.official.load()
        commitments.official.load()
        self.stdout.write(self.style.SUCCESS("Official content is loaded."))
