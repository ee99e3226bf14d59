#!/usr/bin/env python3
"""The portal's benchmark: throughput and latency of its key pages, cached and
uncached, against a static file served by whitenoise from the same gunicorn as
the reference, measured with wrk in one interleaved run; then SQL queries per
page, worker memory over 20,000 requests, and a 60-second load test.

    .venv/bin/python benchmarks/run.py            # about 12 minutes; see --help

What it does:
1. Creates a throwaway PostgreSQL database (``hrc_bench`` by default), migrates
   it, loads the official content and the benchmark dataset (benchmarks/dataset.py:
   500 commitments, 3,000 milestones, 5,000 updates, 50 indicators with 10 years
   of data, four languages, all labelled demo), and collects the static files.
2. Starts gunicorn twice with the production settings and gunicorn.conf.py: one
   with the page cache on a shared Redis (as in production), one with the page
   cache off. Worker recycling (max_requests) is off so memory growth shows.
3. Runs wrk round-robin over every target (static file, each page cached, each
   page uncached), several rounds, and reports the median of the rounds. Ratios
   are taken within the same run, so the machine's speed cancels out.
It needs wrk (apt-get install -y wrk), PostgreSQL and Redis (see README).
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = [
    ("declaration", "/deklaracja/"),
    ("overview", "/postepy/"),
    ("list (filtered)", "/zobowiazania/?level=2&sort=-progress"),
    ("commitment", "/zobowiazania/bench-0001/"),
    ("API list", "/api/v1/commitments?limit=20"),
]
# Targets from the issue, as ratios to the static file in the same run.
CACHED_TARGET = 0.8
UNCACHED_TARGET = 0.1
UNCACHED_TARGET_PAGES = ("commitment", "list (filtered)")
MAX_QUERIES = 10
MAX_RSS_GROWTH = 0.10

LOAD_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  local path = paths[(counter %% #paths) + 1]
  if path == "SEARCH" then path = "/szukaj/?q=zobowiazanie+" .. math.random(1, 1000000) end
  return wrk.format("GET", path)
end
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/hrc_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--reuse-dataset", action="store_true", help="keep the database of an earlier run")
    parser.add_argument("--small", action="store_true", help="a tiny dataset and short runs (a smoke test)")
    parser.add_argument("--seconds", type=int, default=8, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rss-requests", type=int, default=20000)
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--load-connections", type=int, default=32)
    options = parser.parse_args()
    if options.small:
        options.seconds, options.rounds, options.rss_requests, options.load_seconds = 2, 1, 2000, 5

    env = production_env(options)
    os.environ.update(env)
    os.environ["PAGE_CACHE_SECONDS"] = "0"  # this process only counts queries
    import django

    django.setup()
    section("Dataset")
    if not options.reuse_dataset:
        prepare_database(options)
    static_path = collect_static()

    section("SQL queries per page (page cache off)")
    queries = count_queries()
    for label, count in queries.items():
        print(f"  {label:<18} {count:>3} queries")

    with tempfile.TemporaryDirectory() as logs:
        cached = Server("cached", 8301, {**env, "REDIS_URL": options.redis, "PAGE_CACHE_SECONDS": "600"}, logs)
        uncached = Server("uncached", 8302, {**env, "PAGE_CACHE_SECONDS": "0"}, logs)
        try:
            for server in (cached, uncached):
                server.start()
            flush_redis(options.redis)
            results = measure(options, cached, uncached, static_path)
            memory = memory_growth(options, cached, uncached)
            load = load_test(options, cached)
        finally:
            for server in (cached, uncached):
                server.stop()
    return report(options, results, queries, memory, load)


# Preparation ---------------------------------------------------------------------


def production_env(options):
    return {
        "DJANGO_SETTINGS_MODULE": "bialystok_hrc.settings.production",
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DATABASE_URL": options.database,
        "SECURE_SSL_REDIRECT": "false",
        "GUNICORN_MAX_REQUESTS": "0",
        "LOG_LEVEL": "WARNING",
    }


def prepare_database(options):
    import psycopg
    from django.core.management import call_command
    from django.db import connections

    parts = urlsplit(options.database)
    name = parts.path.lstrip("/")
    maintenance = options.database.rsplit("/", 1)[0] + "/postgres"
    connections.close_all()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("load_official_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    from benchmarks import dataset

    sizes = dict(dataset.SIZES)
    if options.small:
        sizes.update(commitments=20, milestones=60, updates=100, indicators=3)
    counts = dataset.build(sizes)
    # Planner statistics, as autovacuum keeps them in production: without them
    # PostgreSQL guesses one row per table and picks poor plans for the new data.
    with connections["default"].cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  created in {time.monotonic() - started:.0f} s: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


def collect_static():
    import json

    from django.conf import settings
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((Path(settings.STATIC_ROOT) / "staticfiles.json").read_text())
    path = settings.STATIC_URL + manifest["paths"]["css/site.css"]
    print(f"  reference static file: {path}")
    return path


def count_queries():
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for label, path in PAGES:
        client.get(path)  # warm per-process caches (content types, translations)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        counts[label] = len(captured)
    return counts


def flush_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


class Server:
    def __init__(self, name, port, env, logs):
        self.name, self.port, self.env = name, port, {**os.environ, **env, "PORT": str(port)}
        self.log = Path(logs) / f"{name}.log"
        self.process = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [str(gunicorn), "-c", "gunicorn.conf.py", "bialystok_hrc.wsgi"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        for _ in range(100):
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=1) as response:  # noqa: S310
                    if response.status == 200:
                        print(f"  gunicorn ({self.name}) on :{self.port}, {len(self.workers())} workers")
                        return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"gunicorn ({self.name}) did not start; its log:\n{self.log.read_text()}")

    def workers(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def rss_kib(self):
        total = 0
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        return total

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)


# Measuring -------------------------------------------------------------------------


def wrk(url, seconds, connections, threads, script=None):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", script]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(output):
    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return float(match.group(1)) * UNITS[match.group(2)]

    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50": latency(50),
        "p99": latency(99),
        "errors": sum(map(int, errors.groups())) if errors else 0,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
    }


def targets(cached, uncached, static_path):
    yield ("static file (whitenoise)", "static", cached.base + static_path)
    for label, path in PAGES:
        yield (label, "cached", cached.base + path)
        yield (label, "uncached", uncached.base + path)


def measure(options, cached, uncached, static_path):
    section(f"Throughput: wrk, {options.connections} connections, {options.seconds} s per run, {options.rounds} rounds")
    for _label, _mode, url in targets(cached, uncached, static_path):
        wrk(url, 1, 4, 1)  # warm every worker's templates and the page cache
    runs = {}
    for round_number in range(options.rounds):
        for label, mode, url in targets(cached, uncached, static_path):
            result = wrk(url, options.seconds, options.connections, options.threads)
            runs.setdefault((label, mode), []).append(result)
        print(f"  round {round_number + 1} of {options.rounds} done")
    return {
        key: {field: statistics.median(run[field] for run in values) for field in values[0]}
        for key, values in runs.items()
    }


def memory_growth(options, cached, uncached):
    section(f"Worker memory (RSS, all workers) over {options.rss_requests:,} requests of a page mix")
    script = write_script([path for _label, path in PAGES])
    growth = {}
    for server in (uncached, cached):
        before, served = server.rss_kib(), 0
        while served < options.rss_requests:
            result = wrk(server.base + "/", 5, 16, 2, script)
            served += result["requests"]
        after = server.rss_kib()
        growth[server.name] = (before, after, served)
        print(f"  {server.name:<9} {before / 1024:.1f} MiB → {after / 1024:.1f} MiB after {served:,} requests")
    return growth


def load_test(options, server):
    section(f"Load test: {options.load_seconds} s at {options.load_connections} connections, page mix + searches")
    script = write_script([path for _label, path in PAGES] + ["SEARCH", "/", "/en/deklaracja/", "/uk/postepy/"])
    result = wrk(server.base + "/", options.load_seconds, options.load_connections, options.threads, script)
    print(
        f"  {result['requests']:,} requests, {result['rps']:.0f}/s, p50 {result['p50']:.1f} ms, "
        f"p99 {result['p99']:.1f} ms, socket errors {result['errors']}, non-2xx/3xx {result['non2xx']}"
    )
    return result


def write_script(paths):
    handle = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115
    handle.write(LOAD_SCRIPT % ", ".join(f'"{path}"' for path in paths))
    handle.close()
    return handle.name


# Report ------------------------------------------------------------------------------


def report(options, results, queries, memory, load):
    static = results[("static file (whitenoise)", "static")]["rps"]
    section("Results (median of rounds; ratio = requests/s ÷ the static file's in the same run)")
    print(f"  {'target':<26}{'mode':<10}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'ratio':>8}")
    for (label, mode), result in results.items():
        ratio = result["rps"] / static
        print(f"  {label:<26}{mode:<10}{result['rps']:>9.0f}{result['p50']:>9.2f}{result['p99']:>9.2f}{ratio:>8.2f}")
    verdicts = []
    for (label, mode), result in results.items():
        ratio = result["rps"] / static
        if mode == "cached":
            verdicts.append((f"{label} cached ≥ {CACHED_TARGET}× static", ratio >= CACHED_TARGET, f"{ratio:.2f}×"))
        elif mode == "uncached" and label in UNCACHED_TARGET_PAGES:
            verdicts.append(
                (f"{label} uncached ≥ {UNCACHED_TARGET}× static", ratio >= UNCACHED_TARGET, f"{ratio:.2f}×")
            )
        errors = result["errors"] + result["non2xx"]
        if errors:
            verdicts.append((f"{label} {mode}: no errors", False, f"{errors} errors"))
    for label, count in queries.items():
        verdicts.append((f"{label}: ≤ {MAX_QUERIES} SQL queries", count <= MAX_QUERIES, str(count)))
    for name, (before, after, served) in memory.items():
        growth = after / before - 1
        verdicts.append(
            (f"{name} workers' RSS growth < 10% over {served:,} requests", growth < MAX_RSS_GROWTH, f"{growth:+.1%}")
        )
    load_errors = load["errors"] + load["non2xx"]
    verdicts.append(
        (f"load test {options.load_seconds} s × {options.load_connections} connections: zero errors", load_errors == 0,
         f"{load['requests']:,} requests, {load_errors} errors")
    )  # fmt: skip
    section("Targets")
    for label, passed, measured in verdicts:
        print(f"  {'PASS' if passed else 'MISS'}  {label}: {measured}")
    return 0 if all(passed for _label, passed, _measured in verdicts) else 1


def section(title):
    print(f"\n== {title} ==", flush=True)


if __name__ == "__main__":
    sys.exit(main())
