"""Operations that apps' migrations share. Kept small and stable: a migration
that imports them must behave the same years later."""

from django.db import migrations
from django.utils import timezone


def fill_missing_publication_times(app_label):
    """Rows stored as published or withdrawn with no publication time (possible
    before the database refused it) were never visible; they become public at
    the moment of the migration, which is when the public first sees them."""

    def forwards(apps, schema_editor):
        now = timezone.now()
        for model in apps.get_app_config(app_label).get_models():
            names = {field.name for field in model._meta.get_fields()}
            if {"publication_state", "published_at"} <= names:
                model._base_manager.filter(
                    publication_state__in=["published", "withdrawn"], published_at__isnull=True
                ).update(published_at=now)

    return migrations.RunPython(forwards, migrations.RunPython.noop)
