"""The public ledger: every public version of the whole site, one entry each, in a
hash chain. Each entry holds the version's kind, key, number, publication time and
fingerprint, and the hash of the entry before it; its own hash is the SHA-256 of its
canonical form (publishing/verify_ledger.py documents it and is the standalone verifier
anyone can download). So the newest entry, the *head*, commits to every version ever
public: whoever saved a head can check, later, that the ledger still extends it.

When a version enters: once its publication time has come, and without a background job.
Whatever reads the ledger (the open-data page, the feeds, the verify page, the downloads,
``verify_record``) and the recorder itself first call ``extend()``, which appends, under a
lock, every public version not yet chained, ordered by (publication time, id). A version
scheduled ahead thus enters at the first read after its time, after everything published
before it.

The chain's order is the order of entry, and each entry records the publication time.
A version recorded late (a first publication dated in the past, say) enters after the
head, with its earlier time: the chain never reorders what it already holds, since that
would change every later hash and break the heads people saved.

Entries are never changed or deleted: triggers refuse it (publishing/append_only.py)."""

import csv
import datetime
import io
import json
import re
import urllib.parse

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import verify_ledger
from .verify_ledger import FIELDS, GENESIS

# Any constant that is ours: the advisory lock serialising appends on PostgreSQL.
LOCK = 4_017_001


def utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class LedgerEntry(models.Model):
    sequence = models.PositiveBigIntegerField(_("sequence"), primary_key=True)
    version = models.OneToOneField(
        "publishing.PublicVersion", on_delete=models.PROTECT, related_name="ledger_entry", verbose_name=_("version")
    )
    kind = models.CharField(_("kind"), max_length=20)
    key = models.CharField(_("key"), max_length=120)
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published at"))
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    # Entries are added while public pages render, and only when a version is recorded or
    # falls due, which already moves the page cache on; they are their own record.
    affects_public_pages = False
    audited = False

    class Meta:
        app_label = "publishing"
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger")
        ordering = ["sequence"]

    def __str__(self):
        return f"{self.sequence} {self.kind} {self.key} v{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            from .models import PublishedRecordError

            raise PublishedRecordError(_("A ledger entry is never changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        from .models import PublishedRecordError

        raise PublishedRecordError(_("A ledger entry is never deleted."))

    def canonical_fields(self):
        return {
            "sequence": self.sequence,
            "kind": self.kind,
            "key": self.key,
            "number": self.number,
            "published_at": utc(self.published_at),
            "fingerprint": self.fingerprint,
            "previous_hash": self.previous_hash,
        }

    def as_dict(self):
        return {**self.canonical_fields(), "hash": self.hash}


def _unchained(moment):
    from .models import PublicVersion

    return PublicVersion.objects.filter(published_at__lte=moment, ledger_entry__isnull=True)


def _lock():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])


def extend(moment=None):
    """Append every version whose time has come and which is not chained yet. One cheap
    query when there is nothing to append (every read of the ledger pays only that)."""
    moment = moment or timezone.now()
    if not _unchained(moment).exists():
        return []
    with transaction.atomic():
        _lock()  # concurrent readers wait here, then find the versions chained
        head = LedgerEntry.objects.order_by("-sequence").first()
        sequence, previous = (head.sequence, head.hash) if head else (0, GENESIS)
        added = []
        for version in (
            _unchained(moment)
            .order_by("published_at", "pk")
            .only("kind", "key", "number", "published_at", "fingerprint")
        ):
            sequence += 1
            entry = LedgerEntry(
                sequence=sequence,
                version=version,
                kind=version.kind,
                key=version.key,
                number=version.number,
                published_at=version.published_at,
                fingerprint=version.fingerprint,
                previous_hash=previous,
            )
            entry.hash = previous = verify_ledger.entry_hash(entry.canonical_fields())
            added.append(entry)
        LedgerEntry.objects.bulk_create(added)
        return added


def head():
    """The newest entry (after extending the chain), or None while nothing is public."""
    extend()
    return LedgerEntry.objects.order_by("-sequence").first()


def entries():
    extend()
    return LedgerEntry.objects.order_by("sequence")


def jsonl():
    """The ledger as JSON Lines: one entry per line, each in its canonical form plus its hash."""
    for entry in entries().iterator():
        yield verify_ledger.canonical(entry.as_dict()).decode() + "\n"


def csv_lines():
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*FIELDS, "hash"])
    yield buffer.getvalue()
    for entry in entries().iterator():
        buffer.seek(0)
        buffer.truncate()
        row = entry.as_dict()
        writer.writerow([row[name] for name in (*FIELDS, "hash")])
        yield buffer.getvalue()


def check_record():
    """Every break in the record, as sentences: the chain itself, every version against
    its entry (fingerprint, time), and every snapshot against its fingerprint."""
    from .models import PublicVersion

    extend()
    rows = [entry.as_dict() for entry in LedgerEntry.objects.order_by("sequence").iterator()]
    problems = verify_ledger.check_chain(rows)
    by_sequence = {row["sequence"]: row for row in rows}
    chained = dict(LedgerEntry.objects.values_list("version_id", "sequence"))
    due = timezone.now()
    for version in PublicVersion.objects.order_by("pk").iterator():
        name = f"version {version.kind} {version.key} v{version.number}"
        if verify_ledger.fingerprint(version.state, version.snapshot) != version.fingerprint:
            problems.append(f"{name}: its snapshot does not hash to its fingerprint (the snapshot was changed)")
        row = by_sequence.get(chained.get(version.pk))
        if row is None:
            if version.published_at <= due:
                problems.append(f"{name}: public but not in the ledger")
            continue
        if row["fingerprint"] != version.fingerprint:
            problems.append(f"{name}: the ledger's entry {row['sequence']} has another fingerprint")
        if row["published_at"] != utc(version.published_at):
            problems.append(f"{name}: published at {utc(version.published_at)}, the ledger says {row['published_at']}")
    return problems, rows


# The verify page: what a visitor pasted or uploaded, checked against the record -------------------------------

VERSION_ADDRESS = re.compile(r"(?:^|/)(?:(?:en|uk|be)/)?wersje/([^/?#\s]+)/([^/?#\s]+)/(\d{1,9})(?:/|$)")
FINGERPRINT = re.compile(r"^[0-9a-fA-F]{64}$")
# A saved snapshot is a few hundred kilobytes at most; anything larger is not one.
UPLOAD_LIMIT = 2_000_000


class NotUnderstood(ValueError):
    """Input the verify page cannot read: its message says what to give instead."""


def find(text):
    """The public versions a pasted address or fingerprint names (with their ledger
    entries), or NotUnderstood."""
    from .models import PublicVersion

    text = urllib.parse.unquote(text.strip())
    public = PublicVersion.objects.public().select_related("ledger_entry")
    if FINGERPRINT.match(text):
        return list(public.filter(fingerprint=text.lower()).order_by("published_at", "pk")[:20])
    match = VERSION_ADDRESS.search(urllib.parse.urlsplit(text).path if "://" in text else text)
    if match is None:
        raise NotUnderstood(
            _(
                "Paste the address of a version (it contains /wersje/ and ends with its number) "
                "or a fingerprint of 64 hexadecimal characters."
            )
        )
    kind, key, number = match.groups()
    return list(public.filter(kind=kind, key=key, number=int(number)))


def check_upload(upload):
    """A downloaded snapshot: does its content still hash to its fingerprint, and which
    public versions (and ledger entries) have that fingerprint?"""
    if upload.size > UPLOAD_LIMIT:
        raise NotUnderstood(_("This file is too large to be a saved version."))
    try:
        data = json.loads(upload.read().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise NotUnderstood(
            _("This file is not JSON. Upload the snapshot (JSON) downloaded from a version's page.")
        ) from None
    content = data.get("content", data.get("snapshot")) if isinstance(data, dict) else None
    if content is None or not isinstance(data.get("state"), str) or not isinstance(data.get("fingerprint"), str):
        raise NotUnderstood(_("This JSON is not a saved version: it needs its content, state and fingerprint."))
    computed = verify_ledger.fingerprint(data["state"], content)
    return {"claimed": data["fingerprint"], "computed": computed, "intact": computed == data["fingerprint"]}
