"""The database goes away and comes back, for real: a throwaway PostgreSQL 15
cluster, the portal served by gunicorn with the production settings, the
cluster stopped under it and started again. Pages must answer the translated
503 (never hang, never crash the server) and the SAME server process must serve
pages again once the database is back, without a restart.

PostgreSQL refuses to run as root, so the cluster runs as the ``postgres`` user:
the test needs root (to ``su``) and the PostgreSQL 15 server binaries. Without
them it skips locally and fails in CI (REQUIRE_BROWSER=1), see ``missing()``."""

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from .conftest import BASE_DIR, free_port, missing

pytestmark = pytest.mark.own_postgres

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PREFIXES = {"pl": "", "en": "/en", "uk": "/uk", "be": "/be"}


def get(base, path, timeout=15):
    """(status, headers, body) without raising on 4xx/5xx."""
    try:
        with urllib.request.urlopen(base + path, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


class Cluster:
    """A PostgreSQL cluster in a temporary folder, run as the postgres user."""

    def __init__(self):
        # Not under pytest's tmp_path: its parent folders are private to root.
        self.dir = Path(tempfile.mkdtemp(prefix="hrc-outage-"))
        self.data = self.dir / "data"
        self.port = free_port()
        shutil.chown(self.dir, "postgres", "postgres")
        self.as_postgres(PG_BIN / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync")

    def as_postgres(self, *command):
        line = shlex.join(str(part) for part in command)
        subprocess.run(["su", "postgres", "-s", "/bin/sh", "-c", line], cwd=self.dir, check=True, capture_output=True)

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.as_postgres(PG_BIN / "pg_ctl", "-D", self.data, "-o", options, "-l", self.dir / "log", "-w", "start")

    def stop(self, mode="fast"):
        self.as_postgres(PG_BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def running(self):
        return (self.data / "postmaster.pid").exists()

    def remove(self):
        if self.running():
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def cluster():
    if os.geteuid() != 0:
        missing("the database outage test runs PostgreSQL as the postgres user and needs root")
    if not (PG_BIN / "pg_ctl").exists() or shutil.which("su") is None:
        missing(f"PostgreSQL 15 server binaries not found in {PG_BIN}: apt-get install -y postgresql-15")
    cluster = Cluster()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture(scope="module")
def server(cluster, tmp_path_factory):
    """gunicorn with the production settings (plain http on the loopback), on
    a database migrated and loaded like a real release."""
    folder = tmp_path_factory.mktemp("outage-server")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bialystok_hrc.settings.production",
        "SECRET_KEY": "outage-test-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{cluster.port}/postgres",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "LOG_LEVEL": "WARNING",
    }
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["load_official_content"], ["collectstatic", "--noinput"]):
        subprocess.run(manage + command + ["--verbosity", "0"], cwd=BASE_DIR, env=env, check=True, capture_output=True)
    port = free_port()
    log = open(folder / "gunicorn.log", "w+")  # noqa: SIM115 (closed in the finalizer)
    gunicorn = [Path(sys.executable).parent / "gunicorn", "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        [*gunicorn, "--workers", "2", "--timeout", "20", "bialystok_hrc.wsgi:application"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if get(base, "/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, "gunicorn exited at start-up:\n" + (folder / "gunicorn.log").read_text()
            assert time.monotonic() < deadline, "gunicorn did not answer within 30 s"
            time.sleep(0.3)
        yield process, base, folder / "gunicorn.log"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def uncached_paths():
    """Addresses no page cache can hold: a search, and the commitments list searched,
    for a query nobody made yet, in every language. (A query parameter the page does
    not read would not do: the cache serves the page it holds for any such parameter.)"""
    token = uuid.uuid4().hex
    paths = {}
    for language in PREFIXES:
        with translation.override(language):
            search, listing = reverse("search:search"), reverse("commitments:list")
        paths[language] = [f"{search}?q={token}", f"{listing}?q={token}"]
    return paths


def test_the_portal_survives_a_database_outage_and_recovers_by_itself(cluster, server):
    process, base, log = server
    for paths in uncached_paths().values():
        for path in paths:
            assert get(base, path)[0] == 200, path
    assert get(base, "/readyz")[0] == 200

    cluster.stop("fast")

    for language, paths in uncached_paths().items():
        # A commitment address that is not cached needs the database to know whether it exists.
        for path in [*paths, f"{PREFIXES[language]}/zobowiazania/no-such-{uuid.uuid4().hex}/"]:
            started = time.monotonic()
            status, headers, body = get(base, path)
            assert time.monotonic() - started < 5, f"{path} took too long while the database is down"
            assert status == 503, (path, status, body[:300])
            assert headers["Retry-After"] == "30"
            assert "no-store" in headers["Cache-Control"]
            with translation.override(language):
                assert f"<h1>{gettext('Temporarily unavailable')}</h1>" in body, (language, path)
            assert f'<html lang="{language}">' in body
            assert "Traceback" not in body and "psycopg" not in body
    status, _headers, body = get(base, "/readyz")
    assert status == 503 and json.loads(body) == {"status": "unavailable", "database": "unavailable", "cache": "ok"}
    assert get(base, "/healthz")[0] == 200
    assert process.poll() is None, "the server died with the database"

    cluster.start()

    # The same process, without a restart, serves pages again within seconds:
    # each worker drops its dead connection and opens a new one.
    deadline = time.monotonic() + 15
    path = uncached_paths()["pl"][0]
    while get(base, path)[0] != 200:
        assert time.monotonic() < deadline, "the portal did not recover within 15 s of the database returning"
        time.sleep(0.5)
    for _ in range(3):  # enough requests to reach both workers
        for paths in uncached_paths().values():
            for path in paths:
                assert get(base, path)[0] == 200, path
    assert get(base, "/readyz")[0] == 200
    assert process.poll() is None

    output = log.read_text()
    # Both workers are the original ones: none crashed, timed out or was replaced.
    assert output.count("Booting worker") == 2, output
    assert "WORKER TIMEOUT" not in output and "Traceback" not in output, output
    assert "Database unavailable, answered 503 to GET /szukaj/" in output
