"""Every admin form that edits a row with a revision (publishing/revisions.py)
carries the revision it was opened at and is refused if the row has been saved
since, by any route: the change page, an inline row on another item's page, a
row of a changelist (``list_editable``).

The refusal is a form error, so the page comes back with everything the user
typed and a message naming who saved last and when. The stored revision is
read with the row locked until the save's transaction ends, so two saves that
pass validation at the same moment cannot both be written.

``RevisionCheckedAdmin`` is a base of AuditedAdmin, the base of every admin on
the site: any model that has a revision is covered in its own admin and in
every inline and changelist it appears in, with nothing to declare.
"""

import functools

from django import forms
from django.db import router, transaction
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from .revisions import has_revision, stored_revision

SEEN = "seen_revision"

STALE_ITEM = _(
    "Someone else saved this item after you opened it: %(who)s. Nothing was saved, and your "
    "changes are still in the form below. Open the item in a new tab to see their version, "
    "then copy your changes over and save again."
)
STALE_ROW = _(
    "Someone else saved “%(item)s” after you opened this page: %(who)s. Nothing was saved, and your "
    "changes are still in the form. Open “%(item)s” in a new tab to see their version, then copy "
    "your changes over and save again."
)


class RevisionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def has_changed(self, initial, data):
        # The revision a form was opened at is not a change to the row: an
        # unchanged row of an older page is neither saved nor refused.
        return False


class RevisionCheckedForm(forms.ModelForm):
    """Refuses to save a row that was saved since the form was opened. Mixed into
    the admin's forms by RevisionCheckedAdmin, in front of each admin's own form."""

    seen_revision = RevisionField()

    # The change page's form is saved even when nothing in it changed (inline and
    # changelist rows only when changed), so it is checked every time.
    saved_unchanged = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[SEEN].initial = self.instance.revision

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        seen = cleaned.get(SEEN)
        if instance.pk is None or seen is None or not (self.saved_unchanged or self.has_changed()):
            return cleaned
        stored = stored_revision(type(instance), instance.pk)
        if stored is not None and stored != seen:
            # Named now: the message is rendered after the form has put the typed values on the instance.
            params = {"item": str(instance), "who": last_saved_by(instance)}
            raise forms.ValidationError(STALE_ITEM if self.saved_unchanged else STALE_ROW, code="stale", params=params)
        return cleaned


class RevisionCheckedFormSet(forms.BaseModelFormSet):
    """A changelist's rows: Django shows each row's own errors only beside its
    editable fields, so the refusals are repeated above the list."""

    def clean(self):
        super().clean()
        stale = [error for form in self.forms for error in form.non_field_errors().as_data() if error.code == "stale"]
        if stale:
            raise forms.ValidationError(stale)


@functools.cache
def revision_checked(form, saved_unchanged=False):
    """``form`` with the revision check in front of it (one class per form)."""
    if issubclass(form, RevisionCheckedForm) and form.saved_unchanged == saved_unchanged:
        return form
    return type(form.__name__, (RevisionCheckedForm, form), {"saved_unchanged": saved_unchanged})


def with_revision_field(fieldsets, editable):
    """Fieldsets with the hidden revision last (where it renders no row of its
    own), and without it where nothing can be saved (a read-only view)."""
    fieldsets = [(title, {**options, "fields": _without(options["fields"], SEEN)}) for title, options in fieldsets]
    if editable and fieldsets:
        title, options = fieldsets[-1]
        fieldsets[-1] = (title, {**options, "fields": [*options["fields"], SEEN]})
    return fieldsets


def _without(fields, name):
    kept = []
    for field in fields:
        if isinstance(field, list | tuple):
            line = tuple(item for item in field if item != name)
            if line:
                kept.append(line)
        elif field != name:
            kept.append(field)
    return kept


def last_saved_by(instance):
    """Who saved the row last and when, from the audit trail, for the refusal."""
    from django.contrib.contenttypes.models import ContentType

    from .models import AuditEntry

    last = (
        AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk)
        .select_related("user")
        .first()
    )
    if last is None:
        return "?"
    return f"{last.user or last.source} ({date_format(localtime(last.at), 'DATETIME_FORMAT')})"


class RevisionCheckedInline:
    """What RevisionCheckedAdmin adds to each inline of a model with a revision."""

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = revision_checked(kwargs.get("form", self.form))
        return super().get_formset(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        # Django shows the rows read-only when the page's own item cannot be changed.
        parent = self.admin_site._registry.get(self.parent_model)
        if parent is None:
            page_editable = True
        else:
            page_editable = parent.has_change_permission(request, obj) if obj else parent.has_add_permission(request)
        editable = page_editable and self.has_change_permission(request, obj)
        return with_revision_field(super().get_fieldsets(request, obj), editable)


@functools.cache
def revision_checked_inline(inline):
    if issubclass(inline, RevisionCheckedInline):
        return inline
    return type(inline.__name__, (RevisionCheckedInline, inline), {})


class RevisionCheckedAdmin:
    """The revision check in a ModelAdmin's change form, in its inlines and in
    its changelist, for every model (its own or an inline's) that has a revision."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if has_revision(self.model):
            kwargs["form"] = revision_checked(kwargs.get("form", self.form), saved_unchanged=True)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not has_revision(self.model):
            return fieldsets
        return with_revision_field(fieldsets, obj is not None and self.has_change_permission(request, obj))

    def get_inlines(self, request, obj):
        return [
            revision_checked_inline(inline) if has_revision(inline.model) else inline
            for inline in super().get_inlines(request, obj)
        ]

    def get_changelist_form(self, request, **kwargs):
        if has_revision(self.model):
            kwargs["form"] = revision_checked(kwargs.get("form", forms.ModelForm))
        return super().get_changelist_form(request, **kwargs)

    def get_changelist_formset(self, request, **kwargs):
        if has_revision(self.model):
            kwargs.setdefault("formset", RevisionCheckedFormSet)
        return super().get_changelist_formset(request, **kwargs)

    def changelist_view(self, request, extra_context=None):
        if request.method != "POST" or not has_revision(self.model):
            return super().changelist_view(request, extra_context)
        # Django validates list_editable rows outside its transaction; keep the rows
        # locked from their check to their save, as the change page does.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().changelist_view(request, extra_context)
