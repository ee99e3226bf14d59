from django.conf import settings

from core.uploads import ZIP_MAGIC, check_upload, is_text

DOCUMENT_TYPES = {
    ".pdf": lambda head: head.startswith(b"%PDF-"),
    ".odt": lambda head: head.startswith(ZIP_MAGIC),
    ".ods": lambda head: head.startswith(ZIP_MAGIC),
    ".docx": lambda head: head.startswith(ZIP_MAGIC),
    ".xlsx": lambda head: head.startswith(ZIP_MAGIC),
    ".csv": is_text,
    ".txt": is_text,
}


# What a downloaded document is served as: named by us, never guessed from its content.
DOWNLOAD_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
# Opened in the browser; everything else is saved as a file.
INLINE_EXTENSIONS = {".pdf"}


def validate_document_file(upload):
    check_upload(upload, DOCUMENT_TYPES, settings.DOCUMENT_MAX_UPLOAD_BYTES)
