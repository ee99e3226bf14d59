"""Project-wide checks: migrations, translations, lint."""

import shutil
import subprocess
import sys

import pytest
from django.core.management import call_command

from .conftest import BASE_DIR, LANGUAGES


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.both_databases
@pytest.mark.django_db
def test_every_migration_applies_and_leaves_the_staff_roles():
    """The test database was built by running every migration (data migrations
    included) on this database engine; nothing is left unapplied."""
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from publishing.roles import EDITOR, PUBLISHER

    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    roles = {group.name: group.permissions.count() for group in Group.objects.filter(name__in=[EDITOR, PUBLISHER])}
    assert set(roles) == {EDITOR, PUBLISHER} and all(roles.values()), roles


def msgfmt_statistics(po):
    if not shutil.which("msgfmt"):
        pytest.skip("msgfmt (gettext) is not installed")
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


@pytest.mark.parametrize("language", LANGUAGES)
def test_translation_catalogue_is_complete(language):
    po = BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"
    assert po.exists()
    statistics = msgfmt_statistics(po)
    assert "fuzzy" not in statistics and "untranslated" not in statistics, statistics


def test_catalogues_hold_every_string_in_the_code(tmp_path):
    """Run makemessages on a copy of the project: no string may be new."""
    if not shutil.which("xgettext"):
        pytest.skip("xgettext (gettext) is not installed")
    copy = tmp_path / "project"
    shutil.copytree(
        BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "node_modules", ".git", "staticfiles", "media", "*.sqlite3", "__pycache__"
        ),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--all", "--no-obsolete", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    for language in LANGUAGES:
        statistics = msgfmt_statistics(copy / "locale" / language / "LC_MESSAGES" / "django.po")
        assert "untranslated" not in statistics and "fuzzy" not in statistics, (language, statistics)


def test_ruff_is_clean():
    ruff = shutil.which("ruff") or str(BASE_DIR / ".venv" / "bin" / "ruff")
    check = subprocess.run([ruff, "check", "."], cwd=BASE_DIR, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    fmt = subprocess.run([ruff, "format", "--check", "."], cwd=BASE_DIR, capture_output=True, text=True)
    assert fmt.returncode == 0, fmt.stdout
