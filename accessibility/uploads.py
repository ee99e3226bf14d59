from django.conf import settings

from core.uploads import check_upload

VIDEO_TYPES = {
    ".mp4": lambda head: head[4:8] == b"ftyp",
    ".webm": lambda head: head.startswith(b"\x1a\x45\xdf\xa3"),
}
CAPTION_TYPES = {".vtt": lambda head: head.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT")}
# PNG only: an SVG could carry script, and uploads are served from our own origin.
LOGO_TYPES = {".png": lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")}


def validate_video(upload):
    check_upload(upload, VIDEO_TYPES, settings.VIDEO_MAX_UPLOAD_BYTES)


def validate_captions(upload):
    check_upload(upload, CAPTION_TYPES, 2 * 1024 * 1024)


def validate_logo(upload):
    check_upload(upload, LOGO_TYPES, 1024 * 1024)
