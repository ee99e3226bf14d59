from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = (
        "Export all content (database rows with natural keys, and every uploaded file) to a folder, "
        "for import_content into an empty database. The folder holds staff accounts with their "
        "password hashes: keep it as safe as the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="an empty or new folder")

    def handle(self, *args, folder, **options):
        if folder.exists() and any(folder.iterdir()):
            raise CommandError(f"{folder} is not empty: export into a new folder.")
        folder.mkdir(parents=True, exist_ok=True)
        call_command(
            "dumpdata",
            format="xml",
            natural_foreign=True,
            natural_primary=True,
            exclude=backup.EXCLUDE,
            output=str(folder / backup.FIXTURE),
            verbosity=0,
        )
        copied = missing = 0
        for storage, name in backup.stored_files():
            target = folder / backup.MEDIA / backup.safe_relative(name)
            if not storage.exists(name):
                # A dangling reference must not stop the backup of everything else.
                self.stderr.write(self.style.WARNING(f"File missing from the storage, not copied: {name}"))
                missing += 1
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(name, "rb") as source, open(target, "wb") as copy:
                for chunk in iter(lambda source=source: source.read(1024 * 1024), b""):
                    copy.write(chunk)
            copied += 1
        self.stdout.write(
            self.style.SUCCESS(f"Exported the content and {copied} file(s) to {folder}")
            + (f" ({missing} missing file(s), see above)" if missing else "")
        )
