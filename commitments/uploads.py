"""Checks for uploaded documents: the type is judged by the file's content,
not only its name, and the size is capped, so a renamed executable or an
oversized scan is refused with a clear message."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

ZIP_MAGIC = b"PK\x03\x04"
# extension -> test of the first bytes
ALLOWED = {
    ".pdf": lambda head: head.startswith(b"%PDF-"),
    ".odt": lambda head: head.startswith(ZIP_MAGIC),
    ".ods": lambda head: head.startswith(ZIP_MAGIC),
    ".docx": lambda head: head.startswith(ZIP_MAGIC),
    ".xlsx": lambda head: head.startswith(ZIP_MAGIC),
    ".csv": lambda head: _is_text(head),
    ".txt": lambda head: _is_text(head),
}


def _is_text(head):
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character may be cut at the end of the sample.
        return error.start >= len(head) - 3
    return True


def validate_document_file(upload):
    extension = Path(upload.name).suffix.lower()
    if extension not in ALLOWED:
        raise ValidationError(
            _("Files of type %(extension)s cannot be uploaded. Allowed: %(allowed)s."),
            params={"extension": extension or "?", "allowed": ", ".join(sorted(ALLOWED))},
        )
    limit = settings.DOCUMENT_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(position)
    if not ALLOWED[extension](head):
        raise ValidationError(
            _("The file's content does not match its %(extension)s extension."), params={"extension": extension}
        )
