"""Production settings with every cache empty on every request (a dummy cache:
no page, fragment or site fact is ever found), for the benchmark's "cold" row."""

from bialystok_hrc.settings.production import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
PAGE_CACHE_SECONDS = 0
