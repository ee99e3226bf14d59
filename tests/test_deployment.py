"""Deployment: the health checks that the image and compose.yaml run, the lock that every install
comes from, and the few properties of the deployment files that matter. No Docker engine runs
here, so no image is built: the health-check commands are run for real against a live server,
and the lock is read by uv itself, as `make run`, `make test` and the Dockerfile read it."""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tomllib

import pytest
import yaml
from django.test import Client, override_settings

from .conftest import BASE_DIR

DOCKERFILE = (BASE_DIR / "Dockerfile").read_text().replace("\\\n", " ")
COMPOSE = yaml.safe_load((BASE_DIR / "compose.yaml").read_text())
TEST_TOOLS = {"pytest", "pytest-django", "pytest-xdist", "playwright", "moto", "ruff"}


def health_check(source):
    """The health-check command as the image (Dockerfile) or compose.yaml runs it."""
    if source == "Dockerfile":
        command = json.loads(re.search(r"^HEALTHCHECK .*?\bCMD (\[.*\])$", DOCKERFILE, re.MULTILINE).group(1))
    else:
        command = COMPOSE["services"]["app"]["healthcheck"]["test"][1:]  # after "CMD"
    assert command[0] == "python"
    return [sys.executable, *command[1:]]


def unused_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("source", ["Dockerfile", "compose.yaml"])
def test_the_container_health_checks_pass_only_when_the_portal_answers(source, live_server):
    command = health_check(source)
    env = {**os.environ, "PORT": live_server.url.rsplit(":", 1)[1], "ALLOWED_HOSTS": "localhost,.example.org"}
    env.pop("HEALTHCHECK_HOST", None)

    def check(**changes):
        result = subprocess.run(
            command, cwd=BASE_DIR, env={**env, **changes}, capture_output=True, text=True, timeout=30
        )
        return result.returncode, result.stdout

    assert check() == (0, "")  # with the Host taken from ALLOWED_HOSTS
    # Nothing listening: unhealthy, with one line that says why.
    status, output = check(PORT=str(unused_port()))
    assert status == 1 and output.count("\n") == 1 and "refused" in output.lower()
    # An answer is not enough: Django refusing the Host (400) is unhealthy too.
    assert check(HEALTHCHECK_HOST="elsewhere.invalid")[0] == 1


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


def locked_packages(*options):
    """The packages that `uv sync --locked` with these options installs, as uv reads uv.lock."""
    uv = shutil.which("uv") or str(BASE_DIR / ".tools" / "bin" / "uv")
    if not os.path.exists(uv):
        pytest.skip("uv is not installed (make install puts it in .tools/)")
    export = [uv, "export", "--locked", "--no-hashes", "--no-header", "--no-annotate", *options]
    result = subprocess.run(export, cwd=BASE_DIR, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr  # also fails while uv.lock is older than pyproject.toml
    return {re.split(r"[=\[ ;]", line, maxsplit=1)[0].lower() for line in result.stdout.splitlines() if line}


def test_make_run_and_the_image_install_no_test_tools():
    run, image, test = locked_packages(), locked_packages("--group", "production"), locked_packages("--group", "test")
    assert {"django", "psycopg", "environs", "django-cors-headers", "django-filter"} <= run
    assert not run & TEST_TOOLS and not image & TEST_TOOLS
    assert {"gunicorn", "boto3"} <= image - run  # the image's server and object storage, not make run's
    assert TEST_TOOLS | image <= test  # the tests run gunicorn and a fake S3 too


def test_every_locked_package_is_pinned_by_hash():
    lock = tomllib.loads((BASE_DIR / "uv.lock").read_text())
    packages = [package for package in lock["package"] if "virtual" not in package["source"]]  # not the portal
    assert len(packages) > 50
    for package in packages:
        # A registry release: files with sha256 hashes. A git or path dependency would have none.
        assert "registry" in package["source"], package["name"]
        files = package.get("wheels", []) + ([package["sdist"]] if "sdist" in package else [])
        assert files and all(re.fullmatch(r"sha256:[0-9a-f]{64}", file["hash"]) for file in files), package["name"]


def test_every_install_comes_from_a_lock():
    """make run, make test, the image and CI install Python packages only with `uv sync --locked`
    (uv.lock, hash-checked) and uv itself only with `pip --require-hashes`; npm only with `npm ci`."""
    seen = set()
    for name in ("Makefile", "Dockerfile", ".ci/run"):
        text = (BASE_DIR / name).read_text().replace("\\\n", " ").replace("$(UV)", "uv")
        for line in text.splitlines():
            if line.lstrip("\t @").startswith("#"):
                continue
            for match in re.finditer(r"\b(pip3? install|uv (?:sync|pip|add|tool)|npm (?:install|ci|i))\b.*", line):
                command, words = match.group(1), match.group(0).split()
                seen.add((name, command))
                if command.startswith("pip"):
                    assert {"--require-hashes", "--no-deps", "requirements-uv.txt"} <= set(words), (name, line)
                else:
                    assert command in ("uv sync", "npm ci"), (name, line)
                    assert command == "npm ci" or "--locked" in words, (name, line)
    assert {
        ("Makefile", "pip install"),
        ("Makefile", "uv sync"),
        ("Makefile", "npm ci"),
        ("Dockerfile", "pip install"),
        ("Dockerfile", "uv sync"),
    } <= seen


def test_third_party_images_are_pinned():
    """An exact version (not "15" or "latest"; PostgreSQL's have two numbers, 15.19); the Python
    base image by digest as well."""
    exact = re.compile(r"[\w./-]+:\d+\.\d+(\.\d+)?(-[\w.-]+)?(@sha256:[0-9a-f]{64})?")
    bases = re.findall(r"^ARG \w+_IMAGE=(\S+)$", DOCKERFILE, re.MULTILINE)
    bases += [image for image in re.findall(r"^FROM (\S+)", DOCKERFILE, re.MULTILINE) if "$" not in image]
    assert bases and all(exact.fullmatch(image) and "@sha256:" in image for image in bases), bases
    images = [service["image"] for service in COMPOSE["services"].values() if "build" not in service]
    assert len(images) == 3 and all(exact.fullmatch(image) for image in images), images


def test_the_image_never_migrates_at_start_and_never_runs_as_root():
    # compose.yaml's `migrate` service is the release step; the app's start is gunicorn only.
    assert "migrate" not in re.search(r"^CMD (.+)$", DOCKERFILE, re.MULTILINE).group(1)
    assert "command" not in COMPOSE["services"]["app"]
    assert re.findall(r"^USER (\S+)$", DOCKERFILE, re.MULTILINE)[-1] not in ("root", "0")


def test_nginx_caches_only_what_the_app_allows_and_never_for_staff():
    conf = (BASE_DIR / "deploy" / "nginx.conf").read_text()
    # Nothing is cached unless the app's headers allow it.
    assert not re.search(r"^\s*proxy_cache_valid", conf, re.MULTILINE)
    assert "proxy_no_cache $cookie_sessionid $cookie_csrftoken;" in conf
    assert "http_503" in conf  # stale pages while the database is down
