"""The page cache's layers (core/pagecache.py): one key per page, one rendering
when many ask for the same cold page, and hits answered before Django's handler
with exactly the headers Django would send."""

import threading
import time

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponse
from django.test import RequestFactory

from core import pagecache

from .test_pagecache import page_cache, redis_cache  # noqa: F401 (fixtures)

# One key per page -------------------------------------------------------------------


def test_a_prefixless_address_is_one_polish_page_whatever_the_browser_asks(official, client, page_cache):  # noqa: F811
    assert client.get("/deklaracja/")["X-Page-Cache"] == "miss"
    english_browser = client.get("/deklaracja/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert english_browser["X-Page-Cache"] == "hit" and english_browser["Content-Language"] == "pl"
    client.cookies["django_language"] = "uk"
    assert client.get("/deklaracja/", HTTP_ACCEPT_LANGUAGE="be")["X-Page-Cache"] == "hit"


# No stampede ------------------------------------------------------------------------


def concurrently(middleware, path, count):
    responses = []
    barrier = threading.Barrier(count)

    def one():
        barrier.wait()
        responses.append(middleware(RequestFactory().get(path)))

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return responses


def test_many_requests_for_a_cold_page_render_it_once(db, redis_cache, settings):  # noqa: F811
    renders = []

    def view(request):
        renders.append(request.path)
        time.sleep(0.3)  # a slow page: the others arrive while it renders
        return HttpResponse(f"rendered {len(renders)}")

    pagecache.current_generation()  # the generation exists (its schedule asks the database)
    middleware = pagecache.PublicPageCacheMiddleware(view)
    responses = concurrently(middleware, "/deklaracja/?sort=title", 8)
    assert len(responses) == 8 and len(renders) == 1
    assert {response.content for response in responses} == {b"rendered 1"}
    assert sorted(response["X-Page-Cache"] for response in responses) == ["hit"] * 7 + ["miss"]


def test_waiting_ends_as_soon_as_an_uncacheable_page_is_rendered(db, redis_cache, settings):  # noqa: F811
    renders = []

    def missing(request):
        renders.append(request.path)
        time.sleep(0.2)
        return HttpResponse("not here", status=404)

    pagecache.current_generation()
    started = time.monotonic()
    responses = concurrently(pagecache.PublicPageCacheMiddleware(missing), "/nie-ma/", 3)
    assert [response.status_code for response in responses] == [404] * 3
    assert len(renders) == 3  # nothing to share, each renders (one after the other)
    assert time.monotonic() - started < settings.PAGE_CACHE_LOCK_WAIT_MS / 1000


# Before Django ----------------------------------------------------------------------


def call(application, environ):
    answer = {}

    def start_response(status, headers):
        answer.update(status=status, headers=headers)

    body = b"".join(application(environ, start_response))
    return answer["status"], answer["headers"], body


def not_django(environ, start_response):
    raise AssertionError("a cache hit must be answered before Django")


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_hit_before_django_carries_exactly_the_headers_of_a_hit_through_django(
    official,
    page_cache,  # noqa: F811
    settings,
    scheme,
    django_db_blocker,
):
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_SSL_REDIRECT = False
    django = WSGIHandler()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        environ = {"HTTP_X_REQUEST_ID": "compare-headers", "wsgi.url_scheme": scheme}
        headers = call(django, RequestFactory()._base_environ(PATH_INFO="/deklaracja/", **environ))[1]
        assert dict(headers)["X-Page-Cache"] == "miss"
        served = call(django, RequestFactory()._base_environ(PATH_INFO="/deklaracja/", **environ))
        assert dict(served[1])["X-Page-Cache"] == "hit"
        early = pagecache.PageCacheApplication(not_django)
        with django_db_blocker.block():  # not one query
            before = call(early, RequestFactory()._base_environ(PATH_INFO="/deklaracja/", **environ))
        assert before == served  # status, every header in order, body
        if scheme == "https":
            assert "Strict-Transport-Security" in dict(before[1])
        # A conditional request: the same 304.
        etag = dict(served[1])["ETag"]
        conditional = {**environ, "HTTP_IF_NONE_MATCH": etag}
        not_modified = call(django, RequestFactory()._base_environ(PATH_INFO="/deklaracja/", **conditional))
        assert not_modified[0].startswith("304")
        assert call(early, RequestFactory()._base_environ(PATH_INFO="/deklaracja/", **conditional)) == not_modified
        # HEAD, as Django answers it.
        head = {**environ, "REQUEST_METHOD": "HEAD"}
        assert call(early, RequestFactory()._base_environ(PATH_INFO="/deklaracja/", **head))[:2] == served[:2]
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_what_the_cache_must_not_answer_goes_to_django(official, page_cache, settings):  # noqa: F811
    reached = []

    def django(environ, start_response):
        reached.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b""]

    early = pagecache.PageCacheApplication(django)
    factory = RequestFactory()
    requests = [
        factory._base_environ(PATH_INFO="/deklaracja/"),  # not cached yet: a miss
        factory._base_environ(PATH_INFO="/deklaracja/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=x"),
        factory._base_environ(PATH_INFO="/deklaracja/", HTTP_AUTHORIZATION="Bearer x"),
        factory._base_environ(PATH_INFO="/deklaracja/", REQUEST_METHOD="POST"),
        factory._base_environ(PATH_INFO="/healthz"),
        factory._base_environ(PATH_INFO=settings.STATIC_URL + "css/site.css"),
        factory._base_environ(PATH_INFO="/admin/"),
    ]
    for environ in requests:
        call(early, environ)
    assert len(reached) == len(requests)
    # The miss took its look-up along, for the middleware not to repeat it.
    assert isinstance(requests[0][pagecache.LOOKUP_ENVIRON_KEY], pagecache.Lookup)


def test_a_page_that_reads_its_query_is_found_in_one_round_trip(official, client, page_cache):  # noqa: F811
    """A page stored per value of the parameters it reads (the filtered list) used to need two
    round trips on every hit: its entry, which names the parameters, then the variant. The
    parameters last seen are remembered per process, so the variant comes with the entry;
    the entry still decides (a page that starts reading another parameter is found anyway)."""
    from unittest import mock

    store = pagecache.cache()
    trips = []

    class Counted:
        """The cache, counting the page cache's round trips (get and get_many)."""

        def __getattr__(self, name):
            if name in ("get", "get_many"):
                trips.append(name)
            return getattr(store, name)

    path = "/zobowiazania/?level=2&sort=-progress"
    assert client.get(path)["X-Page-Cache"] == "miss"
    with mock.patch.object(pagecache, "cache", Counted):
        assert client.get(path)["X-Page-Cache"] == "hit"
        assert trips == ["get_many"]
        # Forgotten (another process, or a new one): a second round trip finds it all the same.
        pagecache._KNOWN_READS.clear()
        trips.clear()
        assert client.get(path)["X-Page-Cache"] == "hit"
        assert trips == ["get_many", "get"]
