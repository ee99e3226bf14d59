"""The publishing workflow in the admin, shared by every publishable model.

- Editors (no ``publishing.publish`` permission) draft and submit for review;
  published or withdrawn items are read-only for them, and a crafted POST that
  tries to publish is refused by the form with a clear message. The same holds
  for every row they save on a page (inline rows, list_editable), whatever form
  it comes from: save_model and save_formset refuse it (tests/test_editor_routes.py).
- Publishers publish, schedule and withdraw; each publication or correction of
  a versioned item records a public version, major (with a change note) or minor.
- A form opened at an older revision of the item, or of any row in it, is
  refused: nobody overwrites somebody else's save without seeing it
  (publishing/admin_revisions.py, for every admin).
- Items that were ever public are never deleted.
- Every change is in the audit trail (publishing/audit.py), which is also the
  item's history page; Django's LogEntry is not written.
"""

import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied
from django.forms.models import _get_foreign_key
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from languages.admin import OutdatedTranslationsNotice
from languages.translated import language_codes

from . import audit, audit_display, proposals, versions
from .admin_revisions import RevisionCheckedAdmin
from .models import (
    PUBLIC_STATES,
    AuditEntry,
    ProposalState,
    PublicationState,
    PublicVersion,
    Publishable,
    PublishedRecordError,
    now,
)
from .staff_forms import StaffFormsAdmin

EDITOR_STATES = (PublicationState.DRAFT, PublicationState.IN_REVIEW)
LANGUAGE_NAMES = language_codes()


def can_publish(user):
    return user.has_perm("publishing.publish")


class ChangeNoteFields(forms.Form):
    """The public change note in each language: on every publishing form, and on the
    Publisher's decision on a proposed change (publishing/admin_proposals.py)."""

    change_note_pl = forms.CharField(
        label=_("Change note [pl]"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Public: why this version differs from the previous one, or why the item is withdrawn."),
    )
    change_note_en = forms.CharField(
        label=_("Change note [en]"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("The public change note on the pages in this language (optional)."),
    )
    change_note_uk = forms.CharField(
        label=_("Change note [uk]"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("The public change note on the pages in this language (optional)."),
    )
    change_note_be = forms.CharField(
        label=_("Change note [be]"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("The public change note on the pages in this language (optional)."),
    )


class PublishingForm(ChangeNoteFields, forms.ModelForm):
    """Adds the workflow's fields and rules to an admin form (see PublishingAdmin.get_form)."""

    change_kind = forms.ChoiceField(
        label=_("Kind of change"),
        choices=[("major", _("major: a new public version with a change note")), ("minor", _("minor correction"))],
        initial="major",
        required=False,
        help_text=_("Minor corrections (typos) are listed in the history but do not change “last updated”."),
    )

    publisher = False
    versioned = False
    # An Editor's change to a public item: kept as a proposal (publishing/proposals.py).
    proposing = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        state = self.fields.get("publication_state")
        if state is not None and not self.publisher:
            state.choices = [(value, label) for value, label in state.choices if value in EDITOR_STATES]
            state.error_messages["invalid_choice"] = _(
                "Only a Publisher can publish, schedule or withdraw. Choose Draft or In review."
            )
        if "published_at" in self.fields and not self.publisher:
            self.fields["published_at"].disabled = True

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        new_state = cleaned.get("publication_state", getattr(instance, "publication_state", None))
        if not self.publisher and not self.proposing and new_state not in EDITOR_STATES:
            raise PermissionDenied(_("Only a Publisher can publish, schedule or withdraw."))
        if new_state in PUBLIC_STATES and "published_at" in self.fields and not cleaned.get("published_at"):
            # Published with the time left empty means now, as on every other route.
            cleaned["published_at"] = timezone.now()
        was_public = instance.pk is not None and instance.was_ever_public
        if was_public and new_state in EDITOR_STATES:
            self.add_error(
                "publication_state",
                _("This item has been public, so it cannot go back to a draft. Withdraw it instead, with a reason."),
            )
        if new_state == PublicationState.WITHDRAWN and not was_public:
            self.add_error("publication_state", _("Only an item that has been published can be withdrawn."))
        if self.publisher and self.versioned:
            note = (cleaned.get("change_note_pl") or "").strip()
            if new_state == PublicationState.WITHDRAWN and not note:
                self.add_error("change_note_pl", _("Give the public reason for the withdrawal (at least in Polish)."))
            elif was_public and new_state in PUBLIC_STATES and cleaned.get("change_kind") == "major" and not note:
                self.add_error("change_note_pl", _("A major change needs a change note (at least in Polish)."))
        return cleaned


class InlineRules(forms.ModelForm):
    """The workflow's rules for one row of an inline (a milestone in a commitment…)."""

    publisher = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        state = self.fields.get("publication_state")
        if state is not None:
            # A row follows its item's publication unless given its own (PublishingAdmin.follow_rows).
            state.required = False
        if state is not None and not self.publisher:
            state.choices = [(value, label) for value, label in state.choices if value in EDITOR_STATES]
            state.error_messages["invalid_choice"] = _(
                "Only a Publisher can publish, schedule or withdraw. Choose Draft or In review."
            )
        if "published_at" in self.fields and not self.publisher:
            self.fields["published_at"].disabled = True

    def clean_publication_state(self):
        return self.cleaned_data.get("publication_state") or self.instance.publication_state

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        public = instance.pk is not None and instance.was_ever_public
        if public and not self.publisher and self.has_changed():
            raise forms.ValidationError(_("This row has been published: only a Publisher can change it."))
        if public and cleaned.get("publication_state") in EDITOR_STATES:
            self.add_error("publication_state", _("A published row cannot go back to a draft; withdraw it instead."))
        return cleaned


class ProtectedInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk is not None and not form.instance.can_be_deleted:
                raise forms.ValidationError(
                    _("%(item)s has been published and cannot be deleted; withdraw it instead.")
                    % {"item": form.instance}
                )


class PublishingInline:
    """Mixin for inlines of publishable rows: applies InlineRules and refuses
    to delete rows that have been public."""

    formset = ProtectedInlineFormSet

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Rows of a proposal may change rows that are public: nothing is public before approval.
        publisher = can_publish(request.user) or proposals.replay_mode(request) is not None
        if obj is not None and proposals.is_proposing(request, obj, can_publish(request.user)):
            publisher = True
        formset.form = type(formset.form.__name__, (InlineRules, formset.form), {"publisher": publisher})
        return formset

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # Rows follow their item's publication (PublishingAdmin.follow_rows): only a Publisher
        # gives a row its own state and time, on purpose, and not while applying a proposal.
        if not can_publish(request.user) or proposals.replay_mode(request) is not None:
            readonly += [name for name in ("publication_state", "published_at") if name not in readonly]
        return readonly


class ShowingProposal:
    """The Editor's page opened on their proposal: the form shows its values and is
    never saved by opening it (the admin saves a valid bound form)."""

    def is_valid(self):
        super().is_valid()
        return False


class AuditedAdmin(OutdatedTranslationsNotice, StaffFormsAdmin, RevisionCheckedAdmin, admin.ModelAdmin):
    """Base of every admin on the site (accounts/admin.py wraps Django's and the
    libraries' own). Writes no Django LogEntry, which would be a second trail,
    and shows the audit trail as the item's history.

    The portal's own models are recorded by the trail itself, whatever the route
    (publishing/audit.py), so the admin adds nothing for them. Other models (staff
    accounts, groups, sign-in records, two-factor devices) are recorded here when
    changed in the admin, with Django's own description of the change."""

    def log_addition(self, request, obj, message):
        self._log_outside_the_trail(obj, "added", message)

    def log_change(self, request, obj, message):
        self._log_outside_the_trail(obj, "changed", message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._log_outside_the_trail(obj, "deleted", "")

    def _log_outside_the_trail(self, obj, action, message):
        if not audit.is_audited(type(obj)):
            audit.record(obj, action, {"admin": message} if message else {})

    # The trail in words, with the rows on the item's page (publishing/audit_display.py).
    object_history_template = "admin/audit_history.html"

    def history_view(self, request, object_id, extra_context=None):
        """Django's history page, listing the audit trail instead of LogEntry."""
        response = super().history_view(request, object_id, extra_context)
        if getattr(response, "context_data", None) is None or "object" not in response.context_data:
            return response  # a redirect or a refusal
        obj = response.context_data["object"]
        entries = audit_display.entries_for(self, request, obj)  # with its inline rows' entries
        paginator = self.get_paginator(request, entries, 100)
        page = paginator.get_page(request.GET.get(PAGE_VAR, 1))
        response.context_data.update(
            action_list=page,
            readable_list=audit_display.readable(page, obj),
            page_range=paginator.get_elided_page_range(page.number),
            pagination_required=paginator.count > 100,
        )
        return response

    def _audit(self, request, obj, action, changes):
        audit.record(obj, action, changes)


class PublishingAdmin(AuditedAdmin):
    """Base admin of every publishable model. Subclasses that keep public
    versions through another object (a milestone through its commitment)
    override ``versioned_object``."""

    form = PublishingForm
    # Fields that name the item in its permanent addresses: fixed once it has been public.
    frozen_once_public = ()

    def dependent_versioned(self, obj):
        """Other versioned items whose public snapshot shows this one (a value's
        name appears in its commitments): they get a new version when it changes."""
        return []

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.was_ever_public:
            readonly += [name for name in self.frozen_once_public if name not in readonly]
        if obj is not None and (self.proposing(request, obj) or proposals.replay_mode(request)):
            # A proposal changes the content, not the item's publication.
            readonly += [name for name in ("publication_state", "published_at") if name not in readonly]
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        fields = dict(super().get_prepopulated_fields(request, obj))
        if obj is not None and obj.was_ever_public:
            fields = {name: sources for name, sources in fields.items() if name not in self.frozen_once_public}
        return fields

    def versioned_object(self, obj):
        return obj if hasattr(obj, "public_snapshot") else None

    # Permissions ---------------------------------------------------------------

    # An Editor may change a public item: the change is kept as a proposal (save_model).

    def proposing(self, request, obj):
        return proposals.is_proposing(request, obj, can_publish(request.user))

    def acts_as_publisher(self, request):
        # A replayed proposal applies an Editor's form with the rules a Publisher's save has.
        return can_publish(request.user) or proposals.replay_mode(request) is not None

    def records_versions(self, request):
        return can_publish(request.user) and proposals.replay_mode(request) != proposals.DRY

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not obj.can_be_deleted:
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        if not obj.can_be_deleted:
            raise PermissionDenied(_("%(item)s has been published: withdraw it instead.") % {"item": obj})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        try:
            super().delete_queryset(request, queryset)
        except PublishedRecordError as error:
            raise PermissionDenied(str(error)) from error

    # The form ------------------------------------------------------------------

    def _workflow_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        versioned = hasattr(self.model, "public_snapshot") or self._versions_through_parent()
        attributes = {
            "publisher": self.acts_as_publisher(request),
            "versioned": versioned,
            "proposing": self.proposing(request, obj),
        }
        return type(form.__name__, (form,), attributes)

    def _versions_through_parent(self):
        return type(self).versioned_object is not PublishingAdmin.versioned_object

    def get_fieldsets(self, request, obj=None):
        workflow = ["change_kind", *(f"change_note_{language}" for language in LANGUAGE_NAMES)]
        fieldsets = [
            (title, {**options, "fields": _without(options.get("fields", ()), workflow)})
            for title, options in super().get_fieldsets(request, obj)
        ]
        if obj is not None and not self.has_change_permission(request, obj):
            return fieldsets  # read-only view: no form to submit
        if can_publish(request.user) and (hasattr(self.model, "public_snapshot") or self._versions_through_parent()):
            fieldsets.append((_("Public record"), {"fields": workflow}))
        return fieldsets

    # Saving ----------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        stored = type(obj)._base_manager.get(pk=obj.pk) if change else None
        if stored is not None and self.proposing(request, stored):
            if not getattr(request, "_on_change_page", False):
                # A row of a list (list_editable) is not a page a proposal can be reopened on.
                raise PermissionDenied(_("Only a Publisher can publish, schedule or withdraw."))
            # Not saved: kept until a Publisher approves it; the public sees the published version.
            request._proposal = proposals.keep(request, stored)
            return
        if change:
            # A row moved to another commitment changes the old one's public page too.
            request._previous_version_target = self.versioned_object(stored)
        if not self.acts_as_publisher(request) and obj.publication_state not in EDITOR_STATES:
            raise PermissionDenied(_("Only a Publisher can publish, schedule or withdraw."))
        request._previous_state = stored.publication_state if stored is not None else None
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if getattr(request, "_proposal", None) is not None:
            return  # kept with the proposal
        # The last line for inline rows, whatever form an inline uses (PublishingInline's rules
        # give the message): an Editor's save never makes a row public, and never changes or
        # deletes one that is or was public.
        if not self.acts_as_publisher(request):
            changed = [row_form for row_form in formset.forms if row_form.has_changed()]
            for row_form in [*changed, *formset.deleted_forms]:
                row = row_form.instance
                if isinstance(row, Publishable) and (row.publication_state in PUBLIC_STATES or _was_public(row)):
                    raise PermissionDenied(_("Only a Publisher can publish, schedule or withdraw."))
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "_proposal", None) is not None:
            return  # kept with the proposal: nothing, not even a many-to-many link, is saved
        super().save_related(request, form, formsets, change)
        obj = form.instance
        self.follow_rows(request, obj)
        if hasattr(obj, "refresh_progress"):
            obj.refresh_progress()
        if not self.acts_as_publisher(request):
            proposals.submitted(request, obj, getattr(request, "_previous_state", None))
        if not self.records_versions(request):
            return
        target = self.versioned_object(obj)
        if target is not None:
            target.refresh_from_db()
            self._record_version(request, target, form.cleaned_data)
        others = [getattr(request, "_previous_version_target", None), *self.dependent_versioned(obj)]
        for other in {item for item in others if item is not None and item != target}:
            other.refresh_from_db()
            self._record_version(request, other, {"change_kind": "minor"})

    def follow_rows(self, request, obj):
        """The rows on this page (a commitment's milestones, updates, documents, indicators)
        follow the item's publication unless published on their own on purpose: submitted with
        it, published with it (at its time, or now for a row added to an item already public),
        never public without a time."""
        if not isinstance(obj, Publishable) or obj.publication_state == PublicationState.WITHDRAWN:
            return
        for inline in self.get_inline_instances(request, obj):
            model = inline.model
            if not issubclass(model, Publishable) or "own_publication" not in {f.name for f in model._meta.fields}:
                continue
            fk = _get_foreign_key(type(obj), model)
            rows = model._base_manager.filter(**{fk.name: obj}, own_publication=False)
            if obj.publication_state == PublicationState.PUBLISHED:
                moment = max(obj.published_at, timezone.now())
                rows.exclude(publication_state__in=PUBLIC_STATES).update(
                    publication_state=PublicationState.PUBLISHED, published_at=moment
                )
            else:
                rows.exclude(publication_state__in=PUBLIC_STATES).exclude(
                    publication_state=obj.publication_state
                ).update(publication_state=obj.publication_state, published_at=None)

    # Proposals ----------------------------------------------------------------------------

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "_proposal", None) is not None:
            return []  # nothing was saved; the proposal is in the item's trail
        return super().construct_change_message(request, form, formsets, add)

    def response_change(self, request, obj):
        proposal = getattr(request, "_proposal", None)
        if proposal is None:
            return super().response_change(request, obj)
        messages.success(
            request,
            _(
                "Your changes to “%(item)s” are proposed: the public keeps seeing the published version "
                "until a Publisher approves them. The Publishers have been told."
            )
            % {"item": obj},
        )
        return HttpResponseRedirect(request.path)

    def _changeform_view(self, request, object_id, form_url, extra_context):
        obj = None
        if object_id is not None and proposals.replay_mode(request) is None:
            obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.proposing(request, obj):
            return super()._changeform_view(request, object_id, form_url, extra_context)
        request._on_change_page = "_saveasnew" not in request.POST
        proposal = proposals.open_proposal(obj)
        if request.method == "POST" and proposal is not None:
            # Files uploaded in an earlier round count as chosen again: nothing uploaded is lost.
            proposals.with_kept_files(request, proposal)
        if request.method == "GET":
            self._explain_proposing(request, obj, proposal)
        if request.method != "GET" or proposal is None:
            return super()._changeform_view(request, object_id, form_url, extra_context)
        # The page opens on the Editor's proposal, not on the published values: nothing typed is lost.
        shown = copy.copy(request)
        shown.method, shown.POST = "POST", proposals.form_data_for_editing(proposal, obj)
        shown._files = MultiValueDict()
        shown._showing_proposal = True
        return super()._changeform_view(shown, object_id, form_url, extra_context)

    def _explain_proposing(self, request, obj, proposal):
        messages.info(request, _("Changes will be proposed and published after approval."))
        if proposal is None:
            return
        if proposal.state == ProposalState.SENT_BACK:
            messages.warning(
                request,
                _("A Publisher sent your proposal back: %(comment)s") % {"comment": proposal.comment or "—"},
            )
        else:
            messages.info(
                request,
                _("This page shows the proposal waiting for review (by %(who)s, %(when)s); saving changes it.")
                % {
                    "who": proposal.updated_by or proposal.created_by or "?",
                    "when": date_format(localtime(proposal.updated_at), "DATETIME_FORMAT"),
                },
            )
        if proposals.stale(proposal, obj):
            messages.warning(
                request,
                _("The published item was changed after this proposal was made: check it against the public page."),
            )
        if proposal.files:
            names = ", ".join(kept["name"] for kept in proposal.files.values())
            messages.info(request, _("Files kept with the proposal: %(names)s.") % {"names": names})

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = self._workflow_form(request, obj, change=change, **kwargs)
        if not getattr(request, "_showing_proposal", False):
            return form
        return type(form.__name__, (ShowingProposal, form), {})

    def _record_version(self, request, target, data):
        recorded = versions.record_changes(
            target,
            user=request.user,
            major=data.get("change_kind", "major") != "minor",
            note={language: data.get(f"change_note_{language}", "") for language in LANGUAGE_NAMES},
        )
        for version in recorded:
            announce_version(self, request, target, version)

    # Links for staff ---------------------------------------------------------------

    def audit_trail(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("admin:publishing_auditentry_changelist")
        return format_html(
            '<a href="{}?content_type__id__exact={}&amp;object_id={}">{}</a>',
            url,
            _content_type_id(obj),
            quote(obj.pk),
            _("Show every change to this item"),
        )

    audit_trail.short_description = _("Audit trail")


def announce_version(model_admin, request, target, version):
    """Tell the Publisher about a version just recorded (and when it becomes
    public, if that is to come), and put it in the item's audit trail."""
    model_admin._audit(request, target, f"version {version.number}", {"state": version.state})
    link = format_html('<a href="{}">{}</a>', version.get_absolute_url(), f"{version.key} v{version.number}")
    if version.published_at > now():
        when = date_format(localtime(version.published_at), "DATETIME_FORMAT")
        messages.info(
            request,
            format_html("{} {} ({})", _("Public version recorded:"), link, _("public from %(time)s") % {"time": when}),
        )
    else:
        messages.info(request, format_html("{} {}", _("Public version recorded:"), link))


def _was_public(row):
    """Whether the stored row is public, or ever was (its form may already say otherwise)."""
    if row.pk is None:
        return False
    stored = type(row)._base_manager.filter(pk=row.pk, publication_state__in=PUBLIC_STATES).exists()
    return stored or PublicVersion.objects.for_object(row).exists()


def _content_type_id(obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


def _without(fields, names):
    """A fieldset's field list (which may hold tuples of fields on one line) minus ``names``."""
    kept = []
    for field in fields:
        if isinstance(field, list | tuple):
            line = [name for name in field if name not in names]
            if line:
                kept.append(tuple(line))
        elif field not in names:
            kept.append(field)
    return kept


class RecordAdmin(AuditedAdmin):
    """The public record and the audit trail can be read in the admin, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PublicVersion)
class PublicVersionAdmin(RecordAdmin):
    list_display = ("__str__", "state", "is_major", "published_at", "created_by", "fingerprint")
    list_filter = ("kind", "is_major", "state")
    search_fields = ("key", "change_note")
    readonly_fields = [field.name for field in PublicVersion._meta.fields]


@admin.register(AuditEntry)
class AuditEntryAdmin(audit_display.ReadableEntryAdmin, RecordAdmin):
    list_display = ("at", "user", "source", "action_in_words", "content_type", "object_repr")
    list_filter = ("action", "source", "content_type", "user")
    search_fields = ("object_repr",)
    readonly_fields = (
        "at", "user", "source", "action_in_words", "content_type", "object_id", "object_repr", "changes_in_words"
    )  # fmt: skip
    fields = readonly_fields  # in words: not the recorded action and changes as stored
    date_hierarchy = "at"


from . import admin_proposals  # noqa: E402, F401  (registers the review page of proposed changes)
