"""Proposed changes to published items (DESIGN.md §9).

An Editor edits a published item on its ordinary admin page; the page's form,
as the browser sent it, is kept as a ``Proposal`` instead of being saved, and
the public keeps seeing the published version. The proposal is applied later
by *replaying* that form through the same admin (its forms, inline formsets,
rules and revision checks), in one of two modes:

- ``DRY``: inside a savepoint that is always rolled back, to show what would
  change (the readable diff of publishing/diff.py, per field and language,
  rows added, changed and removed) or a preview of the page;
- ``APPROVE``: by a Publisher, with a change note: a new public version.

Conflict rule: the form carries the revisions the Editor saw
(publishing/revisions.py). If the item, or a row of it, was saved since, the
replay is refused with the usual message and the Publisher sends the proposal
back; the Editor's page then opens on the proposal again, against the item as
it now is. One open proposal per item (a database constraint): another Editor
opening the page continues it.

Files uploaded with a proposal are stored at once (under ``proposals/``) and
given to the form again at every replay, so nothing uploaded is lost either.
"""

import copy
import logging
import mimetypes
import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.forms.formsets import all_valid
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from . import audit, registry
from .diff import compare
from .models import PUBLIC_STATES, Proposal, ProposalState, PublicationState, PublicVersion
from .versions import LANGUAGES, fingerprint

logger = logging.getLogger(__name__)

DRY = "dry"
APPROVE = "approve"
FILES_FOLDER = "proposals"
# Not replayed: the revision is refreshed when the Editor's page opens on the proposal again.
REVISION_SUFFIX = "seen_revision"


def replay_mode(request):
    return getattr(request, "_proposal_replay", None)


def open_proposal(obj):
    if obj is None or obj.pk is None:
        return None
    return Proposal.objects.for_object(obj).open().select_related("created_by", "updated_by").first()


def is_proposing(request, obj, publisher):
    """An Editor's save of a public item is a proposal (not in a replay, which applies one)."""
    return (
        obj is not None
        and obj.pk is not None
        and not publisher
        and replay_mode(request) is None
        and obj.publication_state in PUBLIC_STATES
    )


# Keeping a proposal ---------------------------------------------------------------------------


def _form_data(post):
    return {name: values for name, values in post.lists() if name not in ("csrfmiddlewaretoken", "_save")}


def _store_files(files):
    kept = {}
    for name, upload in files.items():
        suffix = PurePath(upload.name).suffix.lower()[:10]
        path = default_storage.save(f"{FILES_FOLDER}/{uuid.uuid4().hex}{suffix}", upload)
        kept[name] = {"path": path, "name": PurePath(upload.name).name[:255]}
    return kept


def with_kept_files(request, proposal):
    """The request's files, with the proposal's earlier uploads where none was chosen again."""
    files = request.FILES.copy()
    kept = _uploads(proposal)
    reused = [name for name in kept if name not in files]
    for name in reused:
        files.setlist(name, kept.getlist(name))
    request._files = files
    request._reused_files = {name: proposal.files[name] for name in reused}


@transaction.atomic
def keep(request, obj):
    """The Editor's form for ``obj``, kept as its open proposal (a new one, or the one open)."""
    proposal = Proposal.objects.for_object(obj).open().select_for_update().first()
    reused = getattr(request, "_reused_files", {})
    files = {**reused, **_store_files({k: v for k, v in request.FILES.items() if k not in reused})}
    if proposal is None:
        proposal = Proposal(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, created_by=request.user
        )
    else:
        # Files chosen in an earlier round and not chosen again stay with the proposal.
        files = {**proposal.files, **files}
    proposal.object_repr = str(obj)[:300]
    proposal.data = _form_data(request.POST)
    proposal.files = files
    proposal.state = ProposalState.OPEN
    proposal.updated_by = request.user
    proposal.rounds += 1
    proposal.save()
    audit.record(obj, "proposed", {"proposal": proposal.pk})
    transaction.on_commit(lambda: notify_publishers(request, proposal.object_repr, proposal.get_admin_url()))
    return proposal


def form_data_for_editing(proposal, obj):
    """The proposal's form for the Editor's page: their own values, at the item's current revision."""
    data = QueryDict(mutable=True)
    for name, values in proposal.data.items():
        if name.endswith(REVISION_SUFFIX):
            continue
        data.setlist(name, values)
    if hasattr(obj, "revision"):
        data.setlist(REVISION_SUFFIX, [str(obj.revision)])
    return data


def stale(proposal, obj):
    """Whether the item was saved after the proposal was made (its form saw an older revision)."""
    seen = proposal.data.get(REVISION_SUFFIX, [""])[0]
    return hasattr(obj, "revision") and seen.isdigit() and int(seen) != obj.revision


# Replaying it ----------------------------------------------------------------------------------


def _uploads(proposal):
    files = MultiValueDict()
    for name, kept in proposal.files.items():
        try:
            with default_storage.open(kept["path"], "rb") as handle:
                content = handle.read()
        except FileNotFoundError:
            continue
        kind = mimetypes.guess_type(kept["name"])[0] or "application/octet-stream"
        files.setlist(name, [SimpleUploadedFile(kept["name"], content, content_type=kind)])
    return files


def _replay_request(request, proposal, mode, extra):
    replayed = copy.copy(request)
    replayed.method = "POST"
    data = QueryDict(mutable=True)
    for name, values in proposal.data.items():
        data.setlist(name, values)
    for name, value in extra.items():
        data.setlist(name, [value])
    replayed.POST, replayed._files = data, _uploads(proposal)
    replayed._proposal_replay = mode
    return replayed


class NotApplicable(Exception):
    """The proposal cannot be applied as it is (a conflict, or the rules refuse it)."""

    def __init__(self, errors):
        super().__init__("; ".join(errors))
        self.errors = errors


def _errors(form, formsets):
    found = [
        f"{form.fields[name].label if name in form.fields else ''}: {' '.join(messages_)}".lstrip(": ")
        for name, messages_ in form.errors.items()
    ]
    for formset in formsets:
        found += [str(error) for error in formset.non_form_errors()]
        for row in formset.forms:
            for name, messages_ in row.errors.items():
                label = row.fields[name].label if name in row.fields else ""
                name = formset.model._meta.verbose_name
                found.append(f"{name}: {label}: {' '.join(messages_)}".replace(": : ", ": "))
    return found or [_("The proposal could not be applied.")]


def replay(proposal, request, mode, extra=None):
    """Apply ``proposal`` through its item's admin page, as the page would save it.
    Returns the saved item; raises NotApplicable with the forms' messages."""
    model = proposal.content_type.model_class()
    model_admin = admin.site._registry[model]
    obj = model._base_manager.get(pk=proposal.object_id)
    replayed = _replay_request(request, proposal, mode, extra or {})
    fieldsets = model_admin.get_fieldsets(replayed, obj)
    form_class = model_admin.get_form(replayed, obj, change=True, fields=flatten_fieldsets(fieldsets))
    form = form_class(replayed.POST, replayed.FILES, instance=obj)
    formsets, _inlines = model_admin._create_formsets(replayed, form.instance, change=True)
    valid = form.is_valid()
    if not (all_valid(formsets) and valid):
        raise NotApplicable(_errors(form, formsets))
    saved = model_admin.save_form(replayed, form, change=True)
    model_admin.save_model(replayed, saved, form, True)
    model_admin.save_related(replayed, form, formsets, True)
    return saved


def versioned_target(obj):
    """The item whose public version shows ``obj`` (itself, or a milestone's commitment)."""
    model_admin = admin.site._registry.get(type(obj))
    if model_admin is not None and hasattr(model_admin, "versioned_object"):
        return model_admin.versioned_object(obj)
    return obj if hasattr(obj, "public_snapshot") else None


def _public_snapshot(target):
    return target.public_snapshot(), target.publication_state


class _Rollback(Exception):
    pass


def dry_run(proposal, request, look):
    """``look(item)`` on the item with the proposal applied, then everything undone."""
    result = {}
    try:
        with transaction.atomic():
            obj = replay(proposal, request, DRY)
            result["value"] = look(obj)
            raise _Rollback
    except _Rollback:
        pass
    return result["value"]


def changes(proposal, request):
    """What the proposal changes on the public page, per language: [(language, [Change])]."""
    obj = proposal.item
    target = versioned_target(obj)
    if target is None:
        return []
    before, before_state = _public_snapshot(target)

    def after(item):
        shown = versioned_target(item)
        shown.refresh_from_db()
        return _public_snapshot(shown)

    proposed, proposed_state = dry_run(proposal, request, after)
    labels = registry.versions_of_model(type(target)).labels
    return [
        (language, compare(before, proposed, before_state, proposed_state, language, labels)) for language in LANGUAGES
    ]


def field_changes(proposal, request):
    """For an item that keeps no public versions (a level, a page…): each field the proposal
    changes on it and its rows, old and new, as the audit trail records the rolled-back replay."""
    from .models import AuditEntry

    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def look(item):
        found = []
        entries = AuditEntry.objects.filter(pk__gt=last, user=request.user).select_related("content_type")
        for entry in entries.order_by("pk"):
            model = entry.content_type.model_class()
            for name, pair in entry.changes.items():
                if not isinstance(pair, list) or len(pair) != 2:
                    continue
                try:
                    label = str(model._meta.get_field(name).verbose_name)
                except FieldDoesNotExist:  # a name that is not a field is shown as it is
                    label = name
                found.append((entry.object_repr, label, pair[0], pair[1]))
        return found

    return dry_run(proposal, request, look)


def unchanged(proposal, request):
    """Whether applying the proposal would leave the public page exactly as it is."""
    target = versioned_target(proposal.item)
    if target is None:
        return False
    before = fingerprint(*reversed(_public_snapshot(target)))

    def after(item):
        shown = versioned_target(item)
        shown.refresh_from_db()
        return fingerprint(*reversed(_public_snapshot(shown)))

    return dry_run(proposal, request, after) == before


@transaction.atomic
def approve(proposal, request, note, major=True):
    """Apply the proposal as the Publisher, recording a public version with ``note``."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    extra = {"change_kind": "major" if major else "minor"}
    extra.update({f"change_note_{language}": note.get(language, "") for language in LANGUAGES})
    obj = replay(proposal, request, APPROVE, extra)
    proposal.state = ProposalState.APPROVED
    proposal.decided_by, proposal.decided_at = request.user, timezone.now()
    proposal.save()
    target = versioned_target(obj)
    version = PublicVersion.objects.for_object(target).order_by("-number").first() if target else None
    audit.record(
        obj,
        "approved",
        {"proposal": proposal.pk, "change note": note.get("pl", ""), "version": version.number if version else None},
    )
    return obj


@transaction.atomic
def send_back(proposal, user, comment):
    proposal.state = ProposalState.SENT_BACK
    proposal.comment = comment
    proposal.decided_by, proposal.decided_at = user, timezone.now()
    proposal.save()
    item = proposal.item
    if item is not None:
        audit.record(item, "sent back", {"proposal": proposal.pk, "comment": comment})


# Telling the Publishers --------------------------------------------------------------------------


def publishers():
    from .roles import PUBLISHER

    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return users.filter(groups__name=PUBLISHER).distinct()


def notify_publishers(request, what, admin_path):
    """An e-mail to every Publisher: something waits for review. A mail that fails
    never undoes the submission (this runs after it is committed); it is logged
    and the Editor is told to let a Publisher know another way."""
    recipients = list(publishers().values_list("email", flat=True))
    if not recipients:
        return
    address = request.build_absolute_uri(admin_path) if request is not None else admin_path
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Waiting for review: %(item)s") % {"item": what}
        body = _("%(who)s submitted “%(item)s” for review.\n\nReview queue: %(queue)s\nThe item: %(address)s\n") % {
            "who": getattr(request, "user", None) or "?",
            "item": what,
            "queue": request.build_absolute_uri(reverse("admin:index")) if request is not None else "",
            "address": address,
        }
    try:
        send_mail(subject, body, None, recipients)
    except Exception:
        logger.exception("The review notice for %s could not be sent", what)
        if request is not None:
            messages.warning(
                request,
                _("Saved, but the e-mail to the Publishers could not be sent: please tell a Publisher yourself."),
            )


def submitted(request, obj, previous_state):
    """After an Editor's save: a submission for review is announced (and mailed)."""
    if obj.publication_state == PublicationState.IN_REVIEW and previous_state != PublicationState.IN_REVIEW:
        messages.success(
            request,
            _(
                "“%(item)s” was submitted for review. The Publishers have been told; "
                "it is public once one of them publishes it."
            )
            % {"item": obj},
        )
        path = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
        transaction.on_commit(lambda: notify_publishers(request, str(obj), path))
