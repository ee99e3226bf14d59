import datetime

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from core.kept_uploads import FOLDER, MAX_AGE


class Command(BaseCommand):
    help = (
        "Delete files kept for a form that failed (core/kept_uploads.py) once their token has expired. "
        "Safe to run at any time, e.g. daily from cron."
    )

    def handle(self, *args, **options):
        limit = timezone.now() - datetime.timedelta(seconds=MAX_AGE)
        try:
            _folders, names = default_storage.listdir(FOLDER)
        except FileNotFoundError:
            names = []
        removed = 0
        for name in names:
            path = f"{FOLDER}/{name}"
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
                removed += 1
        self.stdout.write(f"Removed {removed} expired kept upload(s).")
