"""The portal as it serves pages after a normal edit, for the benchmark's "after
an unrelated change" row (benchmarks/run.py): before each page request the page
cache moves to a new generation, as a save of any content does, so every page
is rendered again; the site facts and any per-object caches stay warm, as they
are for every request after the first one that follows an edit. Served by
gunicorn as ``benchmarks.after_change:application``; never used by the portal.

The bump costs two round trips to the cache per request, which the row counts
(about 0.1 ms of CPU): it slightly understates the pages' speed."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bialystok_hrc.settings.production")

from django.conf import settings

from bialystok_hrc.wsgi import application as portal
from core import pagecache

SKIPPED = (settings.STATIC_URL, "/healthz", "/readyz")


def unrelated_change():
    """The page cache's generation moves on, keeping its next scheduled change
    (computing that again is the cost of the first request after an edit only)."""
    state = pagecache.cache().get(pagecache.STATE_KEY)
    if state is None:
        pagecache.current_generation()
    else:
        pagecache.cache().set(pagecache.STATE_KEY, (state[0] + 1, *state[1:]), None)


def application(environ, start_response):
    if not environ.get("PATH_INFO", "").startswith(SKIPPED):
        unrelated_change()
    return portal(environ, start_response)
