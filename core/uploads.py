"""Checks for uploaded files: the type is judged by the file's content, not
only its name, and the size is capped, so a renamed executable or an
oversized file is refused with a clear message instead of being published."""

import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

ZIP_MAGIC = b"PK\x03\x04"


def is_text(head):
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character may be cut at the end of the sample.
        return error.start >= len(head) - 3
    return True


def check_upload(upload, allowed, limit):
    """``allowed`` maps an extension to a test of the file's first bytes."""
    extension = Path(upload.name).suffix.lower()
    if extension not in allowed:
        raise ValidationError(
            _("Files of type %(extension)s cannot be uploaded. Allowed: %(allowed)s."),
            params={"extension": extension or "?", "allowed": ", ".join(sorted(allowed))},
        )
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(position)
    if not allowed[extension](head):
        raise ValidationError(
            _("The file's content does not match its %(extension)s extension."), params={"extension": extension}
        )


@deconstructible
class GeneratedName:
    """``upload_to`` that stores a file under a random name in ``folder``
    (``strftime`` codes allowed): ``documents/2025/3f2a…e1.pdf``. What a person
    called the file never reaches the file system or the URL, so a name cannot
    collide, guess another file, or carry markup; the extension (already
    checked against the content) is kept, lower-cased."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        folder = timezone.localtime().strftime(self.folder).strip("/")
        return f"{folder}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"

    def __eq__(self, other):
        return isinstance(other, GeneratedName) and other.folder == self.folder
