#!/usr/bin/env python3
"""Check the public ledger of the Białystok Human Rights City portal, and public versions
saved from it, without trusting the portal: this file needs Python 3.9+ and nothing else.

Usage:
    python3 verify_ledger.py LEDGER [SNAPSHOT.json ...] [--head SEQUENCE:HASH]

LEDGER is the ledger downloaded from the open-data page (rejestr-wersji.jsonl or
rejestr-wersji.csv). Each SNAPSHOT is a version saved from the portal ("snapshot (JSON)"
on a version's page, or the API's /api/v1/commitments/<reference>/versions/<number>).
--head is a head you saved earlier (the open-data page and every Atom feed show it):
today's ledger must still contain it, unchanged, at its place.

It checks that every entry's hash is the SHA-256 of its canonical form, that each entry
names the hash of the one before it (so the head commits to everything before it), that
the entries are numbered 1, 2, 3… with no gap, and that each snapshot still hashes to its
fingerprint and is in the ledger with that fingerprint and publication time. It prints
what it checked and exits with 0 if everything holds, 1 if anything is broken, 2 if a
file cannot be read.

The canonical form (the same on the portal, publishing/ledger.py, which imports it):
an entry's fields ``sequence`` (1, 2, 3…), ``kind``, ``key``, ``number`` (the version's
number for its item), ``published_at`` (UTC, ``YYYY-MM-DDTHH:MM:SS.ffffffZ``),
``fingerprint`` and ``previous_hash`` (64 zeros for the first entry) as a JSON object with
keys sorted, no spaces (separators "," and ":"), non-ASCII characters as themselves, in
UTF-8; ``hash`` is the hex SHA-256 of those bytes. A version's fingerprint is the hex
SHA-256 of ``{"content": <snapshot>, "state": <publication state>}`` in the same form.

The ledger's order is the order in which versions entered it: a version enters when its
publication time has come (a scheduled one at its time, in time order). A version
recorded late can carry a publication time earlier than the entry before it; its place
in the chain, not its time, is what the hashes fix."""

import argparse
import csv
import hashlib
import io
import json
import sys
from datetime import datetime, timezone

GENESIS = "0" * 64
FIELDS = ("sequence", "kind", "key", "number", "published_at", "fingerprint", "previous_hash")
COLUMNS = (*FIELDS, "hash")


def canonical(data):
    """The bytes that are hashed: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sha256(data):
    return hashlib.sha256(canonical(data)).hexdigest()


def entry_hash(entry):
    return sha256({name: entry[name] for name in FIELDS})


def fingerprint(state, content):
    return sha256({"state": state, "content": content})


def read_ledger(text):
    """Entries from a JSON Lines or CSV ledger (told apart by the first character)."""
    text = text.lstrip("\ufeff")
    if text.lstrip().startswith("{"):
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    entries = []
    for row in csv.DictReader(io.StringIO(text)):
        missing = [name for name in COLUMNS if name not in row]
        if missing:
            raise ValueError(f"the CSV has no column {', '.join(missing)}")
        entries.append({**row, "sequence": int(row["sequence"]), "number": int(row["number"])})
    return entries


def check_chain(entries):
    """Every break in the chain, as sentences; an empty list when it holds."""
    problems = []
    previous = GENESIS
    for index, entry in enumerate(entries, start=1):
        missing = [name for name in COLUMNS if name not in entry]
        if missing:
            problems.append(f"entry {index}: no {', '.join(missing)}")
            return problems
        where = f"entry {entry['sequence']}"
        if entry["sequence"] != index:
            problems.append(f"{where}: found at place {index} (entries out of order, missing or repeated)")
        if entry["previous_hash"] != previous:
            problems.append(f"{where}: previous_hash does not match the hash of the entry before it")
        if entry_hash(entry) != entry["hash"]:
            problems.append(f"{where}: its hash is not the SHA-256 of its canonical form (the entry was changed)")
        previous = entry["hash"]
    return problems


def check_head(entries, head):
    """A head saved earlier ("SEQUENCE:HASH") is still in the ledger, unchanged."""
    sequence, _colon, expected = head.partition(":")
    if not sequence.isdigit() or len(expected) != 64:
        return [f"--head {head!r}: give it as SEQUENCE:HASH, e.g. 12:{'0' * 64}"]
    place = int(sequence)
    if place < 1 or place > len(entries):
        return [f"the saved head {place} is not in this ledger (it has {len(entries)} entries)"]
    if entries[place - 1]["hash"] != expected:
        return [f"the saved head {place} has another hash today: the ledger was rewritten since"]
    return []


def check_snapshot(snapshot, by_version, name):
    """A saved version: its content hashes to its fingerprint, and the ledger lists it so."""
    content = snapshot.get("content", snapshot.get("snapshot"))
    if content is None or "state" not in snapshot or "fingerprint" not in snapshot:
        return [f"{name}: not a saved version (no content, state or fingerprint)"]
    problems = []
    if fingerprint(snapshot["state"], content) != snapshot["fingerprint"]:
        problems.append(f"{name}: its content does not hash to its fingerprint (the content was changed)")
    if "kind" in snapshot and "key" in snapshot:
        entry = by_version.get((snapshot["kind"], snapshot["key"], snapshot.get("number")))
    else:  # the API's version has no kind and key: find it by fingerprint
        entry = next((e for e in by_version.values() if e["fingerprint"] == snapshot["fingerprint"]), None)
    if entry is None:
        problems.append(f"{name}: not in the ledger")
        return problems
    if entry["fingerprint"] != snapshot["fingerprint"]:
        problems.append(f"{name}: the ledger's entry {entry['sequence']} has another fingerprint")
    published = snapshot.get("published_at")
    if published and utc(published) != entry["published_at"]:
        problems.append(f"{name}: published {published}, but the ledger's entry {entry['sequence']} says otherwise")
    return problems


def utc(text):
    """An ISO 8601 time as the ledger writes it (UTC, microseconds, Z)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")  # noqa: UP017 (Python 3.9+)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ledger")
    parser.add_argument("snapshots", nargs="*")
    parser.add_argument("--head", action="append", default=[], help="a head saved earlier, SEQUENCE:HASH")
    arguments = parser.parse_args(argv)
    try:
        with open(arguments.ledger, encoding="utf-8") as file:
            entries = read_ledger(file.read())
        snapshots = []
        for name in arguments.snapshots:
            with open(name, encoding="utf-8") as file:
                snapshots.append((name, json.load(file)))
    except (OSError, ValueError) as error:
        print(f"Cannot read the files: {error}")
        return 2
    problems = check_chain(entries)
    for head in arguments.head:
        problems += check_head(entries, head)
    by_version = {(e["kind"], e["key"], e["number"]): e for e in entries if isinstance(e, dict) and "kind" in e}
    for name, snapshot in snapshots:
        problems += check_snapshot(snapshot, by_version, name)
    print(f"Ledger: {len(entries)} entries read from {arguments.ledger}")
    if entries and "hash" in entries[-1]:
        print(f"Head: {entries[-1].get('sequence')}:{entries[-1]['hash']}")
    for head in arguments.head:
        print(f"Saved head {head}: checked")
    print(f"Snapshots checked: {len(snapshots)}")
    for problem in problems:
        print(f"BROKEN: {problem}")
    if problems:
        print(f"FAILED: {len(problems)} problem(s).")
        return 1
    print(
        "OK: every entry hashes to itself and to the one before it"
        + (", every snapshot matches" if snapshots else "")
        + "."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
