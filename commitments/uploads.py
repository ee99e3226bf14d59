from django.conf import settings

from publishing.uploads import ZIP_MAGIC, check_upload, is_text

DOCUMENT_TYPES = {
    ".pdf": lambda head: head.startswith(b"%PDF-"),
    ".odt": lambda head: head.startswith(ZIP_MAGIC),
    ".ods": lambda head: head.startswith(ZIP_MAGIC),
    ".docx": lambda head: head.startswith(ZIP_MAGIC),
    ".xlsx": lambda head: head.startswith(ZIP_MAGIC),
    ".csv": is_text,
    ".txt": is_text,
}


def validate_document_file(upload):
    check_upload(upload, DOCUMENT_TYPES, settings.DOCUMENT_MAX_UPLOAD_BYTES)
