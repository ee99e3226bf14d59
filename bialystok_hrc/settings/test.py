"""Tests: the same stack as production where it matters (real database,
templates, middleware), with fast password hashing and plain static storage
so no collectstatic run is needed."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, STORAGES

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# A throwaway publishable app (tests/throwaway): shows that one registration
# makes a model versioned, searchable, in the sitemap and in the roles.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.throwaway"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files straight from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tests change content and read pages in one transaction, where the page
# cache's on-commit invalidation never runs; the cache's own tests switch it on.
PAGE_CACHE_SECONDS = 0
SITE_FACTS_CACHED = False
FRAGMENT_CACHE_SECONDS = 0
