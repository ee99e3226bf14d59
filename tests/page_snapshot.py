"""Every public page in every language, as rendered now: the restore tests
compare these before a backup and after the restore.

Also runs on its own against any database, for the pg_dump/pg_restore test:
``DATABASE_URL=… python -m tests.page_snapshot`` prints a JSON object of
"language path" -> SHA-256 of the page's bytes."""

import hashlib
import json
import re

from django.test import Client

# The residents' dialogue forms carry a signed "form shown at" time (a spam
# defence), which differs on every render: compare the pages without it.
FORM_TIME = re.compile(rb'<input[^>]*name="started"[^>]*>')


def snapshot():
    from .public_pages import all_public_paths

    client = Client()
    pages = {}
    for language, path in all_public_paths():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        pages[f"{language} {path}"] = FORM_TIME.sub(b'<input name="started">', response.content)
    return pages


def digests(pages):
    return {key: hashlib.sha256(content).hexdigest() for key, content in pages.items()}


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(digests(snapshot()), sort_keys=True))
