import os
import secrets
import subprocess
import sys

import pytest

from .conftest import BASE_DIR

PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "prawaczlowieka.example.org",
    "DATABASE_URL": "sqlite:////tmp/bialystok-hrc-check.sqlite3",
}


def run_manage(*args, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**base, "DJANGO_SETTINGS_MODULE": "bialystok_hrc.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("variable", sorted(PRODUCTION_ENV))
def test_production_refuses_to_start_without_variable(variable):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != variable}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert variable in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("Configuration error")


def test_production_names_every_missing_variable():
    result = run_manage("check")
    assert result.returncode != 0
    for variable in PRODUCTION_ENV:
        assert variable in result.stderr


def test_check_deploy_is_clean_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_default_database_is_embedded_sqlite():
    result = subprocess.run(
        [sys.executable, "-c", "from bialystok_hrc.settings import dev; print(dev.DATABASES['default']['ENGINE'])"],
        cwd=BASE_DIR,
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_database_url_selects_postgresql():
    result = subprocess.run(
        [sys.executable, "-c", "from bialystok_hrc.settings import dev; print(dev.DATABASES['default']['ENGINE'])"],
        cwd=BASE_DIR,
        env={**os.environ, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/whatever"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"
