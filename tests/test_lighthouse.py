"""Lighthouse accessibility audits of the key pages, in Debian's Chromium."""

import json
import os
import shutil
import subprocess

import pytest

from .conftest import BASE_DIR, CHROMIUM, missing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIGHTHOUSE = BASE_DIR / "node_modules" / "lighthouse"
AUDIT = BASE_DIR / "tests" / "tools" / "lighthouse.mjs"
PAGES = ["/", "/deklaracja/", "/zobowiazania/", "/zobowiazania/demo-001/"]


def test_lighthouse_accessibility_score_is_100(site):
    if not LIGHTHOUSE.exists() or not shutil.which("node"):
        missing(f"Lighthouse is not installed ({LIGHTHOUSE}); run 'npm ci'")
    if not os.path.exists(CHROMIUM):
        missing(f"Chromium not found at {CHROMIUM}")
    result = subprocess.run(
        ["node", str(AUDIT), *(site.url + path for path in PAGES)],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=300,
        cwd=BASE_DIR,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    scores = json.loads(result.stdout)
    print("lighthouse accessibility:", scores)
    assert list(scores) == [site.url + path for path in PAGES]
    assert all(page["score"] == 1 and page["error"] is None for page in scores.values()), scores
