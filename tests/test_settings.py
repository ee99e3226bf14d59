import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from bialystok_hrc.settings import environment

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


# Strict parsing of the environment (bialystok_hrc/settings/environment.py) ------------------

SETUP = [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; print({})"]


def run_setup(expression, **env):
    base = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    command = [*SETUP[:-1], SETUP[-1].format(expression)]
    environment = {**base, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "bialystok_hrc.settings.production", **env}
    return subprocess.run(command, cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("STAFF_REQUIRE_2FA", "ture", "Not a valid boolean."),
        ("HSTS_SECONDS", "1y", "Not a valid integer."),
    ],
)
def test_a_misspelt_setting_stops_the_process_with_one_line(variable, value, message):
    result = run_setup("settings.STAFF_REQUIRE_2FA", **{variable: value})
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"Configuration error: {variable}='{value}': {message}"]


@pytest.mark.parametrize("backend", ["console", "filebased", "locmem"])
def test_production_refuses_an_e_mail_backend_that_writes_messages_out(backend):
    result = run_setup("settings.EMAIL_BACKEND", EMAIL_BACKEND=f"django.core.mail.backends.{backend}.EmailBackend")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Configuration error: EMAIL_BACKEND='django.core.mail.backends.{backend}.EmailBackend'")


def test_production_sends_e_mail_over_smtp_by_default():
    result = run_setup("settings.EMAIL_BACKEND", EMAIL_BACKEND="")
    env_free = run_setup("settings.EMAIL_BACKEND")
    assert env_free.returncode == 0, env_free.stderr
    assert env_free.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"
    assert result.returncode == 1  # an empty value is a mistake, not "the default"


def test_manage_py_stops_with_the_same_line():
    result = run_manage("check", **PRODUCTION_ENV, HSTS_SECONDS="1y")
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["Configuration error: HSTS_SECONDS='1y': Not a valid integer."]


def test_gunicorn_stops_before_starting_workers():
    # Without reading the settings in the master, every worker would fail to boot in turn, forever.
    base = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    result = subprocess.run(
        [Path(sys.executable).parent / "gunicorn", "-c", "gunicorn.conf.py", "bialystok_hrc.wsgi:application"],
        cwd=BASE_DIR,
        env={**base, **PRODUCTION_ENV, "STAFF_REQUIRE_2FA": "ture", "PORT": "0", "WEB_CONCURRENCY": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["Configuration error: STAFF_REQUIRE_2FA='ture': Not a valid boolean."]


def test_well_formed_values_are_read():
    result = run_setup(
        "settings.STAFF_REQUIRE_2FA, settings.SECURE_HSTS_SECONDS, settings.ALLOWED_HOSTS, settings.SITE_URL",
        STAFF_REQUIRE_2FA="yes",
        HSTS_SECONDS="31536000",
        ALLOWED_HOSTS=" a.example.org , b.example.org,",
        SITE_URL="https://example.org/",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True 31536000 ['a.example.org', 'b.example.org'] https://example.org"


def test_a_removed_setting_is_refused_naming_its_replacement():
    result = run_setup("1", RATE_LIMIT_TRUSTED_PROXIES="10.0.0.2")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Configuration error: RATE_LIMIT_TRUSTED_PROXIES is no longer read: "
        "set TRUSTED_PROXY_COUNT (the number of reverse proxies) instead."
    ]


@pytest.mark.parametrize(
    ("reader", "value", "message"),
    [
        (lambda: environment.env_int("X", 3), "-1", "Must be greater than or equal to 0."),
        (lambda: environment.env_int("X", 3), "", "Not a valid integer."),
        (lambda: environment.env_bool("X", True), "", "Not a valid boolean."),
        (lambda: environment.env_url("X"), "example.org", "Not a valid URL."),
        (lambda: environment.env_url("X"), "ftp://example.org", "Not a valid URL."),
        (lambda: environment.env_choice("X", "json", ("json", "text")), "xml", "Must be one of: json, text."),
    ],
)
def test_every_kind_of_value_is_checked(monkeypatch, reader, value, message):
    monkeypatch.setenv("X", value)
    with pytest.raises(SystemExit) as stopped:
        reader()
    assert str(stopped.value) == f"Configuration error: X='{value}': {message}"


@pytest.mark.parametrize(
    ("items", "value", "message"),
    [
        ("url", "https://a.example.org, example.org", "Configuration error: X: 'example.org': Not a valid URL."),
        ("email", "a@example.org,nope", "Configuration error: X: 'nope': Not a valid email address."),
    ],
)
def test_list_items_are_checked(monkeypatch, items, value, message):
    monkeypatch.setenv("X", value)
    with pytest.raises(SystemExit) as stopped:
        environment.env_list("X", items=items)
    assert str(stopped.value) == message


def test_a_bad_database_url_is_named_without_its_password():
    result = run_setup("1", DATABASE_URL="postgress://portal:s3cret@db/portal")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Configuration error: DATABASE_URL: ") and "s3cret" not in line


def test_defaults_apply_when_unset(monkeypatch):
    monkeypatch.delenv("X", raising=False)
    assert environment.env_bool("X", True) is True
    assert environment.env_int("X", 7) == 7
    assert environment.env_list("X", "a, b") == ["a", "b"]
    assert environment.env_url("X") == ""


def test_settings_read_the_environment_only_through_the_strict_readers():
    # A bare int(os.environ…) or os.environ.get("…") == "true" would bring back a traceback or a silent default.
    for module in (BASE_DIR / "bialystok_hrc" / "settings").glob("*.py"):
        if module.name == "environment.py":
            continue
        source = module.read_text()
        assert "os.environ.get(" not in source.replace('os.environ.get(name, "").strip()', ""), module.name
        assert "int(os." not in source, module.name
