import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# would refuse to run beside it. Tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BASE_DIR = Path(__file__).resolve().parent.parent
LANGUAGES = ("pl", "en", "uk", "be")
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


@pytest.fixture
def official(db):
    call_command("load_official_content", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        missing(f"Chromium not found at {CHROMIUM}: install it with 'apt-get install -y chromium'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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


@pytest.fixture
def demo_content(official):
    load_site_content()


@pytest.fixture
def site(live_server, transactional_db):
    """A live server with the official content and the demo commitments, for browser tests."""
    from django.apps import apps

    from publishing.roles import ensure_roles

    ensure_roles(apps)  # the flush between transactional tests removes the migration's groups
    call_command("load_official_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    load_site_content()
    return live_server
