"""Every public page, in every language, is valid HTML (Nu HTML Checker)."""

import json
import shutil
import subprocess

import pytest

from .conftest import BASE_DIR, missing
from .public_pages import all_public_paths

pytestmark = [pytest.mark.validator, pytest.mark.django_db]

VNU = BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_public_page_is_valid_html(client, demo_content, tmp_path):
    java = shutil.which("java")
    if not java:
        missing("Java is not installed, so the Nu HTML Checker cannot run")
    if not VNU.exists():
        missing(f"vnu-jar is not installed ({VNU}); run 'npm install'")
    files = {}
    paths = [*all_public_paths(), ("en", "/en/no-such-page/")]
    for index, (_language, path) in enumerate(paths):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        file = tmp_path / f"page{index}.html"
        file.write_bytes(response.content)
        files[str(file)] = path
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--stdout", *files], capture_output=True, text=True, timeout=300
    )
    messages = json.loads(result.stdout)["messages"]
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    report = [f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: {m.get('message')}" for m in errors]
    assert not errors, "\n".join(report)
    assert len(files) == 4 * 108 + 1
