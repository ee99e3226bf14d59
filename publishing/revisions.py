"""Revisions: a counter on each row that every write increases, so that a form
opened at an older revision is refused instead of overwriting what somebody
saved in between (publishing/admin_revisions.py checks it in every admin form).

Every route that writes a row ends in one of two places, and both count:
- ``save()`` (admin change pages, inline rows, list_editable rows, the site's
  forms, loaders and management commands);
- ``update()`` on the model's querysets, which ``bulk_update()`` and the
  admin's bulk actions use too (``bulk_create()`` may not update rows).

The counter is increased by the database (``revision = revision + 1``), never
from the value an instance happens to hold: a stale instance saved late still
gives the row a new, higher revision, so a form opened before it is refused.
Fixture loads and backup restores (``raw``) keep the stored revision.
"""

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .audit import AuditedQuerySet

FIELD = "revision"


def has_revision(model):
    return any(field.name == FIELD for field in model._meta.concrete_fields)


def stored_revision(model, pk):
    """The row's revision as stored. Inside a transaction (every admin save is
    in one), the row stays locked until it ends: a concurrent save of the same
    row waits, then reads the revision this one's save wrote, and is refused."""
    rows = model._base_manager.filter(pk=pk)
    if transaction.get_connection(rows.db).in_atomic_block:
        rows = rows.select_for_update()
    return rows.values_list(FIELD, flat=True).first()


class RevisedQuerySet(AuditedQuerySet):
    def update(self, **fields):
        # A bulk write is a new revision of each row it touches, like a save.
        fields.setdefault(FIELD, F(FIELD) + 1)
        return super().update(**fields)

    def bulk_create(self, objs, *args, **kwargs):
        # An "upsert" would write the instances' own revisions over the stored ones.
        if kwargs.get("update_conflicts"):
            raise TypeError(
                f"{self.model._meta.label} has revisions: update existing rows with update() or bulk_update()."
            )
        return super().bulk_create(objs, *args, **kwargs)


class Revised(models.Model):
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    objects = RevisedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        stored = self.pk is not None and not self._state.adding and not kwargs.get("force_insert")
        if stored and (update_fields is None or update_fields):
            self.revision = F(FIELD) + 1
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, FIELD}
        try:
            super().save(*args, **kwargs)
        finally:
            if isinstance(self.__dict__.get(FIELD), models.Expression | F):
                # Deferred: read back from the database the next time it is used.
                del self.__dict__[FIELD]
