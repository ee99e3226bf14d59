import io
import os
import shutil
import socket
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from . import database_states

BASE_DIR = Path(__file__).resolve().parent.parent
LANGUAGES = ("pl", "en", "uk", "be")
PASSWORD = "a-long-test-password"
# CI sets REQUIRE_BROWSER=1: a missing Chromium or Java then fails the run
# instead of skipping the browser and validator tests.
REQUIRED = os.environ.get("REQUIRE_BROWSER", "") not in ("", "0", "false")
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def missing(what):
    """Skip locally when a tool is genuinely absent; fail in CI."""
    if REQUIRED:
        pytest.fail(f"{what} (REQUIRE_BROWSER is set, so this is an error, not a skip)")
    pytest.skip(what)


def free_port():
    """A TCP port nobody listens on now (the kernel picks it, so parallel workers never collide)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def queries(client, path):
    """How many queries a second GET of ``path`` makes (the first warms the
    per-process caches, such as content types, as in production)."""
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


# The longest modules (measured with --durations), longest first. Run in parallel
# (pytest-xdist, --dist loadfile --no-loadscope-reorder), each worker takes whole modules in
# this order: the long ones start at once, side by side, and the short ones fill in, instead
# of the one-test browser walk starting last (xdist's default order is by number of tests).
LONGEST_FIRST = (
    "test_site_walk.py",
    "test_backup_restore.py",
    "test_commitment_pages.py",
    "test_xss.py",
    "test_browser.py",
    "test_helpdirectory.py",
    "test_dialogue_browser.py",
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest-django's ordering (database tests first, then transactional ones), which
    the sort keeps within each group: a transactional module run first is harmless, since
    the official content comes back before the next database test (pytest_runtest_setup)."""
    rank = {name: index for index, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


@pytest.fixture(autouse=True)
def polish_by_default():
    """Each request activates its language in the test thread and leaves it
    there; start every test from the default, so reverse() is predictable."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def uploads_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# Official content ------------------------------------------------------------------
# The declaration, its values, the required pages and the framework: nearly every
# test needs them, and loading them takes most of a second. They are loaded once,
# into the test database right after it is created, and committed; each test runs
# in a transaction that is rolled back, so every test starts from them unchanged.
# A transactional test (live server, threads) empties the database when it ends,
# so the next test that is not transactional finds them loaded again first.


def official_content_loaded():
    from declaration.models import Declaration

    return Declaration.objects.exists()


def load_official_content():
    """The official content: put back from the copy saved when the test database was made
    (tests/database_states.py), or loaded (the first time, and on SQLite)."""
    from django.apps import apps

    from publishing.roles import ensure_roles

    if database_states.available() and database_states.saved("official"):
        database_states.restore("official")
        return
    # A flush also empties the groups the migrations made; post_migrate rebuilds only permissions.
    ensure_roles(apps)
    call_command("load_official_content", stdout=io.StringIO())


@pytest.fixture(scope="session", autouse=True)
def flush_by_delete():
    """PostgreSQL's flush for the tests: DELETE every row instead of TRUNCATE.

    A transactional test (live server, threads) empties the database when it ends. TRUNCATE
    replaces each table's files: for the ~50 small tables here it took 2.1-2.3 s per flush,
    DELETE 0.15 s (measured on this machine), for each of the ~25 transactional tests. The
    result is the same: empty tables, sequences left as they are (when a flush is asked to
    reset them, TRUNCATE ... RESTART IDENTITY runs as before). Foreign keys are PostgreSQL
    triggers: off for the deletes only (every row goes, so nothing can dangle), then on
    again, so a flush inside a test's transaction (the backup test) leaves what follows
    checked as usual."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(ops, style, tables, *, reset_sequences=False, allow_cascade=False):
        if not tables:
            return truncate(ops, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        if reset_sequences:
            # The public record refuses TRUNCATE (publishing/append_only.py); its triggers are
            # off in replica mode, for this transaction only, like the foreign keys' below.
            return [
                "SET LOCAL session_replication_role = replica;",
                *truncate(ops, style, tables, reset_sequences=True, allow_cascade=allow_cascade),
                "SET LOCAL session_replication_role = origin;",
            ]
        return [
            "SET LOCAL session_replication_role = replica;",
            *(f"DELETE FROM {ops.quote_name(table)};" for table in tables),  # noqa: S608 (our own tables)
            "SET LOCAL session_replication_role = origin;",
        ]

    from django.db.backends.sqlite3.base import DatabaseOperations as SQLiteOperations

    from publishing import append_only

    sqlite_delete = SQLiteOperations.sql_flush

    def sqlite_flush(ops, style, tables, **options):
        # The public record refuses DELETE (publishing/append_only.py): the test flush drops
        # its triggers, empties the tables and makes them again, in the flush's transaction.
        return append_only.lifted_for_flush("sqlite", sqlite_delete(ops, style, tables, **options))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        patch.setattr(SQLiteOperations, "sql_flush", sqlite_flush)
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Each test database gets the official content, committed. On PostgreSQL, copies of
    it and of the demo site are saved too, for quick restores."""
    with django_db_blocker.unblock():
        load_official_content()
        if database_states.available():
            database_states.save("official")
            load_site_content()
            database_states.save_addition("site", over="official")
            database_states.restore("official")


def transactional(item):
    from pytest_django.plugin import validate_django_db

    marker = item.get_closest_marker("django_db")
    return bool(marker and validate_django_db(marker)[0]) or bool(
        {"transactional_db", "live_server"} & set(item.fixturenames)
    )


def uses_the_database(item):
    return item.get_closest_marker("django_db") is not None or "django_db_setup" in item.fixturenames


_may_be_flushed = False


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a test's fixtures (so outside its transaction, where a reload is kept):
    if a transactional test ran since the content was last checked, put it back."""
    global _may_be_flushed
    if transactional(item):
        _may_be_flushed = True
    elif _may_be_flushed and uses_the_database(item):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            if not official_content_loaded():
                load_official_content()
        _may_be_flushed = False


@pytest.fixture
def official(db):
    """The official content. Already there for every database test; a transactional
    test may run after another one emptied the database, so check."""
    if not official_content_loaded():
        load_official_content()


# Staff ------------------------------------------------------------------------------


def staff_client(role, name):
    """A signed-in client for a staff member in one of the roles (publishing.roles)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(name, f"{name}@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff(client, django_user_model, official):
    """The test client, signed in as a superuser."""
    user = django_user_model.objects.create_superuser("redaktorka", "redaktorka@example.org", PASSWORD)
    client.force_login(user)
    return client


@pytest.fixture
def editor(official):
    from publishing.roles import EDITOR

    return staff_client(EDITOR, "redaktor")


@pytest.fixture
def publisher(official):
    from publishing.roles import PUBLISHER

    return staff_client(PUBLISHER, "publikujaca")


# Browser -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    """Chromium for one module. Playwright's sync API keeps an event loop running in
    the test thread while it is open, and Django's ORM refuses to run beside a
    running loop: allow it only here, and close the browser with the module so
    the database tests that follow run with Django's check on."""
    if not Path(CHROMIUM).exists():
        missing(f"Chromium not found at {CHROMIUM}: install it with 'apt-get install -y chromium'")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


# axe-core's WCAG 2.1 A and AA rules, the level Polish law requires. Only the violations come
# back: axe then skips serialising every passing and inapplicable node, most of its cost.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
AXE_RUN = """options => axe.run(document, options).then(results => results.violations.map(v =>
    `  ${v.id} (${v.impact}): ${v.help} — ${JSON.stringify(v.nodes.slice(0, 3).map(n => n.target))}`))"""


def axe_script():
    """axe-core as packaged with axe-playwright-python."""
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).parent / "axe.min.js"


def axe_violations(page):
    """The page's WCAG 2.1 AA violations, one line each. A context made with
    ``context.add_init_script(path=axe_script())`` has axe in every page already;
    otherwise it is injected here (through the DevTools protocol, so the page's own
    Content-Security-Policy does not apply to it)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(axe_script().read_text())
    return page.evaluate(AXE_RUN, AXE_OPTIONS)


def watch_csp(page):
    """Collect what the page's Content-Security-Policy blocks (Chromium reports it on the console)."""
    blocked = []
    page.on("console", lambda message: blocked.append(message.text) if "Security Policy" in message.text else None)
    return blocked


def log_in(page, base, username, password=PASSWORD):
    """Sign in through the admin's login form."""
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("input[type=submit]")


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


# Three demo themes (nine commitments on levels 2 and 3, two indicators) show every kind of page
# while keeping the site-wide walks over every page quick.
SITE_THEMES = 3
# Two entries in Where to get help show the directory, its filters and an entry's page.
SITE_HELP_ENTRIES = 2


def load_site_content():
    """Demo commitments, plus a second public version of one of them, so
    the version history, version and change pages all exist."""
    from commitments import demo
    from commitments.models import Commitment
    from helpdirectory import demo as help_demo
    from publishing import versions

    demo.load(themes=SITE_THEMES)
    help_demo.load(count=SITE_HELP_ENTRIES)
    commitment = Commitment.objects.get(slug="demo-001")
    commitment.title_en = commitment.title_en + " (revised)"
    commitment.save()
    versions.record(commitment, major=True, note={"pl": "Poprawiono tytuł angielski.", "en": "English title revised."})


def site_content():
    """The demo site over the official content: its rows added from the saved copy, or loaded."""
    if not official_content_loaded():
        load_official_content()
    if database_states.available() and database_states.saved("site"):
        database_states.add("site")
    else:
        load_site_content()


@pytest.fixture
def demo_content(official):
    site_content()


@pytest.fixture
def site(live_server, transactional_db):
    """A live server with the official content and the demo commitments, for browser tests."""
    site_content()
    return live_server
