"""The audit trail: one ``AuditEntry`` for every change to a row of the
portal's own apps (settings.LOCAL_APPS), whatever made it.

It is recorded where the change happens, not where it was asked for:
- ``save()`` and ``delete()`` through the model signals, with each changed
  field's value before and after (the admin, the site's own forms, content
  loaders and every management command all end there);
- many-to-many links through ``m2m_changed``, as the linked ids before and after;
- bulk ``update()``, ``bulk_update()`` and ``bulk_create()``, which send no
  signal, through ``AuditedQuerySet``, which every audited model's managers use
  (a test walks the models to keep it so).

Who: during a request, the signed-in user (``AuditRequestMiddleware``) and
whether it came through the admin or the public site; outside requests, no
user, and ``source`` names the management command (set by ``manage.py``) or
says ``script`` (a shell, a test, a cron job calling Python).

Not recorded: rows loaded from a fixture (``raw``: a restore replays history,
it does not make it); models that set ``audited = False`` (the records
themselves, machine bookkeeping); the values, but not the fact, of a model's
``audit_private_fields`` (personal data, which must go when its row is erased);
fields that record the change itself (``auto_now`` times, the revision counter).

Django's admin ``LogEntry`` is no longer written (see AuditedAdmin): one trail.
"""

import contextlib
import contextvars
import datetime
import decimal
import functools
import json

from django.db import models
from django.utils import timezone

from core import backup

# Publishable.revision counts saves to refuse stale forms: the save is the record.
BOOKKEEPING_FIELDS = {"revision"}
HIDDEN = "***"
MAX_TEXT = 500

LINK_ACTIONS = ("pre_add", "pre_remove", "pre_clear", "post_add", "post_remove", "post_clear")

_request = contextvars.ContextVar("audit_request", default=None)
_source = contextvars.ContextVar("audit_source", default="script")
_audited = set()


@contextlib.contextmanager
def recorded_as(source):
    """Changes made inside are recorded with this ``source`` (outside requests)."""
    token = _source.set(source[:60])
    try:
        yield
    finally:
        _source.reset(token)


class AuditRequestMiddleware:
    """Makes the request's user known to the audit trail while the request runs.
    After AuthenticationMiddleware; the user is looked up only if something is saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def _who():
    request = _request.get()
    if request is None:
        return None, _source.get()
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    source = "admin" if match is not None and "admin" in match.namespaces else "site"
    return (user if user is not None and user.is_authenticated else None), source


def is_audited(model):
    return model in _audited


@functools.cache
def _fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key
        and field.name not in BOOKKEEPING_FIELDS
        and field.name not in _translated(model)
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
    ]


def _translated(model):
    """modeltranslation keeps the original column (``title``) beside the
    per-language ones (``title_pl``…) that hold the same text: record those."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def _text(value, field=None):
    """A value as text that compares equal whichever way it was read."""
    if isinstance(field, models.JSONField):
        text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    elif isinstance(value, list | tuple | set):
        text = ", ".join(sorted(str(item) for item in value))
    elif isinstance(value, datetime.datetime) and timezone.is_aware(value):
        text = str(timezone.localtime(value))  # the database answers in UTC, forms in local time
    elif isinstance(value, decimal.Decimal):
        text = format(value.normalize(), "f")  # 5, 5.0 and 5.00 are one value
    else:
        text = "" if value is None else str(value)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


def _values(model, obj):
    """{field name: value as text} of an instance or of a ``values()`` row."""
    values = {}
    for field in _fields(model):
        value = obj.get(field.attname) if isinstance(obj, dict) else field.value_from_object(obj)
        with contextlib.suppress(Exception):  # a value that does not clean: compare it as given
            value = field.to_python(value)
        values[field.name] = _text(value, field)
    return values


def _diff(model, before, after):
    private = set(getattr(model, "audit_private_fields", ()))
    return {
        name: [HIDDEN, HIDDEN] if name in private else [before.get(name, ""), value]
        for name, value in after.items()
        if before.get(name, "") != value
    }


def _as_added(model, obj):
    """The fields a new row was given (empty ones left out)."""
    return _diff(model, {}, {name: value for name, value in _values(model, obj).items() if value})


def _repr(model, obj):
    if getattr(model, "audit_private_fields", ()):
        return f"{model._meta.verbose_name} #{obj.pk}"  # str() may quote the personal data
    return str(obj)[:300]


def _entry(obj, action, changes, model):
    from django.contrib.contenttypes.models import ContentType

    from .models import AuditEntry

    user, source = _who()
    return AuditEntry(
        user=user,
        source=source,
        action=action,
        content_type=ContentType.objects.get_for_model(model),
        object_id=obj.pk,
        object_repr=_repr(model, obj),
        changes=changes,
    )


def record(obj, action, changes, model=None):
    """Writes one entry. Also for actions of the workflow (``version 3``). Nothing
    while a backup is restored: its rows, many-to-many links included, are history."""
    if backup.is_restoring():
        return None
    entry = _entry(obj, action, changes, model or type(obj))
    entry.save()
    return entry


def _record_many(entries):
    from .models import AuditEntry

    AuditEntry.objects.bulk_create(entries)


# Saves and deletions ---------------------------------------------------------------


def _before_save(sender, instance, raw=False, **kwargs):
    if raw or not is_audited(sender) or instance._state.adding or instance.pk is None:
        return
    stored = sender._base_manager.filter(pk=instance.pk).values(*(field.attname for field in _fields(sender))).first()
    instance._audit_before = _values(sender, stored) if stored is not None else None


def _after_save(sender, instance, created, raw=False, **kwargs):
    if raw or not is_audited(sender):
        return
    before = instance.__dict__.pop("_audit_before", None)
    after = _values(sender, instance)
    if created or before is None:
        record(instance, "added", _as_added(sender, instance))
        return
    changes = _diff(sender, before, after)
    if changes:
        record(instance, "changed", changes)


def _after_delete(sender, instance, **kwargs):
    if is_audited(sender):
        record(instance, "deleted", {})


def _m2m_field(instance, through):
    for field in instance._meta.get_fields():
        if field.many_to_many and getattr(field.remote_field, "through", None) is through:
            return field.name  # declared on this model
        if field.many_to_many and getattr(field, "through", None) is through:
            return field.get_accessor_name()  # the reverse side
    return None


def _links_changed(sender, instance, action, reverse, **kwargs):
    model = type(instance)
    if not is_audited(model) or action not in LINK_ACTIONS:
        return
    name = _m2m_field(instance, sender)
    if name is None:
        return
    linked = _text([obj.pk for obj in getattr(instance, name).all()])
    stash = instance.__dict__.setdefault("_audit_links", {})
    if action.startswith("pre_"):
        stash[name] = linked
    elif stash.get(name, "") != linked:
        record(instance, "changed", {name: [stash.pop(name, ""), linked]})


# Bulk changes ---------------------------------------------------------------------------


class AuditedQuerySet(models.QuerySet):
    """Bulk writes that send no signal, recorded row by row like a save.
    (``bulk_update()`` is recorded too: Django runs it through ``update()``.)"""

    def update(self, **kwargs):
        if not is_audited(self.model):
            return super().update(**kwargs)
        names = [field.attname for field in _fields(self.model)]
        before = {row["pk"]: row for row in self.values("pk", *names)}
        count = super().update(**kwargs)
        self._record_changes(before, names)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if is_audited(self.model):
            _record_many(
                _entry(
                    obj,
                    "added",
                    _diff(self.model, {}, {k: v for k, v in _values(self.model, obj).items() if v}),
                    self.model,
                )
                for obj in created
                if obj.pk is not None  # no id comes back for a row skipped by ignore_conflicts
            )
        return created

    def _record_changes(self, before, names):
        after = {row["pk"]: row for row in self.model._base_manager.filter(pk__in=before).values("pk", *names)}
        changes = {
            pk: diff
            for pk, row in after.items()
            if (diff := _diff(self.model, _values(self.model, before[pk]), _values(self.model, row)))
        }
        objs = self.model._base_manager.in_bulk(list(changes))
        _record_many(_entry(objs[pk], "changed", diff, self.model) for pk, diff in changes.items())


def connect_signals():
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

    from core.apps import portal_models

    _audited.update(model for model in portal_models() if getattr(model, "audited", True))
    pre_save.connect(_before_save, dispatch_uid="audit-pre-save")
    post_save.connect(_after_save, dispatch_uid="audit-post-save")
    post_delete.connect(_after_delete, dispatch_uid="audit-post-delete")
    m2m_changed.connect(_links_changed, dispatch_uid="audit-m2m")
