from django.core.management.base import BaseCommand

import accessibility.official
import commitments.official
import declaration.official
import helpdirectory.official
import opendata.official
import pages.official


class Command(BaseCommand):
    help = (
        "Load the official content: the declaration of 19 December 2023 and its values, the required "
        "pages (accessibility statement, easy-to-read texts, privacy, contact) and the framework "
        "(levels, FRA elements, the status list) and the list of needs in Where to get help. "
        "Safe to run repeatedly: content that exists is left as editors have it."
    )

    def handle(self, *args, **options):
        declaration.official.load()
        pages.official.load()
        commitments.official.load()
        accessibility.official.load()
        opendata.official.load()
        helpdirectory.official.load()
        self.stdout.write(self.style.SUCCESS("Official content is loaded."))
