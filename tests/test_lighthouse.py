"""Lighthouse accessibility audits of the key pages, in Debian's Chromium."""

import json
import os
import subprocess

import pytest

from .conftest import BASE_DIR, CHROMIUM, missing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIGHTHOUSE = BASE_DIR / "node_modules" / ".bin" / "lighthouse"
PAGES = ["/", "/deklaracja/", "/zobowiazania/", "/zobowiazania/demo-001/"]


def test_lighthouse_accessibility_score_is_100(site, tmp_path):
    if not LIGHTHOUSE.exists():
        missing(f"Lighthouse is not installed ({LIGHTHOUSE}); run 'npm ci'")
    if not os.path.exists(CHROMIUM):
        missing(f"Chromium not found at {CHROMIUM}")
    scores = {}
    for index, path in enumerate(PAGES):
        report = tmp_path / f"report{index}.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                site.url + path,
                "--only-categories=accessibility",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking",
                "--output=json",
                f"--output-path={report}",
                "--quiet",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            check=True,
            timeout=120,
        )
        result = json.loads(report.read_text())
        failed = [
            audit_id
            for audit_id, audit in result["audits"].items()
            if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0
        ]
        scores[path] = (result["categories"]["accessibility"]["score"], failed)
    print("lighthouse accessibility:", scores)
    assert all(score == 1 for score, _failed in scores.values()), scores
