"""Recording public versions: the snapshot of what the public sees, its
fingerprint, and the next number. Models that keep versions are registered
with ``registry.VersionKind`` (their URL word) and provide ``version_key`` and
``public_snapshot()``."""

import hashlib
import json

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation

from . import registry
from .models import PUBLIC_STATES, PublicVersion

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def in_all_languages(obj, field):
    """A translated field as {language: text}, exactly as stored (no fallback)."""
    return {language: getattr(obj, f"{field}_{language}", "") or "" for language in LANGUAGES}


def labels(get_label):
    """An interface label (a choice's display name) in every language."""
    result = {}
    for language in LANGUAGES:
        with translation.override(language):
            result[language] = str(get_label())
    return result


def iso(value):
    return value.isoformat() if value else None


def canonical_json(data):
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def fingerprint(state, snapshot):
    return hashlib.sha256(canonical_json({"state": state, "content": snapshot})).hexdigest()


def versions_of(obj):
    return PublicVersion.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


@transaction.atomic
def record(obj, *, user=None, major=True, note=None):
    """Store what the public now sees of ``obj`` as its next version, unless
    it is identical to the last one. ``note`` maps languages to the change note."""
    if obj.publication_state not in PUBLIC_STATES or obj.published_at is None:
        return None
    kind = registry.versions_of_model(type(obj))
    if kind is None:
        raise LookupError(f"{obj._meta.label} keeps no public versions: register it in its app's publishable.py.")
    snapshot = obj.public_snapshot()
    digest = fingerprint(obj.publication_state, snapshot)
    last = versions_of(obj).select_for_update().order_by("-number").first()
    if last is not None and last.fingerprint == digest:
        return last
    now = timezone.now()
    version = PublicVersion(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        number=last.number + 1 if last else 1,
        kind=kind.word,
        key=obj.version_key,
        state=obj.publication_state,
        # A first publication counts from its (possibly scheduled) time; a
        # correction is public from the moment it is saved.
        published_at=obj.published_at if last is None else max(obj.published_at, now),
        is_major=True if last is None else major,
        snapshot=snapshot,
        fingerprint=digest,
        created_by=user,
        **{f"change_note_{language}": (note or {}).get(language, "") for language in LANGUAGES},
    )
    version.save()
    return version
