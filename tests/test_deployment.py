"""The deployment files hang together. No Docker engine runs in the test
environment, so compose.yaml is checked as data (and its health check command
is run for real against a live server), not started."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.test import Client, override_settings

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((BASE_DIR / "compose.yaml").read_text())


def test_the_stack_has_its_pieces(compose):
    services = compose["services"]
    assert services["db"]["image"] == "postgres:15" and "pg_isready" in str(services["db"]["healthcheck"])
    assert services["redis"]["image"] == "redis:7" and "ping" in services["redis"]["healthcheck"]["test"]
    assert services["nginx"]["profiles"] == ["proxy"]
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in services["nginx"]["volumes"]
    assert set(compose["volumes"]) == {"pgdata", "media"}


def test_migrations_are_a_release_step_not_part_of_the_app_start(compose):
    migrate, app = compose["services"]["migrate"], compose["services"]["app"]
    assert migrate["command"] == ["python", "manage.py", "migrate", "--noinput"] and migrate["restart"] == "no"
    assert app["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "command" not in app  # the image's CMD: gunicorn only
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    cmd = re.search(r"^CMD (.+)$", dockerfile, re.MULTILINE).group(1)
    assert "gunicorn" in cmd and "migrate" not in cmd
    assert re.search(r"^USER portal$", dockerfile, re.MULTILINE)  # not root
    assert "compilemessages" in dockerfile and "collectstatic" in dockerfile  # built into the image


def test_the_app_scales_out_and_shares_its_state(compose):
    app = compose["services"]["app"]
    assert app["deploy"]["replicas"] == "${APP_REPLICAS:-2}"
    assert "ports" not in app  # replicas cannot share a host port; nginx or a balancer fronts them
    env = app["environment"]
    assert env["DATABASE_URL"].startswith("postgres://") and env["REDIS_URL"].startswith("redis://redis:")
    assert "media:/app/media" in app["volumes"]


def test_the_health_check_asks_readyz_and_works(compose, live_server):
    """Run the container's health check command against a real server."""
    command = compose["services"]["app"]["healthcheck"]["test"]
    assert command[:3] == ["CMD", "python", "-c"] and "/readyz" in command[3]
    port = live_server.url.rsplit(":", 1)[1]
    env = {**os.environ, "PORT": port, "HEALTHCHECK_HOST": "localhost"}
    assert subprocess.run([sys.executable, "-c", command[3]], env=env, timeout=20, check=False).returncode == 0
    # A port where nothing answers is unhealthy.
    env["PORT"] = "1"
    assert subprocess.run([sys.executable, "-c", command[3]], env=env, timeout=20, capture_output=True).returncode != 0


def test_health_endpoints_answer_plain_http_probes_with_the_https_redirect_on(db):
    # The production settings as a deployment reads them (a fresh interpreter with its environment).
    code = "import json; from bialystok_hrc.settings import production as p; "
    code += "print(json.dumps(p.SECURE_REDIRECT_EXEMPT))"
    env = {**os.environ, "SECRET_KEY": "x", "ALLOWED_HOSTS": "testserver", "DATABASE_URL": "sqlite:///unused.db"}
    exempt = json.loads(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True).stdout)
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=exempt):
        client = Client()
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200
        assert client.get("/").status_code == 301


def test_nginx_honours_the_apps_cache_control_and_skips_staff(compose):
    conf = (BASE_DIR / "deploy" / "nginx.conf").read_text()
    assert "server app:8000;" in conf and "proxy_pass http://portal;" in conf
    # Nothing is cached unless the app's headers allow it.
    assert not re.search(r"^\s*proxy_cache_valid", conf, re.MULTILINE)
    assert "proxy_no_cache $cookie_sessionid $cookie_csrftoken;" in conf
    assert "http_503" in conf  # stale pages while the database is down
