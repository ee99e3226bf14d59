"""The page cache: anonymous GETs are served from the cache after the first hit,
a change to content shows on the very next request, scheduled publications take
effect on time, and nothing personal or form-bearing is ever stored."""

import datetime
import os
import subprocess
import sys
import time
import uuid

import pytest
from django.core.cache import caches
from django.utils import timezone

from core import pagecache
from declaration.models import Value
from publishing.models import PublicationState

from . import factories
from .conftest import BASE_DIR, REQUIRED

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_LOCAL_SECONDS = 600
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def redis_cache(settings):
    """The real Redis server (127.0.0.1:6379). Other test runs may share its database:
    each test writes under a prefix of its own and deletes only its own keys (never
    FLUSHDB, which is what clearing a Django Redis cache does)."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        message = f"Redis is not reachable at {REDIS_URL}"
        if REQUIRED:
            pytest.fail(message + " (REQUIRE_BROWSER is set: CI must test the shared cache)")
        pytest.skip(message)
    server = redis.Redis.from_url(REDIS_URL)
    prefix = f"test-{uuid.uuid4().hex}"
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_LOCAL_SECONDS = 600
    settings.CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.PortalRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield server, prefix
    if own := list(server.scan_iter(f"{prefix}:*")):
        server.delete(*own)


def test_second_anonymous_get_is_served_from_the_cache_without_queries(
    official, client, page_cache, django_assert_num_queries
):
    first = client.get("/deklaracja/")
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/deklaracja/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # The stored response keeps the headers the inner middleware added.
    for header in ("Content-Security-Policy", "ETag", "Permissions-Policy", "Content-Language"):
        assert second[header] == first[header]


def test_each_language_is_its_own_entry(official, client, page_cache):
    assert client.get("/deklaracja/")["X-Page-Cache"] == "miss"
    assert client.get("/en/deklaracja/")["X-Page-Cache"] == "miss"
    english = client.get("/en/deklaracja/")
    assert english["X-Page-Cache"] == "hit" and english["Content-Language"] == "en"


def entries():
    return len(caches["default"]._cache)


def test_query_parameters_no_page_reads_share_the_page_entry(official, client, page_cache):
    """200 tracking links to one page make one entry, not 200; and the page they get
    does not carry the tracking parameters into its language links."""
    first = client.get("/deklaracja/?utm_source=newsletter")
    assert first["X-Page-Cache"] == "miss"
    assert "utm_source" not in first.content.decode()
    before = entries()
    for number in range(200):
        response = client.get(f"/deklaracja/?utm_source=n{number}&fbclid={number}")
        assert response["X-Page-Cache"] == "hit"
        assert response.content == first.content
    assert client.get("/deklaracja/")["X-Page-Cache"] == "hit"
    assert entries() == before


def test_a_page_is_cached_by_the_parameters_it_reads_in_a_canonical_order(official, client, page_cache):
    factories.commitment(level=factories.Level.objects.get(number=2))
    factories.commitment(level=factories.Level.objects.get(number=3))
    assert client.get("/zobowiazania/?level=2&sort=title")["X-Page-Cache"] == "miss"
    same = client.get("/zobowiazania/?sort=title&utm_source=x&level=2")
    assert same["X-Page-Cache"] == "hit"  # the same filters, in another order, with a tracking parameter
    other = client.get("/zobowiazania/?level=3&sort=title")
    assert other["X-Page-Cache"] == "miss"  # other values: another page
    assert other.content != same.content
    unfiltered = client.get("/zobowiazania/")
    assert unfiltered["X-Page-Cache"] == "miss"
    assert client.get("/zobowiazania/?utm_source=x")["X-Page-Cache"] == "hit"
    # The paging and language links keep the filters and drop the rest.
    assert "utm_source" not in same.content.decode() and "level=2" in same.content.decode()
    # Search reads q: each query is its own page, and a junk parameter beside it is not.
    assert client.get("/szukaj/?q=równość")["X-Page-Cache"] == "miss"
    assert client.get("/szukaj/?q=równość&utm_medium=mail")["X-Page-Cache"] == "hit"
    assert client.get("/szukaj/?q=wolność")["X-Page-Cache"] == "miss"


def test_a_change_shows_on_the_next_request(official, client, page_cache):
    value = Value.objects.get(slug="rownosc")
    assert client.get(value.get_absolute_url())["X-Page-Cache"] == "miss"
    assert client.get(value.get_absolute_url())["X-Page-Cache"] == "hit"
    value.name_pl = "Równość wszystkich"
    value.save()
    response = client.get(value.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "Równość wszystkich" in response.content.decode()


def test_a_publication_shows_on_the_next_request(official, client, page_cache, django_capture_on_commit_callbacks):
    draft = factories.commitment(publication_state=PublicationState.DRAFT, published_at=None, title_pl="Nowe zadanie")
    assert "Nowe zadanie" not in client.get("/zobowiazania/").content.decode()
    assert client.get("/zobowiazania/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        draft.publish()
        draft.save()
    assert callbacks, "the cache is invalidated again once the transaction commits"
    assert "Nowe zadanie" in client.get("/zobowiazania/").content.decode()


def test_a_scheduled_publication_appears_on_time_without_any_job(official, client, page_cache):
    factories.commitment(title_pl="Zaplanowane zadanie", published_at=timezone.now() + datetime.timedelta(seconds=1.5))
    assert "Zaplanowane zadanie" not in client.get("/zobowiazania/").content.decode()
    assert client.get("/zobowiazania/")["X-Page-Cache"] == "hit"
    time.sleep(1.6)
    response = client.get("/zobowiazania/")
    assert response["X-Page-Cache"] == "miss"
    assert "Zaplanowane zadanie" in response.content.decode()


def test_a_change_outside_the_content_apps_keeps_the_cache(official, client, page_cache, django_user_model):
    client.get("/deklaracja/")
    django_user_model.objects.create_user("someone", password="x" * 16)
    assert client.get("/deklaracja/")["X-Page-Cache"] == "hit"


def test_progress_recomputed_without_a_save_drops_the_cache(official, client, page_cache):
    commitment = factories.commitment(title_pl="Zadanie z kamieniem")
    type(commitment).objects.filter(pk=commitment.pk).update(progress=77)  # out of date; update() sends no signal
    client.get("/zobowiazania/")
    assert client.get("/zobowiazania/")["X-Page-Cache"] == "hit"
    commitment.refresh_from_db()
    commitment.refresh_progress()
    assert commitment.progress != 77
    assert client.get("/zobowiazania/")["X-Page-Cache"] == "miss"


def test_conditional_get_on_a_cached_page_answers_304(official, client, page_cache, django_assert_num_queries):
    etag = client.get("/deklaracja/")["ETag"]
    with django_assert_num_queries(0):  # answered from the cache
        response = client.get("/deklaracja/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert client.get("/deklaracja/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_public_pages_tell_shared_caches_to_keep_them_briefly_and_serve_stale(official, client, settings):
    response = client.get("/deklaracja/")
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=0", f"s-maxage={settings.PAGE_CDN_SECONDS}"} <= directives
    assert f"stale-while-revalidate={settings.PAGE_STALE_WHILE_REVALIDATE_SECONDS}" in directives
    assert f"stale-if-error={settings.PAGE_STALE_IF_ERROR_SECONDS}" in directives
    assert response.has_header("ETag")


def test_staff_browsing_the_site_are_neither_served_nor_stored(official, client, page_cache, admin_user):
    client.get("/deklaracja/")  # stored for the anonymous public
    client.force_login(admin_user)
    response = client.get("/deklaracja/")
    assert not response.has_header("X-Page-Cache")
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    "path",
    [
        "/admin/login/",  # a form with a CSRF cookie, and the admin
        "/healthz",  # never_cache
        "/zobowiazania/nie-ma-takiego/",  # 404
    ],
)
def test_forms_errors_and_uncacheable_responses_are_never_stored(official, client, page_cache, path):
    client.get(path)
    response = client.get(path)
    assert response.get("X-Page-Cache") != "hit"


def test_previews_are_never_stored(official, client, page_cache, admin_user):
    factories.commitment(publication_state="draft", published_at=None, slug="szkic")
    client.force_login(admin_user)
    client.get("/podglad/zobowiazania/szkic/")
    client.logout()
    response = client.get("/podglad/zobowiazania/szkic/")
    assert response.status_code == 302  # to the login page, not the draft from the cache


def test_post_is_never_answered_from_the_cache(official, client, page_cache):
    client.get("/szukaj/")
    assert client.post("/szukaj/").get("X-Page-Cache") != "hit"


def test_an_unreachable_cache_degrades_to_rendering(official, client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.PortalRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    response = client.get("/deklaracja/")
    assert response.status_code == 200
    assert not response.has_header("X-Page-Cache")
    assert client.get("/readyz").status_code == 503


# The shared cache: the real Redis ----------------------------------------------------


def test_pages_are_stored_in_redis_and_dropped_on_change(official, client, redis_cache):
    server, prefix = redis_cache
    assert client.get("/deklaracja/")["X-Page-Cache"] == "miss"
    stored = list(server.scan_iter(f"{prefix}:*pagecache:*"))
    assert any(b"pagecache:state" in key for key in stored)
    assert len(stored) == 2, stored  # the generation and the page
    assert client.get("/deklaracja/")["X-Page-Cache"] == "hit"
    generation = pagecache.current_generation()
    value = Value.objects.get(slug="rownosc")
    value.save()
    assert pagecache.current_generation() != generation
    assert client.get("/deklaracja/")["X-Page-Cache"] == "miss"
    assert client.get("/readyz").status_code == 200


def test_a_shared_cache_keeps_pages_for_the_full_time(redis_cache, settings):
    settings.PAGE_CACHE_SECONDS = 900
    settings.PAGE_CACHE_LOCAL_SECONDS = 10
    assert pagecache.is_shared()
    assert pagecache.PublicPageCacheMiddleware.timeout() == 900


def test_a_memory_cache_keeps_pages_only_briefly(settings):
    settings.PAGE_CACHE_SECONDS = 900
    settings.PAGE_CACHE_LOCAL_SECONDS = 10
    assert not pagecache.is_shared()
    assert pagecache.PublicPageCacheMiddleware.timeout() == 10


def test_redis_url_selects_the_redis_cache():
    program = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bialystok_hrc.settings.test", "REDIS_URL": REDIS_URL}
    output = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + program],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert output.strip() == "core.redis_cache.PortalRedisCache"


def test_site_facts_are_cached_until_content_changes(official, client, settings, django_assert_num_queries):
    from commitments.context_processors import demo_content_shown

    settings.SITE_FACTS_CACHED = True
    settings.PAGE_CACHE_LOCAL_SECONDS = 600
    caches["default"].clear()
    assert demo_content_shown() is False
    with django_assert_num_queries(0):
        assert demo_content_shown() is False
    factories.commitment(is_demo=True)  # the save drops the fact
    assert demo_content_shown() is True
    assert "demo-banner" in client.get("/deklaracja/").content.decode()


def a_save_drops_the_cache(client, row):
    client.get("/deklaracja/")
    assert client.get("/deklaracja/")["X-Page-Cache"] == "hit"
    row.save()
    return client.get("/deklaracja/")["X-Page-Cache"] == "miss"


def test_a_save_in_every_app_of_the_portal_drops_the_cache_and_in_no_other(official, client, page_cache):
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    for label in ("declaration", "commitments", "pages", "accessibility", "opendata", "helpdirectory"):
        models = apps.get_app_config(label).get_models()
        row = next(model._base_manager.first() for model in models if model._base_manager.exists())
        assert a_save_drops_the_cache(client, row), label
    for row in (Group.objects.first(), Permission.objects.first(), ContentType.objects.first()):
        assert not a_save_drops_the_cache(client, row), row._meta.label


def test_rows_never_shown_publicly_keep_the_cache(official, client, page_cache):
    from dialogue.models import Subscription

    client.get("/deklaracja/")
    Subscription.objects.create(email="someone@example.org", language="pl", consent_at=timezone.now())
    assert client.get("/deklaracja/")["X-Page-Cache"] == "hit"


def test_the_redis_backend_keeps_one_client_per_pool(redis_cache):
    """Django's backend made a redis-py client for every operation, each building its table of
    response callbacks: 18% of a page-cache hit's CPU. Ours keeps one, and still works."""
    server, _prefix = redis_cache
    store = caches["default"]
    assert type(store).__name__ == "PortalRedisCache"
    assert store._cache.get_client() is store._cache.get_client(write=True)
    store.set("one", {"a": 1}, 60)
    assert store.get_many(["one", "none"]) == {"one": {"a": 1}}
    assert server.exists(store.make_key("one"))
