from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import backup


class Command(BaseCommand):
    help = (
        "Import content exported by export_content into an empty, migrated database "
        "(run `migrate` first), and put the uploaded files back into the storage."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a folder written by export_content")

    def handle(self, *args, folder, **options):
        fixture = folder / backup.FIXTURE
        if not fixture.is_file():
            raise CommandError(f"{fixture} not found: give a folder written by export_content.")
        if backup.content_rows():
            raise CommandError(
                "The database already holds content. Import into an empty database: create it, "
                "run `manage.py migrate`, then import_content (see README, 'Backup and restore')."
            )
        # Content types get new ids in a new database; cached ids of another database would be wrong.
        ContentType.objects.clear_cache()
        with backup.restoring(), transaction.atomic():
            call_command("loaddata", str(fixture), verbosity=0)
        restored = 0
        media = folder / backup.MEDIA
        for path in sorted(p for p in media.rglob("*") if p.is_file()) if media.is_dir() else []:
            name = path.relative_to(media).as_posix()
            if default_storage.exists(name):
                default_storage.delete(name)  # the backup's version wins
            with open(path, "rb") as source:
                saved = default_storage.save(name, File(source))
            if saved != name:
                raise CommandError(f"The storage renamed {name} to {saved}: links to it would break.")
            restored += 1
        # Pages cached from whatever the cache held before are not this content.
        caches["default"].clear()
        self.stdout.write(self.style.SUCCESS(f"Imported the content and {restored} file(s) from {folder}"))
