#!/usr/bin/env python3
"""The portal's benchmark: throughput and latency of its key pages, served from
the page cache, after an unrelated change and cold, against a static file served
by whitenoise from the same gunicorn as the reference, measured with wrk in one
interleaved run; then CPU time per page in-process, SQL queries per page, worker
memory over 20,000 requests and a 60-second load test. It ends with a table of
the targets of issue 18 (Acceptance), PASS or FAIL each, and exits 1 if any fails.

    .venv/bin/python benchmarks/run.py            # ~8 minutes on an idle machine; see --help

It is not a test: performance targets live here, never in timed unit tests (the
query budget per page, which does not depend on the machine, is a test:
tests/test_commitment_pages.py::test_query_counts_do_not_grow_with_data).

What it does:
1. Prints which Python runs it (version, implementation, PGO/LTO from the build's
   CONFIG_ARGS: the production image's interpreter is built with both and uses
   15 to 26% less CPU than a plain build, so say which one measured).
2. Creates a throwaway PostgreSQL database (``hrc_bench`` by default), migrates
   it, loads the official content and the benchmark dataset (benchmarks/dataset.py:
   500 commitments, 3,000 milestones, 5,000 updates, 50 indicators with 10 years
   of data, four languages, all labelled demo), and collects the static files.
3. Starts gunicorn three times with the production settings and gunicorn.conf.py:
   "cached", with the page cache on a shared Redis as in production; "after
   change", the same but the page cache moves to a new generation before every
   request (benchmarks/after_change.py), while site facts and per-object caches
   stay warm, the state of every page after a normal edit; "cold", with a dummy
   cache (benchmarks/settings_cold.py), so nothing is ever found in a cache.
   Worker recycling (max_requests) is off so memory growth shows.
4. Runs wrk round-robin over every target (the static file, each page in each of
   the three modes), several rounds, and reports the median of the rounds. Ratios
   are taken within the same run, so the machine's speed cancels out; on a shared
   machine they are still noisy (run it when the machine is otherwise idle).
It needs wrk (apt-get install -y wrk), PostgreSQL and Redis (see README).
"""

import argparse
import contextlib
import os
import platform
import re
import statistics
import subprocess
import sys
import sysconfig
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
# Pages whose queries are counted besides PAGES: the level with the most commitments (paginated).
COUNTED_PAGES = [*PAGES, ("level page", "/poziomy/2/")]
# Measured in-process (CPU time of one rendering, every cache empty).
CPU_PAGES = [("level page", "/poziomy/2/"), ("list (filtered)", PAGES[2][1]), ("commitment", PAGES[3][1])]
MODES = ("cached", "after change", "cold")
# Targets from issue 18 (Acceptance), as ratios to the static file's requests/s in the same run.
TARGETS = {
    "cached": (0.8, ("declaration", "overview", "list (filtered)", "commitment", "API list")),
    "after change": ({"commitment": 0.25, "list (filtered)": 0.12}, ("commitment", "list (filtered)")),
    "cold": (0.05, ("commitment", "list (filtered)")),
}
MAX_LEVEL_PAGE_CPU_MS = 50
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
    parser.add_argument("--port", type=int, default=8301, help="the first of three ports for the servers")
    parser.add_argument("--reuse-dataset", action="store_true", help="keep the database of an earlier run")
    parser.add_argument("--small", action="store_true", help="a tiny dataset and short runs (a smoke test)")
    parser.add_argument("--seconds", type=int, default=5, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rss-requests", type=int, default=20000)
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--load-connections", type=int, default=32)
    options = parser.parse_args()
    if options.small:
        options.seconds, options.rounds, options.rss_requests, options.load_seconds = 2, 1, 2000, 5
    started = time.monotonic()

    section("Python")
    python = python_build()
    print(f"  {python['summary']}\n  CONFIG_ARGS: {python['config']}")
    print(f"  {os.cpu_count()} CPUs, load average {' '.join(f'{n:.2f}' for n in os.getloadavg())} at the start")

    env = production_env(options)
    os.environ.update(env)
    os.environ.pop("REDIS_URL", None)  # this process: a cache of its own, emptied before each measure
    os.environ["PAGE_CACHE_SECONDS"] = "0"  # this process only counts queries and CPU time
    import django

    django.setup()
    section("Dataset")
    if not options.reuse_dataset:
        prepare_database(options)
    static_path = collect_static()

    section("SQL queries per page (page cache off, site facts cached as in production)")
    queries = count_queries()
    for label, count in queries.items():
        print(f"  {label:<18} {count:>3} queries")

    section("CPU time per page in-process (every cache empty; median of 15 renderings)")
    cpu = cpu_times()
    for label, milliseconds in cpu.items():
        print(f"  {label:<18} {milliseconds:>6.1f} ms")

    with tempfile.TemporaryDirectory() as logs:
        redis_env = {**env, "REDIS_URL": options.redis, "PAGE_CACHE_SECONDS": "600"}
        servers = {
            "cached": Server("cached", options.port, {**redis_env, "CACHE_KEY_PREFIX": "bench-cached"}, logs),
            "after change": Server(
                "after change",
                options.port + 1,
                {**redis_env, "CACHE_KEY_PREFIX": "bench-changed"},
                logs,
                app="benchmarks.after_change:application",
            ),
            "cold": Server(
                "cold", options.port + 2, {**env, "DJANGO_SETTINGS_MODULE": "benchmarks.settings_cold"}, logs
            ),
        }
        try:
            for server in servers.values():
                server.start()
            flush_redis(options.redis)
            results = measure(options, servers, static_path)
            memory = memory_growth(options, servers)
            load = load_test(options, servers["cached"])
        finally:
            for server in servers.values():
                server.stop()
    return report(options, python, results, queries, cpu, memory, load, time.monotonic() - started)


def python_build():
    """Which interpreter measured: PGO (--enable-optimizations) and LTO (--with-lto)
    change the CPU cost of every page by a fifth."""
    config = sysconfig.get_config_var("CONFIG_ARGS") or ""
    flags = " ".join(filter(None, (sysconfig.get_config_var(name) for name in ("PY_CFLAGS", "PY_LDFLAGS"))))
    pgo = "--enable-optimizations" in config or "-fprofile-use" in flags
    lto = "--with-lto" in config or "-flto" in flags
    summary = (
        f"{platform.python_implementation()} {platform.python_version()} ({sys.executable}), "
        f"PGO {'yes' if pgo else 'no'}, LTO {'yes' if lto else 'no'}, {platform.python_compiler()}"
    )
    return {"summary": summary, "config": config or "(none)", "pgo": pgo, "lto": lto}


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
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    caches["default"].clear()
    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for label, path in COUNTED_PAGES:
        client.get(path)  # warm per-process caches (content types, translations) and the site facts
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        counts[label] = len(captured)
    return counts


def cpu_times(renderings=15):
    """The CPU time of this process for one rendering of each page, every cache
    emptied first (the time the database spends is its own process's)."""
    from django.core.cache import caches
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    times = {}
    for label, path in CPU_PAGES:
        client.get(path)  # templates compiled, connection open: as in a worker that served a page
        samples = []
        for _ in range(renderings):
            for cache in caches.all():
                cache.clear()
            started = time.process_time()
            client.get(path)
            samples.append((time.process_time() - started) * 1000)
        times[label] = statistics.median(samples)
    return times


def flush_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


class Server:
    def __init__(self, name, port, env, logs, app="bialystok_hrc.wsgi"):
        self.name, self.port, self.env, self.app = name, port, {**os.environ, **env, "PORT": str(port)}, app
        self.log = Path(logs) / f"{name.replace(' ', '-')}.log"
        self.process = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [str(gunicorn), "-c", "gunicorn.conf.py", self.app],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        for _ in range(100):
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=1) as response:  # noqa: S310
                    if response.status == 200:
                        print(f"  gunicorn ({self.name}) on :{self.port}, {len(self.workers())} workers, {self.app}")
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

    def cpu_ticks(self):
        total = 0
        for pid in self.workers():
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime + stime
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


def targets(servers, static_path):
    yield ("static file (whitenoise)", "static", servers["cached"].base + static_path)
    for label, path in PAGES:
        for mode in MODES:
            yield (label, mode, servers[mode].base + path)


def measure(options, servers, static_path):
    section(f"Throughput: wrk, {options.connections} connections, {options.seconds} s per run, {options.rounds} rounds")
    for _label, _mode, url in targets(servers, static_path):
        wrk(url, 1, 4, 1)  # warm every worker's templates and the caches
    runs = {}
    for round_number in range(options.rounds):
        for label, mode, url in targets(servers, static_path):
            settle(servers)
            result = wrk(url, options.seconds, options.connections, options.threads)
            runs.setdefault((label, mode), []).append(result)
        print(f"  round {round_number + 1} of {options.rounds} done")
    return {
        key: {field: statistics.median(run[field] for run in values) for field in values[0]}
        for key, values in runs.items()
    }


def settle(servers, quiet=0.3, longest=15.0):
    """Wait until no worker uses CPU: a run that ended leaves requests being
    rendered (wrk stops waiting for them, the workers do not), which would
    otherwise slow the next target's run."""
    deadline = time.monotonic() + longest
    before = sum(server.cpu_ticks() for server in servers.values())
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = sum(server.cpu_ticks() for server in servers.values())
        if now == before:
            return
        before = now


def memory_growth(options, servers, longest=120.0):
    """Worker memory over a page mix: the production setup (cached) for the full
    number of requests, and the server that renders every page for as many as it
    serves in the same time (a tenth as many per second). Each stops after
    ``longest`` seconds, so that a busy machine does not make the run endless;
    the report then says how many requests it was."""
    section(f"Worker memory (RSS, all workers) over {options.rss_requests:,} requests of a page mix")
    script = write_script([path for _label, path in PAGES])
    growth = {}
    budget = longest
    for server in (servers["cached"], servers["after change"]):
        before, served, started = server.rss_kib(), 0, time.monotonic()
        while served < options.rss_requests and time.monotonic() - started < budget:
            result = wrk(server.base + "/", 5, 16, 2, script)
            served += result["requests"]
        budget = max(30.0, time.monotonic() - started)
        after = server.rss_kib()
        growth[server.name] = (before, after, served)
        print(f"  {server.name:<13} {before / 1024:.1f} MiB → {after / 1024:.1f} MiB after {served:,} requests")
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


def target_for(label, mode):
    ratio, labels = TARGETS.get(mode, (None, ()))
    if label not in labels:
        return None
    return ratio[label] if isinstance(ratio, dict) else ratio


def report(options, python, results, queries, cpu, memory, load, seconds):
    static = results[("static file (whitenoise)", "static")]["rps"]
    section("Results (median of rounds; ratio = requests/s ÷ the static file's in the same run)")
    print(f"  {python['summary']}")
    print(f"  {'target':<26}{'mode':<14}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'ratio':>8}{'target':>9}")
    for (label, mode), result in results.items():
        ratio, target = result["rps"] / static, target_for(label, mode)
        wanted = f"≥ {target:.2f}" if target else ""
        print(
            f"  {label:<26}{mode:<14}{result['rps']:>9.0f}{result['p50']:>9.2f}{result['p99']:>9.2f}"
            f"{ratio:>8.2f}{wanted:>9}"
        )
    verdicts = []
    for (label, mode), result in results.items():
        ratio, target = result["rps"] / static, target_for(label, mode)
        if target:
            verdicts.append((f"{label}, {mode}: ≥ {target}× static", ratio >= target, f"{ratio:.2f}×"))
        errors = result["errors"] + result["non2xx"]
        if errors:
            verdicts.append((f"{label}, {mode}: no errors", False, f"{errors} errors"))
    level_cpu = cpu["level page"]
    verdicts.append(
        (f"level page, cold: ≤ {MAX_LEVEL_PAGE_CPU_MS} ms CPU in-process", level_cpu <= MAX_LEVEL_PAGE_CPU_MS,
         f"{level_cpu:.1f} ms")
    )  # fmt: skip
    for label, count in queries.items():
        verdicts.append((f"{label}: ≤ {MAX_QUERIES} SQL queries", count <= MAX_QUERIES, str(count)))
    for name, (before, after, served) in memory.items():
        growth, enough = after / before - 1, served >= options.rss_requests or name != "cached"
        verdicts.append(
            (f"{name} workers' RSS growth < 10% over {served:,} requests", growth < MAX_RSS_GROWTH and enough,
             f"{growth:+.1%}" + ("" if enough else f" (fewer than {options.rss_requests:,} requests in the time)"))
        )  # fmt: skip
    load_errors = load["errors"] + load["non2xx"]
    verdicts.append(
        (f"load test {options.load_seconds} s × {options.load_connections} connections: zero errors", load_errors == 0,
         f"{load['requests']:,} requests, {load_errors} errors")
    )  # fmt: skip
    section("Targets (issue 18, Acceptance)")
    for label, passed, measured in verdicts:
        print(f"  {'PASS' if passed else 'FAIL'}  {label}: {measured}")
    print("  (queries constant in data size: tests/test_commitment_pages.py::test_query_counts_do_not_grow_with_data)")
    print(f"\n  whole run: {seconds / 60:.1f} minutes")
    return 0 if all(passed for _label, passed, _measured in verdicts) else 1


def section(title):
    print(f"\n== {title} ==", flush=True)


if __name__ == "__main__":
    sys.exit(main())
