"""The public record anyone can verify (issue 17, parts 1-3): versions and the ledger are
append-only in the database itself; every public version enters a hash chain; the chain,
the fingerprints and saved snapshots are checked by ``verify_record``, by the verify page
and by the standalone script, which detect each kind of tampering."""

import datetime
import json
import shutil
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from publishing import append_only, ledger, verify_ledger, versions
from publishing.ledger import LedgerEntry
from publishing.models import PublicVersion

from . import factories
from .conftest import BASE_DIR

pytestmark = pytest.mark.django_db


def refused(action):
    with pytest.raises(DatabaseError, match=r"append-only|protected"), transaction.atomic():
        action()


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.both_databases
def test_versions_and_ledger_refuse_update_and_delete_in_the_database(official):
    version = PublicVersion.objects.order_by("pk").first()
    entry = ledger.head()
    assert set(append_only.TABLES) and len(append_only.triggers_present(connection)) >= 4
    refused(lambda: PublicVersion.objects.filter(pk=version.pk).update(change_note="rewritten"))
    refused(lambda: PublicVersion.objects.filter(pk=version.pk).delete())
    refused(lambda: PublicVersion.objects.filter(pk=version.pk)._raw_delete(connection.alias))
    refused(lambda: raw("UPDATE publishing_publicversion SET fingerprint = %s WHERE id = %s", ["0" * 64, version.pk]))
    refused(lambda: raw("DELETE FROM publishing_publicversion WHERE id = %s", [version.pk]))
    refused(lambda: LedgerEntry.objects.filter(pk=entry.pk).update(hash="0" * 64))
    refused(lambda: LedgerEntry.objects.filter(pk=entry.pk).delete())
    refused(lambda: raw("DELETE FROM publishing_ledgerentry"))
    assert PublicVersion.objects.filter(pk=version.pk, change_note="").exists() is not None
    assert LedgerEntry.objects.get(pk=entry.pk).hash == entry.hash


@pytest.mark.both_databases
def test_a_version_recorded_ahead_is_still_replaced_by_the_recorder(official):
    commitment = factories.commitment(published_at=timezone.now() + datetime.timedelta(days=3))
    (scheduled,) = versions.record_changes(commitment)
    assert not LedgerEntry.objects.filter(version=scheduled).exists()  # not due, not chained
    commitment.title_pl = "Poprawiony przed publikacją"
    commitment.save()
    (replacement,) = versions.record_changes(commitment)  # the recorder deletes the one recorded ahead
    assert not PublicVersion.objects.filter(pk=scheduled.pk).exists() and replacement.number == 1


def test_the_chain_over_publications_corrections_schedules_and_withdrawals_verifies(official, tmp_path):
    now = timezone.now()
    first = factories.commitment(title_pl="Pierwsze")
    versions.record(first)
    first.title_pl = "Pierwsze, poprawione"
    first.save()
    versions.record(first, major=False)
    later = factories.commitment(title_pl="Zaplanowane", published_at=now + datetime.timedelta(hours=2))
    versions.record(later)
    sooner = factories.commitment(title_pl="Zaplanowane wcześniej", published_at=now + datetime.timedelta(hours=1))
    versions.record(sooner)  # recorded after ``later``, due before it
    first.publication_state = "withdrawn"
    first.save()
    versions.record(first, note={"pl": "Wycofane."})
    before = ledger.head()
    assert not LedgerEntry.objects.filter(key=later.version_key).exists()

    # Its time comes: the next read appends it, after everything before it, with no job.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: now + datetime.timedelta(hours=3))
        after = ledger.head()
    # Both enter when their time has come, in time order, not in the order they were recorded.
    added = list(LedgerEntry.objects.filter(sequence__gt=before.sequence).order_by("sequence"))
    assert [entry.key for entry in added] == [sooner.version_key, later.version_key] and after == added[-1]
    assert added[0].previous_hash == before.hash
    call_command("verify_record", stdout=open("/dev/null", "w"))  # noqa: SIM115
    rows = [entry.as_dict() for entry in LedgerEntry.objects.order_by("sequence")]
    assert [row["sequence"] for row in rows] == list(range(1, len(rows) + 1))
    assert verify_ledger.check_chain(rows) == []
    assert verify_ledger.check_head(rows, f"{before.sequence}:{before.hash}") == []


# Tampering: each kind is caught by verify_record and by the standalone script -------------------------------------


def tamper(sql, params):
    """What only the database's owner can do: change the record with the triggers off."""
    if connection.vendor == "postgresql":
        raw("SET LOCAL session_replication_role = replica")
        raw(sql, params)
        raw("SET LOCAL session_replication_role = origin")
    else:
        append_only.uninstall(connection)
        raw(sql, params)
        append_only.install(connection)


def downloaded(client, tmp_path, version):
    ledger_file = tmp_path / "rejestr-wersji.jsonl"
    ledger_file.write_bytes(client.get("/dane/rejestr-wersji.jsonl").content)
    snapshot = tmp_path / "wersja.json"
    snapshot.write_bytes(client.get(version.get_absolute_url() + "migawka.json").content)
    return ledger_file, snapshot


def standalone(tmp_path, *args):
    """The verifier run as a download: a copy alone in a folder, outside the project."""
    script = tmp_path / "alone" / "verify_ledger.py"
    script.parent.mkdir(exist_ok=True)
    shutil.copy(BASE_DIR / "publishing" / "verify_ledger.py", script)
    result = subprocess.run(
        [sys.executable, "-I", str(script), *map(str, args)], cwd=script.parent, capture_output=True, text=True
    )
    return result.returncode, result.stdout


def broken_record():
    with pytest.raises(CommandError, match="broken"):
        call_command("verify_record", stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def cited(official, client):
    version = PublicVersion.objects.public().order_by("pk").first()
    ledger.head()
    return version


def test_untouched_files_verify_with_the_standalone_script(cited, client, tmp_path):
    ledger_file, snapshot = downloaded(client, tmp_path, cited)
    head = ledger.head()
    code, output = standalone(tmp_path, ledger_file, snapshot, "--head", f"{head.sequence}:{head.hash}")
    assert code == 0 and "OK" in output, output
    csv_file = tmp_path / "rejestr-wersji.csv"
    csv_file.write_bytes(client.get("/dane/rejestr-wersji.csv").content)
    assert standalone(tmp_path, csv_file)[0] == 0


def test_tampered_snapshot_is_detected(cited, client, tmp_path):
    ledger_file, snapshot = downloaded(client, tmp_path, cited)
    data = json.loads(snapshot.read_text())
    data["content"]["tampered"] = True
    snapshot.write_text(json.dumps(data))
    code, output = standalone(tmp_path, ledger_file, snapshot)
    assert code == 1 and "content does not hash" in output
    tamper("UPDATE publishing_publicversion SET snapshot = %s WHERE id = %s", [json.dumps({"x": 1}), cited.pk])
    broken_record()


def test_tampered_fingerprint_is_detected(cited, client, tmp_path):
    ledger_file, snapshot = downloaded(client, tmp_path, cited)
    lines = ledger_file.read_text().splitlines()
    entry = json.loads(lines[0])
    entry["fingerprint"] = "f" * 64
    ledger_file.write_text("\n".join([json.dumps(entry), *lines[1:]]) + "\n")
    code, output = standalone(tmp_path, ledger_file, snapshot)
    assert code == 1 and "entry 1: its hash is not" in output
    tamper("UPDATE publishing_publicversion SET fingerprint = %s WHERE id = %s", ["f" * 64, cited.pk])
    broken_record()


def test_tampered_order_is_detected(cited, client, tmp_path):
    ledger_file, _snapshot = downloaded(client, tmp_path, cited)
    lines = ledger_file.read_text().splitlines()
    lines[1], lines[2] = lines[2], lines[1]
    ledger_file.write_text("\n".join(lines) + "\n")
    code, output = standalone(tmp_path, ledger_file)
    assert code == 1 and "out of order" in output
    tamper("UPDATE publishing_ledgerentry SET sequence = sequence + 1000 WHERE sequence = 2", [])
    broken_record()


def test_tampered_time_is_detected(cited, client, tmp_path):
    ledger_file, snapshot = downloaded(client, tmp_path, cited)
    data = json.loads(snapshot.read_text())
    data["published_at"] = "2020-01-01T00:00:00.000000Z"
    snapshot.write_text(json.dumps(data))
    code, output = standalone(tmp_path, ledger_file, snapshot)
    assert code == 1 and "the ledger's entry" in output
    earlier = cited.published_at - datetime.timedelta(days=1)
    tamper("UPDATE publishing_publicversion SET published_at = %s WHERE id = %s", [earlier, cited.pk])
    broken_record()


def test_a_saved_head_that_was_rewritten_fails(cited, client, tmp_path):
    ledger_file, _snapshot = downloaded(client, tmp_path, cited)
    code, output = standalone(tmp_path, ledger_file, "--head", f"1:{'a' * 64}")
    assert code == 1 and "rewritten" in output


# The verify page --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/en", "/uk", "/be"])
def test_verify_page_finds_a_version_by_address_and_fingerprint(cited, client, prefix):
    page = client.get(f"{prefix}/sprawdz-wersje/", {"q": "https://example.org" + cited.get_absolute_url()})
    entry = LedgerEntry.objects.get(version=cited)
    assert page.status_code == 200 and entry.hash in page.content.decode()
    by_fingerprint = client.get(f"{prefix}/sprawdz-wersje/", {"q": cited.fingerprint}).content.decode()
    assert entry.hash in by_fingerprint


@pytest.mark.parametrize("query", ["", "nonsense", "/wersje/zobowiazanie/x/99999999999/", "\x00", "a" * 3000, "%"])
def test_verify_page_explains_bad_input(cited, client, query):
    page = client.get("/sprawdz-wersje/", {"q": query})
    if "\x00" in query:  # the site answers every NUL byte with a plain 400 (core middleware)
        assert page.status_code == 400
        return
    assert page.status_code == 200
    text = page.content.decode()
    assert "field-error" in text or "Żadna publiczna wersja" in text


def test_verify_page_checks_an_uploaded_snapshot(cited, client):
    good = client.get(cited.get_absolute_url() + "migawka.json").content
    page = client.post("/sprawdz-wersje/", {"snapshot": SimpleUploadedFile("v.json", good)})
    assert "Przesłana treść daje swój odcisk" in page.content.decode()
    changed = json.loads(good)
    changed["content"]["x"] = 1
    page = client.post("/sprawdz-wersje/", {"snapshot": SimpleUploadedFile("v.json", json.dumps(changed).encode())})
    assert "nie daje swojego odcisku" in page.content.decode()
    for junk in (b"\xff\xfe", b"[1, 2]", b"{}", b"nie json"):
        page = client.post("/sprawdz-wersje/", {"snapshot": SimpleUploadedFile("v.json", junk)})
        assert page.status_code == 200 and "field-error" in page.content.decode()


def test_head_on_the_open_data_page_and_in_every_feed_and_fingerprint_in_citations(cited, client):
    head = ledger.head()
    assert head.hash in client.get("/dane/").content.decode()
    for path in ("/kanal.xml", "/en/kanal.xml"):
        feed = client.get(path).content.decode()
        assert f'hash="{head.hash}"' in feed and 'xmlns:ledger="tag:bialystok.pl' in feed
    assert cited.fingerprint in client.get(cited.get_absolute_url() + "cytowanie.bib").content.decode()
    assert cited.fingerprint in client.get(cited.get_absolute_url()).content.decode()
    assert client.get("/dane/verify_ledger.py").status_code == 200


def test_a_version_recorded_late_enters_after_the_head_with_its_own_time(official):
    """The chain's order is the order of entry: a first publication dated in the past, recorded
    after others, is appended after the head, keeping its earlier publication time."""
    head = ledger.head()
    late = factories.commitment(published_at=head.published_at - datetime.timedelta(days=400))
    version = versions.record(late)
    entry = LedgerEntry.objects.get(version=version)
    assert entry.sequence == head.sequence + 1 and entry.previous_hash == head.hash
    assert entry.published_at < head.published_at
    assert ledger.check_record()[0] == []


@pytest.mark.both_databases
def test_triggers_come_back_after_a_migration_rebuilds_the_table(official):
    """SQLite drops a table's triggers when a migration rebuilds it: post_migrate makes them again."""
    before = append_only.triggers_present(connection)
    append_only.uninstall(connection)
    assert append_only.triggers_present(connection) == set()
    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":  # PostgreSQL keeps them through ALTER TABLE; the migration made them
        append_only.install(connection)
    assert append_only.triggers_present(connection) == before


def test_the_verify_page_and_the_open_data_page_make_a_constant_number_of_queries(cited, client):
    from .conftest import queries

    paths = ("/dane/", f"/sprawdz-wersje/?q={cited.get_absolute_url()}", f"/sprawdz-wersje/?q={'a' * 64}")
    counts = [queries(client, path) for path in paths]
    for number in range(5):
        commitment = factories.commitment(title_pl=f"Jeszcze jedno {number}")
        versions.record(commitment)
    assert [queries(client, path) for path in paths] == counts
