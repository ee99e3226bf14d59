"""Backup and restore: all content is exported, imported into an empty database
(and uploaded files into an empty storage), and every public page in every
language comes back byte for byte. Nothing needs masking: the public pages carry
no CSRF token and no time of rendering, and primary keys survive the round trip."""

import json
import os
import shutil
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from commitments.models import Commitment
from declaration.models import Declaration

from . import factories
from .conftest import BASE_DIR, missing
from .page_snapshot import snapshot

SCAN = b"%PDF-1.4\n% the signed declaration, scanned\n"
REPORT = b"%PDF-1.4\n% a report attached to a commitment\n"


@pytest.fixture(autouse=True)
def forget_content_type_ids():
    """flush and import give content types new ids, which the test's rollback
    undoes: later tests must not look them up in the cache."""
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def full_site(demo_content):
    """Official and demo content, versions, and uploaded files."""
    declaration = Declaration.objects.current()
    declaration.signed_scan.save("skan-deklaracji.pdf", ContentFile(SCAN))
    factories.document(
        Commitment.objects.get(slug="demo-001"), url="", file=ContentFile(REPORT, name="raport.pdf"), is_demo=True
    )


@pytest.mark.both_databases
def test_export_then_import_into_an_empty_database_gives_identical_pages(full_site, tmp_path, client):
    before = snapshot()
    scan_url = Declaration.objects.current().signed_scan.url
    assert len(before) > 40 and any(key.startswith("be ") for key in before)

    call_command("export_content", tmp_path / "backup", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (tmp_path / "backup" / "media" / "documents").is_dir()

    # An empty database (what `migrate` gives) and an empty storage. The test runs in a
    # transaction: PostgreSQL truncates only once the deferred foreign-key checks have run.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # back to Django's default for the import
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not Declaration.objects.exists() and client.get("/deklaracja/").status_code == 404

    call_command("import_content", tmp_path / "backup", stdout=open("/dev/null", "w"))  # noqa: SIM115

    after = snapshot()
    assert list(after) == list(before)  # the same pages (the sitemap lists them)
    changed = [key for key in before if before[key] != after[key]]
    assert changed == []
    # The uploaded files are back under the same names the pages link to.
    assert Declaration.objects.current().signed_scan.url == scan_url
    assert (settings.MEDIA_ROOT / Declaration.objects.current().signed_scan.name).read_bytes() == SCAN
    document = Commitment.objects.get(slug="demo-001").documents.get(title_pl="Dokument")
    assert document.file.read() == REPORT


@pytest.mark.both_databases
def test_import_refuses_a_database_that_has_content(official, tmp_path):
    call_command("export_content", tmp_path / "backup", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with pytest.raises(CommandError, match="already holds content"):
        call_command("import_content", tmp_path / "backup")


def test_export_refuses_a_folder_that_is_not_empty(official, tmp_path):
    (tmp_path / "old.txt").write_text("an older backup")
    with pytest.raises(CommandError, match="not empty"):
        call_command("export_content", tmp_path)


# pg_dump / pg_restore --------------------------------------------------------------
# The routine PostgreSQL backup of the README, on databases of its own on the
# local server (whatever DATABASE_URL this run uses): dump a loaded database,
# restore it into a new empty one, and compare every public page of the two.

PG = {"host": os.environ.get("PGHOST", "127.0.0.1"), "port": os.environ.get("PGPORT", "5432"), "user": "postgres"}
LOAD = (
    "import django; django.setup(); from django.core.management import call_command; "
    "call_command('load_official_content', verbosity=0); from tests.conftest import load_site_content; "
    "load_site_content()"
)


def pg(tool, *args):
    command = [tool, "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], *args]
    return subprocess.run(command, check=True, capture_output=True, text=True)


def pages_of(database, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bialystok_hrc.settings.test",
        "DATABASE_URL": f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{database}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.page_snapshot"], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.fixture
def two_databases():
    if not all(shutil.which(tool) for tool in ("pg_dump", "pg_restore", "createdb", "dropdb", "pg_isready")):
        missing("PostgreSQL client tools not found: apt-get install -y postgresql-client")
    if subprocess.run(["pg_isready", "-q", "-h", PG["host"], "-p", PG["port"]], check=False).returncode != 0:
        missing(f"no PostgreSQL server at {PG['host']}:{PG['port']}")
    names = [f"hrc_backup_{role}_{uuid.uuid4().hex[:8]}" for role in ("source", "restored")]
    try:
        for name in names:
            pg("createdb", name)
        yield names
    finally:
        for name in names:
            pg("dropdb", "--if-exists", "--force", name)


@pytest.mark.own_postgres
def test_pg_dump_and_pg_restore_give_identical_pages(two_databases, tmp_path):
    source, restored = two_databases
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bialystok_hrc.settings.test",
        "DATABASE_URL": f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{source}",
    }
    for command in (["manage.py", "migrate", "--noinput", "--verbosity", "0"], ["-c", LOAD]):
        subprocess.run([sys.executable, *command], cwd=BASE_DIR, env=env, check=True, capture_output=True)
    before = pages_of(source, tmp_path)
    assert len(before) > 40

    dump = tmp_path / "portal.dump"
    pg("pg_dump", "--format=custom", "--file", str(dump), source)
    pg("pg_restore", "--no-owner", "--exit-on-error", "--dbname", restored, str(dump))

    assert pages_of(restored, tmp_path) == before
