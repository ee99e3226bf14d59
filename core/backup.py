"""Portable backup of the portal's content: every database row as a Django
fixture with natural keys, plus a copy of every uploaded file, in one folder.
It moves between databases (SQLite, PostgreSQL) and between storages (local
disk, S3-compatible). On PostgreSQL, pg_dump/pg_restore is the faster routine
backup of the database itself (README, "Backup and restore"); this format is
for moving a site, and it is the one the restore test checks page by page."""

import contextlib
import contextvars
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.db import models

from .apps import portal_models

# XML, not JSON: Django's JSON encoder cuts times to milliseconds, and the
# publication times of the public record must survive a restore exactly.
FIXTURE = "content.xml.gz"
MEDIA = "media"
# Rebuilt by `migrate` in the target database, or not worth keeping (logins).
EXCLUDE = ["contenttypes", "auth.permission", "sessions"]


def file_fields():
    """(model, field) for every FileField (and ImageField) of every model."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield model, field


def stored_files():
    """(storage, name) of every uploaded file the database refers to, drafts included."""
    seen = set()
    for model, field in file_fields():
        names = model._base_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
        for name in names:
            if name and (field.storage, name) not in seen:
                seen.add((field.storage, name))
                yield field.storage, name


def safe_relative(name):
    """A stored name as a relative path that cannot leave the backup folder."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        raise ValueError(f"unsafe file name in the database: {name!r}")
    return Path(*path.parts)


def content_rows():
    """How many rows the portal's own apps (settings.LOCAL_APPS) hold: 0 for an
    empty, migrated database, since their migrations create no rows (the roles
    they set up are auth groups). Every one of those rows counts, the audit trail
    and the residents' dialogue included: the fixture holds all of them, and
    loading it over any would overwrite or duplicate it."""
    return sum(model._base_manager.count() for model in portal_models())


# While a backup is loaded, rows arrive as they were: nothing is "changed" by anyone,
# so records of changes (the audit trail) are not written. The fixture brings the
# trail itself with it.
_restoring = contextvars.ContextVar("restoring_backup", default=False)


@contextlib.contextmanager
def restoring():
    token = _restoring.set(True)
    try:
        yield
    finally:
        _restoring.reset(token)


def is_restoring():
    return _restoring.get()
