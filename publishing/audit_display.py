"""The audit trail as staff read it: actions in words, field labels instead of
column names, values before → after with choices, links and yes/no in words on
both sides, and on an item's history page the changes to its rows (milestones,
documents… shown on its change page) with their values.

The trail itself stays as recorded (publishing/audit.py: column names and raw
values, which a database query or an export can rely on); this only reads it.
"""

import contextlib
import datetime
from dataclasses import dataclass, field

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .audit import HIDDEN
from .models import AuditEntry, PublicationState

ACTIONS = {
    "added": pgettext_lazy("audit action", "added"),
    "changed": pgettext_lazy("audit action", "changed"),
    "deleted": pgettext_lazy("audit action", "deleted"),
    # A proposed change to a published item (publishing/proposals.py).
    "proposed": pgettext_lazy("audit action", "change proposed"),
    "approved": pgettext_lazy("audit action", "proposal approved"),
    "sent back": pgettext_lazy("audit action", "proposal sent back"),
}
EMPTY = "—"


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class ReadableEntry:
    entry: AuditEntry
    action: str
    # The row this entry is about, when it is not the item whose history is shown.
    row: str = ""
    changes: list[Change] = field(default_factory=list)
    note: str = ""

    # What Django's history template and the admin index read.
    def __getattr__(self, name):
        return getattr(self.entry, name)


def action_label(action):
    if action.startswith("version "):
        return gettext("public version %(number)s recorded") % {"number": action.split(" ", 1)[1]}
    return str(ACTIONS.get(action, action))


class Values:
    """Reads recorded values as words, looking each linked row up once per page."""

    def __init__(self):
        self.names = {}

    def label(self, model, name):
        try:
            return capfirst(str(model._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            return name

    def value(self, model, name, value):
        if value in ("", None):
            return EMPTY
        if value == HIDDEN:
            return value
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return value
        if getattr(model_field, "choices", None):
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(model_field, models.BooleanField):
            return gettext("yes") if value == "True" else gettext("no")
        if isinstance(model_field, models.DateTimeField):
            with contextlib.suppress(ValueError):
                return date_format(localtime(datetime.datetime.fromisoformat(value)), "DATETIME_FORMAT")
        if model_field.is_relation and model_field.related_model is not None:
            return ", ".join(self.name_of(model_field.related_model, pk.strip()) for pk in str(value).split(","))
        return value

    def name_of(self, model, pk):
        key = (model, pk)
        if key not in self.names:
            row = model._base_manager.filter(pk=pk).first() if pk.isdigit() else None
            self.names[key] = str(row) if row is not None else f"#{pk}"
        return self.names[key]


def readable(entries, item=None):
    """``entries`` as ReadableEntry, in the order given. Entries about rows other than
    ``item`` name their row ("Milestone “Resolution adopted”")."""
    values = Values()
    shown = []
    for entry in entries:
        model = entry.content_type.model_class()
        row = ""
        if item is not None and (model is not type(item) or entry.object_id != item.pk):
            kind = capfirst(model._meta.verbose_name) if model else entry.content_type.name
            row = f"{kind} „{entry.object_repr}”"
        readable_entry = ReadableEntry(entry, action_label(entry.action), row=row)
        for name, change in (entry.changes or {}).items():
            if name == "admin":  # Django's own description of a change to an account or a group
                readable_entry.note = LogEntry(change_message=change).get_change_message()
            elif entry.action == "approved" and name == "version" and change:
                note = (entry.changes or {}).get("change note") or ""
                readable_entry.note = gettext("Public version %(number)s. Change note: %(note)s") % {
                    "number": change,
                    "note": note or EMPTY,
                }
            elif entry.action == "sent back" and name == "comment":
                readable_entry.note = gettext("Comment for the Editor: %(comment)s") % {"comment": change}
            elif name == "state" and entry.action.startswith("version "):
                readable_entry.note = str(dict(PublicationState.choices).get(change, change))
            elif model is not None and isinstance(change, list) and len(change) == 2:
                old, new = (values.value(model, name, value) for value in change)
                readable_entry.changes.append(Change(values.label(model, name), old, new))
        shown.append(readable_entry)
    return shown


def entries_for(model_admin, request, obj):
    """The audit entries of ``obj`` and of the rows its change page shows in inlines
    (rows deleted since included: found by the link their "added" entry recorded)."""
    condition = Q(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    for inline in model_admin.get_inline_instances(request, obj):
        foreign_key = inline.get_formset(request, obj).fk
        content_type = ContentType.objects.get_for_model(inline.model)
        current = inline.model._base_manager.filter(**{foreign_key.name: obj}).values_list("pk", flat=True)
        former = AuditEntry.objects.filter(
            content_type=content_type, action="added", **{f"changes__{foreign_key.name}__1": str(obj.pk)}
        ).values_list("object_id", flat=True)
        condition |= Q(content_type=content_type, object_id__in=[*current, *former])
    return AuditEntry.objects.filter(condition).select_related("user", "content_type").order_by("at", "pk")


class ReadableEntryAdmin:
    """The trail's own list and entry pages, in words (AuditEntryAdmin)."""

    @admin.display(description=_("action"), ordering="action")
    def action_in_words(self, entry):
        return action_label(entry.action)

    @admin.display(description=_("changes"))
    def changes_in_words(self, entry):
        (shown,) = readable([entry])
        lines = [
            format_html("<li><strong>{}</strong>: {} → {}</li>", change.label, change.old, change.new)
            for change in shown.changes
        ]
        note = format_html("<p>{}</p>", shown.note) if shown.note else ""
        return format_html("{}<ul>{}</ul>", note, mark_safe("".join(lines)))  # noqa: S308 - each line escaped above
