"""What every admin form on the site does for the staff who fill it in, added in
one place (``StaffFormsAdmin``, a base of AuditedAdmin) for each admin's own
form and for every inline on its page:

- every field says what the public will see (publishing/staff_help.py);
- decimal numbers accept a Polish comma or a dot, and refuse input that can be
  read two ways (core/numbers.py);
- a required translated field names its language in its message ("Tytuł (PL)
  jest wymagany"), so an error in a row of an inline, whose language tab may be
  closed, says where to look;
- an uploaded file is kept when the form fails for another reason (core/kept_uploads.py);
- a Markdown field (a model's ``markdown_fields``) shows a preview of its text;
- the change page loads the script that opens new inline rows on the Polish tab
  and shows which language tab is active (static/admin/staff_forms.js).
"""

import functools

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminTextareaWidget
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from core.kept_uploads import KeptFileField
from core.numbers import LocalizedDecimalField
from core.richtext import render_markdown

from .staff_help import LANGUAGE_SUFFIXES, base_name, help_for

LANGUAGE_NAMES = dict(settings.LANGUAGES)
TABS_SCRIPT = "admin/staff_forms.js"
MODELTRANSLATION_TABS = "modeltranslation/js/tabbed_translation_fields.js"


def prepared(field, model, db_field):
    """The form field for model field ``name``, made ready for staff. Done as the
    admin makes each field (formfield_for_dbfield), so it holds however often the
    admin and its mixins rebuild a form class."""
    if field is None or isinstance(field.widget, forms.HiddenInput):
        return field
    name = db_field.name
    if type(field) is forms.FileField:
        field = KeptFileField.replacing(field, db_field.validators)
    if type(field) is forms.DecimalField:
        field = LocalizedDecimalField.replacing(field)
    if base_name(name) in getattr(model, "markdown_fields", ()) and isinstance(field.widget, forms.Textarea):
        # Keep the widget's attributes: modeltranslation's tab classes are among them.
        field.widget = MarkdownTextarea(attrs=field.widget.attrs)
    if not field.help_text:
        field.help_text = help_for(model, name)
    language = _language_of(name)
    if language and field.required:
        field.error_messages = {
            **field.error_messages,
            "required": _("%(field)s (%(language)s) is required.")
            % {"field": capfirst(_label_without_language(field.label)), "language": language.upper()},
        }
    return field


def _language_of(name):
    for suffix in LANGUAGE_SUFFIXES:
        if name.endswith(suffix):
            return suffix[1:]
    return None


def _label_without_language(label):
    # modeltranslation labels a field "title [pl]".
    text = str(label or "")
    return text.rsplit(" [", 1)[0] if text.endswith("]") else text


class MarkdownTextarea(AdminTextareaWidget):
    """A Markdown text with, under it, the text as the public will see it: rendered
    on the server from what the form holds (the saved text, or what was typed
    before a save that failed or "Save and continue editing"), so it needs no script."""

    def render(self, name, value, attrs=None, renderer=None):
        textarea = super().render(name, value, attrs, renderer)
        if not (value or "").strip():
            return textarea
        return format_html(
            '{}<details class="markdown-preview"><summary>{}</summary>'
            '<div class="markdown-rendered">{}</div></details>',
            textarea,
            _("Preview: the text as the public will see it"),
            render_markdown(value),
        )


class StaffFormsMixin:
    """For a ModelAdmin and for an inline alike."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return prepared(super().formfield_for_dbfield(db_field, request, **kwargs), self.model, db_field)


class StaffFormsInline(StaffFormsMixin):
    pass


@functools.cache
def staff_forms_inline(inline):
    if issubclass(inline, StaffFormsInline):
        return inline
    return type(inline.__name__, (StaffFormsInline, inline), {})


class StaffFormsAdmin(StaffFormsMixin):
    @property
    def media(self):
        media = super().media + forms.Media(css={"all": ["admin/staff_forms.css"]})
        if isinstance(self, TabbedTranslationAdmin):
            # Before modeltranslation's script (see the script's comment), after Django's jQuery.
            media += forms.Media(
                js=["admin/js/jquery.init.js", TABS_SCRIPT, "modeltranslation/js/tabbed_translation_fields.js"]
            )
        return media

    def get_inlines(self, request, obj):
        return [staff_forms_inline(inline) for inline in super().get_inlines(request, obj)]
