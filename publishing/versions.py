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

from . import ledger, registry
from .models import PUBLIC_STATES, PublicVersion, as_of

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


def snapshot_as_of(obj, moment):
    """What the public sees of ``obj`` at ``moment`` (now or to come), and its fingerprint."""
    with as_of(moment):
        snapshot = obj.public_snapshot()
    return snapshot, fingerprint(obj.publication_state, snapshot)


def scheduled_moments(obj, after):
    """The times after ``after`` at which rows shown in ``obj``'s snapshot
    (a milestone, an update…) are due to be published: each may make a version."""
    schedule = getattr(obj, "scheduled_changes", None)
    return sorted({moment for moment in (schedule(after) if schedule else ()) if moment > after})


def record(obj, *, user=None, major=True, note=None):
    """Record what the public sees of ``obj`` (see ``record_changes``): the
    first new version, else the latest one, or None for an item never public."""
    new, latest = _record(obj, user=user, major=major, note=note)
    return new[0] if new else latest


def record_changes(obj, *, user=None, major=True, note=None):
    """Like ``record``, returning only the versions it recorded (now or ahead), oldest first."""
    return _record(obj, user=user, major=major, note=note)[0]


@transaction.atomic
def _record(obj, *, user, major, note):
    """Store what the public sees of ``obj`` as its next version, unless it
    is identical to the last one; and, ahead of time, a version for each
    moment a row it shows is scheduled to be published, computed as of that
    moment and public from then (``PublicVersion.objects.public()``). So the
    latest public version is what the public sees at every moment, with no
    background job. ``note`` maps languages to the change note.

    Versions recorded ahead were never public: each call records them again
    from the content as it now is (a correction made today is in them too).
    One still at the same moment keeps the note and author it was scheduled
    with. Returns (the new versions, the latest version)."""
    if obj.publication_state not in PUBLIC_STATES or obj.published_at is None:
        return [], None
    kind = registry.versions_of_model(type(obj))
    if kind is None:
        raise LookupError(f"{obj._meta.label} keeps no public versions: register it in its app's publishable.py.")
    existing = list(versions_of(obj).select_for_update().order_by("number"))
    now = timezone.now()
    public = [version for version in existing if version.published_at <= now]
    pending = [version for version in existing if version.published_at > now]
    last = public[-1] if public else None
    # What the public sees from now, or from a scheduled first publication;
    # then what each scheduled row will add when it is due.
    start = max(obj.published_at, now)
    moments = [(start, start)] + [(moment, moment) for moment in scheduled_moments(obj, start)]
    if last is None:
        # A first publication counts from its own time, even if that is past.
        moments[0] = (obj.published_at, start)
    planned, previous = [], last
    for dated, moment in moments:
        snapshot, digest = snapshot_as_of(obj, moment)
        if previous is not None and previous.fingerprint == digest:
            continue
        number = (previous.number if previous is not None else 0) + 1
        previous = PublicVersion(number=number, published_at=dated, snapshot=snapshot, fingerprint=digest)
        planned.append(previous)
    if [(v.published_at, v.fingerprint) for v in planned] == [(v.published_at, v.fingerprint) for v in pending]:
        return [], (pending[-1] if pending else last)  # nothing new, now or ahead
    # Never public, so never seen or cited: replaced by what is now planned.
    PublicVersion.objects.filter(pk__in=[version.pk for version in pending]).delete()
    scheduled_with = {version.published_at: version for version in pending}
    content_type = ContentType.objects.get_for_model(obj)
    for version in planned:
        earlier = scheduled_with.get(version.published_at)
        version.content_type, version.object_id = content_type, obj.pk
        version.kind, version.key, version.state = kind.word, obj.version_key, obj.publication_state
        version.is_major = True if version.number == 1 else (earlier.is_major if earlier else major)
        version.created_by = earlier.created_by if earlier else user
        for language in LANGUAGES:
            field = f"change_note_{language}"
            setattr(version, field, getattr(earlier, field) if earlier else (note or {}).get(language, ""))
        version.save()
    # What is public from now enters the ledger now; what is scheduled, at its time.
    ledger.extend()
    return planned, (planned[-1] if planned else last)
