"""Fragments (core/fragments.py): the heavy parts of pages are kept under keys
that change exactly when what they show changes. A page built from stored
fragments is the page rendered from scratch, byte for byte; a change shows on
the next request; a change elsewhere re-renders nothing."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.models import Commitment
from core import fragments

LANGUAGES = ("", "/en", "/uk", "/be")


@pytest.fixture
def fragment_cache(settings):
    settings.FRAGMENT_CACHE_SECONDS = 600
    settings.PAGE_CACHE_LOCAL_SECONDS = 600
    caches["default"].clear()
    yield
    caches["default"].clear()


class Renders:
    """Counts fragments rendered (not taken from the cache), by family."""

    def __init__(self):
        self.seen = []
        fragments.fragment_rendered.connect(self.note)

    def note(self, sender, family, name, **kwargs):
        self.seen.append((family, name))

    def count(self, family=None):
        return sum(1 for seen_family, _name in self.seen if family in (None, seen_family))

    def clear(self):
        self.seen.clear()


@pytest.fixture
def renders():
    counter = Renders()
    yield counter
    fragments.fragment_rendered.disconnect(counter.note)


def uncached(client, settings, path):
    settings.FRAGMENT_CACHE_SECONDS = 0
    try:
        return client.get(path).content
    finally:
        settings.FRAGMENT_CACHE_SECONDS = 600


def test_pages_built_from_fragments_equal_pages_rendered_from_scratch(
    demo_content, client, settings, fragment_cache, renders
):
    """Byte for byte, in every language: when the fragments are first rendered and
    stored, and when the page is built from the stored ones (loading nothing)."""
    slug = Commitment.objects.published().filter(children__isnull=False).first().slug
    paths = [f"/zobowiazania/{slug}/", "/zobowiazania/", "/zobowiazania/?level=2&sort=-progress&page=1"]
    for prefix in LANGUAGES:
        for path in paths:
            expected = uncached(client, settings, prefix + path)
            caches["default"].clear()
            renders.clear()
            with CaptureQueriesContext(connection) as rendering:
                assert client.get(prefix + path).content == expected, prefix + path  # rendered and stored
            assert renders.count() > 0
            renders.clear()
            with CaptureQueriesContext(connection) as stored:
                assert client.get(prefix + path).content == expected, prefix + path  # from the fragments
            assert renders.count() == 0
            # Nothing the fragments show is loaded.
            assert len(stored) < len(rendering), [query["sql"] for query in stored]
