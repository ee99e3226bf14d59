from django.core.management.base import BaseCommand

from publishing import registry


class Command(BaseCommand):
    help = (
        "Load every app's official content (registered in its publishable.py): the declaration of "
        "19 December 2023 and its values, the required pages (accessibility statement, easy-to-read "
        "texts, privacy, contact), the framework (levels, FRA elements, the status list), the datasets "
        "and the list of needs in Where to get help. "
        "Safe to run repeatedly: content that exists is left as editors have it."
    )

    def handle(self, *args, **options):
        for load in registry.official_loaders():
            load()
        self.stdout.write(self.style.SUCCESS("Official content is loaded."))
