"""An uploaded file survives a form that fails for another reason.

A browser never sends a file input's file again: when any other field of the
form is wrong, Django shows the page back with the file input empty, and the
file is gone unless the person notices and chooses it again. Here a file that
passed its own checks is stored for a while (under ``kept-uploads/``, with a
random name) and the page carries a signed token for it in a hidden field, with
a note at the field saying it is kept; the next submit uses it unless another
file is chosen. The token is signed, so a form cannot name any other stored
file, and it expires after a day; ``manage.py clear_kept_uploads`` (daily from
cron) deletes the files whose token has expired.
"""

import uuid
from pathlib import Path

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

FOLDER = "kept-uploads"
SALT = "core.kept_uploads"
MAX_AGE = 24 * 3600
SUFFIX = "__kept"


class KeptUpload(File):
    """A file kept from an earlier submit of the form, named as it was uploaded."""

    def __init__(self, path, name, token):
        super().__init__(default_storage.open(path), name=name)
        self.token = token


def keep(upload):
    """Store ``upload`` for the next submit; the token that finds it again."""
    upload.seek(0)
    path = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}", upload)
    upload.seek(0)
    return signing.dumps({"path": path, "name": Path(upload.name).name}, salt=SALT)


def kept(token):
    """The KeptUpload a token stands for, or None (expired, altered or gone)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    path = str(data.get("path", ""))
    if not path.startswith(f"{FOLDER}/") or ".." in path or not default_storage.exists(path):
        return None
    return KeptUpload(path, str(data.get("name", "")) or Path(path).name, token)


class KeptFileInput(AdminFileWidget):
    """Renders, beside the file input, the kept file's token and a note naming it."""

    kept_token = ""
    kept_name = ""

    def value_from_datadict(self, data, files, name):
        upload = super().value_from_datadict(data, files, name)
        if upload is None and data.get(name + SUFFIX):
            return kept(data[name + SUFFIX])
        return upload

    def value_omitted_from_data(self, data, files, name):
        return super().value_omitted_from_data(data, files, name) and not data.get(name + SUFFIX)

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not self.kept_token:
            return html
        note = _(
            "The file “%(name)s” you chose is kept: save again and it is attached; choose another file to replace it."
        )
        return format_html(
            '{}<input type="hidden" name="{}" value="{}"><p class="kept-upload help">{}</p>',
            html,
            name + SUFFIX,
            self.kept_token,
            note % {"name": self.kept_name},
        )


class KeptFileField(forms.FileField):
    """A FileField whose accepted upload is kept when the form fails elsewhere.
    ``upload_validators`` are the model field's checks (type, size): a refused
    file is not kept."""

    widget = KeptFileInput
    upload_validators = ()

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, KeptUpload):
            self.widget.kept_token, self.widget.kept_name = value.token, value.name
        elif isinstance(value, UploadedFile):
            try:
                for validator in self.upload_validators:
                    validator(value)
            except ValidationError:
                return value  # the model's check refuses it with its own message
            self.widget.kept_token, self.widget.kept_name = keep(value), Path(value.name).name
        return value

    @classmethod
    def replacing(cls, field, validators):
        new = cls(
            required=field.required,
            label=field.label,
            initial=field.initial,
            help_text=field.help_text,
            disabled=field.disabled,
            max_length=field.max_length,
            allow_empty_file=field.allow_empty_file,
        )
        new.upload_validators = list(validators)
        new.widget.attrs.update(field.widget.attrs)
        return new
