"""Fragments (core/fragments.py): the heavy parts of pages are kept under keys
that change exactly when what they show changes. A page built from stored
fragments is the page rendered from scratch, byte for byte; a change shows on
the next request; a change elsewhere re-renders nothing."""

import datetime
import time
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

from commitments.models import Commitment
from core import fragments

from .test_pagecache import redis_cache  # noqa: F401 (a fixture)

LANGUAGES = ("", "/en", "/uk", "/be")
LANGUAGE_CODES = ("pl", "en", "uk", "be")


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
    with override_settings(FRAGMENT_CACHE_SECONDS=0):
        return client.get(path).content


def test_pages_built_from_fragments_equal_pages_rendered_from_scratch(
    demo_content, client, settings, fragment_cache, renders
):
    """Byte for byte, in every language: when the fragments are first rendered and
    stored, and when the page is built from the stored ones (loading nothing)."""
    slug = Commitment.objects.published().filter(children__isnull=False).first().slug
    paths = [f"/zobowiazania/{slug}/", "/zobowiazania/?level=2&sort=-progress&page=1"]
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


# Correctness first: every kind of public content, every page that shows it -------------


def models_with_public_content():
    """Every model the publishing registry knows: kept in versions, searched, or in the sitemap."""
    from core.apps import portal_models
    from publishing import registry

    listed = {source.model for source in registry.search_sources()} | {
        section.model for section in registry.sitemap_sections()
    }
    return [model for model in portal_models() if model in listed or registry.versions_of_model(model)]


def text_field(model):
    """A translated text the public sees: the title (or the name, the text)."""
    from publishing import registry

    kind = registry.versions_of_model(model)
    search = next((source for source in registry.search_sources() if source.model is model), None)
    names = [kind.title_field] if kind else []
    names += [search.title_field, *search.fields] if search else []
    for name in [*names, "title", "name"]:
        if any(field.name == f"{name}_pl" for field in model._meta.fields):
            return name
    raise AssertionError(f"{model._meta.label} has no translated text to change")


def public_row(model):
    rows = model.objects.published() if hasattr(model.objects, "published") else model.objects.all()
    if any(field.name == "parent" for field in model._meta.fields):
        rows = rows.filter(parent__isnull=False)  # its parent's page shows it too
    return rows.order_by("pk").first()


def own_pages(row):
    """The row's page (or its commitment's, for an update) in every language."""
    owner = row if hasattr(row, "get_absolute_url") else getattr(row, "commitment", None)
    paths = []
    for language in LANGUAGE_CODES:
        with translation.override(language):
            if owner is not None:
                paths.append(owner.get_absolute_url())
    return paths


def related_pages(row):
    """Pages of other items that show the row: a sub-commitment's parent lists it."""
    parent = getattr(row, "parent", None)
    return own_pages(parent) if parent is not None else []


def search_pages(model, marker, languages):
    from publishing import registry

    if not any(source.model is model for source in registry.search_sources()):
        return []
    paths = []
    for language in languages:
        with translation.override(language):
            paths.append(reverse("search:search") + "?" + urlencode({"q": marker(language)}))
    return paths


def lists_and_feeds():
    """The lists, overview and home page in every language; the sitemap, API and feed."""
    paths = ["/sitemap.xml", "/api/v1/commitments?limit=100", "/kanal.xml"]
    for language in LANGUAGE_CODES:
        with translation.override(language):
            paths += [reverse("home"), reverse("commitments:overview"), reverse("commitments:list")]
    return paths


@pytest.fixture
def shared_caches(redis_cache, settings):  # noqa: F811
    settings.FRAGMENT_CACHE_SECONDS = 600
    return redis_cache


def fresh(client, settings, path):
    """The page rendered from scratch, every cache off."""
    with override_settings(PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0):
        return client.get(path)


def assert_next_request_is_current(client, settings, paths):
    """Each page as served now is the page rendered from scratch; returns what was served."""
    served = {}
    for path in paths:
        response = client.get(path)
        expected = fresh(client, settings, path)
        assert response.status_code == expected.status_code, path
        assert response.content == expected.content, f"{path} is stale"
        served[path] = response.content.decode()
    return served


@pytest.mark.usefixtures("shared_caches")
def test_every_change_to_public_content_shows_on_the_next_request_everywhere(
    demo_content, client, settings, renders, django_capture_on_commit_callbacks
):
    """Every kind of public content (publishing's registry): one item of each is
    changed in every language; every page that shows it (its page, the lists,
    overview and home page, search, the API, feed and sitemap) is, on the next
    request, exactly the page rendered from scratch and shows the change."""
    models = models_with_public_content()
    assert len(models) >= 9, models
    changes, common = [], lists_and_feeds()
    for index, model in enumerate(models):
        row, field = public_row(model), text_field(model)

        def marker(language, index=index):
            return f"Zmiana{index}x{language}"

        paths = own_pages(row) + related_pages(row)
        paths += search_pages(model, marker, LANGUAGE_CODES if index == 0 else ["pl"])
        changes.append((row, field, marker, paths))
    for path in dict.fromkeys(common + [path for *_change, paths in changes for path in paths]):
        client.get(path)  # all cached, pages and fragments, as after any visit
    # Rows that move only their items' stamps first, one at a time, then those that move a whole
    # app's (a level, a value): those re-render every fragment and would hide a stale one.
    by_item = [change for change in changes if not any(t.startswith("app:") for t in fragments.tokens_of(change[0]))]
    batches = [*([change] for change in by_item), [change for change in changes if change not in by_item]]
    for batch in batches:
        with django_capture_on_commit_callbacks(execute=True):
            for row, field, marker, _paths in batch:
                for language in LANGUAGE_CODES:
                    text = getattr(row, f"{field}_{language}") or ""
                    setattr(row, f"{field}_{language}", f"{text} {marker(language)}")
                row.save()
        # The pages built of fragments (an item's, the list) after each change; the rest, which
        # only the page cache keeps (dropped by any save), after the last.
        shared = common if batch is batches[-1] else [path for path in common if "zobowiazania/" in path]
        paths = list(dict.fromkeys(shared + [path for *_change, paths in batch for path in paths]))
        served = assert_next_request_is_current(client, settings, paths)
        for row, _field, marker, _paths in batch:
            for language, path in zip(LANGUAGE_CODES, own_pages(row), strict=False):
                assert marker(language) in served[path], (path, marker(language))


@pytest.mark.usefixtures("shared_caches")
def test_a_change_re_renders_only_the_fragments_that_show_it(
    demo_content, client, renders, django_capture_on_commit_callbacks
):
    from commitments.models import Commitment
    from pages.models import Page

    leaves = Commitment.objects.published().filter(children__isnull=True).order_by("pk")
    changed = leaves.first()
    bystander = leaves.exclude(parent=changed.parent_id).exclude(pk=changed.parent_id).first() or leaves.last()
    lists = ["/zobowiazania/", "/en/zobowiazania/"]
    with translation.override("pl"):  # the addresses in Polish, whatever a request left active
        page, other = bystander.get_absolute_url(), changed.get_absolute_url()
    for path in [page, other, *lists]:
        client.get(path)
    moved = [token for token in fragments.tokens_of(changed) if not token.endswith("*")]
    # Its row, its parent's, and the list's form (which offers every commitment's target year).
    moved_rows = {("commitment-list", ("row", int(token.rsplit(":", 1)[1]))) for token in moved}
    moved_rows.add(("commitment-list", "form"))
    for row in (changed, Page.objects.published().first()):
        with django_capture_on_commit_callbacks(execute=True):
            row.save()
        renders.clear()
        for path in [page, *lists]:
            client.get(path)
        if row == changed:
            assert set(renders.seen) <= moved_rows and renders.seen  # its row, its parent's: nothing else
            renders.clear()
            client.get(other)
            assert {family for family, _name in renders.seen} == {"commitment-page"}
        else:
            assert renders.seen == []  # a page of information shows no commitment


@pytest.mark.usefixtures("shared_caches")
def test_publishing_withdrawing_and_scheduling_show_on_the_next_request(
    demo_content, client, settings, django_capture_on_commit_callbacks
):
    """A draft published, a commitment withdrawn, an answer to feedback published, and a
    commitment and a milestone scheduled: on time, with no job and no save."""
    from commitments.models import Commitment
    from publishing.models import PublicationState

    from . import factories

    shown, withdrawn = Commitment.objects.published().filter(children__isnull=True)[:2]
    draft = factories.commitment(publication_state=PublicationState.DRAFT, published_at=None, title_pl="Szkic")
    with translation.override("pl"):
        page, gone, new = shown.get_absolute_url(), withdrawn.get_absolute_url(), draft.get_absolute_url()
    paths = ["/zobowiazania/", "/sitemap.xml", "/api/v1/commitments?limit=100", "/szukaj/?q=Szkic", page, "/be" + page]
    paths += [gone, "/uk" + gone, "/postepy/"]
    for path in paths:
        client.get(path)
    with django_capture_on_commit_callbacks(execute=True):
        draft.publish()
        draft.save()
        withdrawn.publication_state = PublicationState.WITHDRAWN
        withdrawn.save()
        factories.feedback(commitment=shown, state="published", published_at=timezone.now(), answer="Odpowiedź X")
    assert_next_request_is_current(client, settings, [*paths, new])
    assert "Odpowiedź X" in client.get(page).content.decode()

    # Scheduled five minutes ahead; then the clock moves past it (no job, no save).
    real_now, real_time = timezone.now, time.time
    due = real_now() + datetime.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        factories.commitment(title_pl="Projekt Qwz", published_at=due)
        factories.milestone(shown, title_pl="Zaplanowany kamień", due_on=due.date(), published_at=due)
    assert "Zaplanowany kamień" not in client.get(page).content.decode()
    assert "Projekt Qwz" not in client.get("/zobowiazania/").content.decode()
    with (
        mock.patch("django.utils.timezone.now", lambda: real_now() + datetime.timedelta(minutes=5, seconds=1)),
        mock.patch("time.time", lambda: real_time() + 301),
    ):
        assert "Zaplanowany kamień" in client.get(page).content.decode()
        assert "Projekt Qwz" in client.get("/zobowiazania/").content.decode()
        assert_next_request_is_current(client, settings, [page, "/zobowiazania/", "/en/zobowiazania/"])


def test_a_preview_of_a_proposal_never_leaves_its_content_in_the_public_fragments(
    official, editor, publisher, client, fragment_cache
):
    """A preview renders the public page with an Editor's proposal applied, inside a transaction
    that is rolled back; the stamps it moved stay moved in the cache. Fragments are neither read
    nor stored during a preview, so the public page keeps showing what is published."""
    from publishing.models import Proposal
    from publishing.versions import record

    from . import factories
    from .test_proposals import change_url, page_form

    commitment = factories.commitment(slug="rzecznik", title_pl="Rzecznik praw")
    record(commitment)
    assert "Rzecznik praw" in client.get("/zobowiazania/rzecznik/").content.decode()  # fragments stored
    _response, form = page_form(editor, commitment)
    data = form.copy()
    data["title_pl"] = ["Tytuł jeszcze niezatwierdzony"]
    assert editor.post(change_url(commitment), data).status_code == 302
    preview = publisher.get(reverse("publishing:proposal_preview", args=[Proposal.objects.get().pk]))
    assert "Tytuł jeszcze niezatwierdzony" in preview.content.decode()
    public = client.get("/zobowiazania/rzecznik/").content.decode()
    assert "Tytuł jeszcze niezatwierdzony" not in public and "Rzecznik praw" in public
