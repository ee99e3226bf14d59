"""The page cache: anonymous GETs of public pages are answered from the cache
after the first hit, and everything cached is dropped as soon as content changes.

How it stays correct without a purge list:
- Every page is stored with the *generation* it was rendered in, a number kept
  in the cache itself, and is served only while that is still current. Any
  save or delete of a model in the project's apps (and the end of a transaction
  that made one) moves the generation on, so the next request renders afresh.
- Scheduled publications take effect at their time with no background job: the
  generation also records the next moment something is due to appear (or the next
  local midnight, when "overdue" and "stale" flags change), and the first request
  after that moment moves the generation on.
- With a shared cache (Redis) every worker and every replica sees the new
  generation at once. Django's default per-process memory cache cannot tell other
  processes, so there the pages are kept only ``PAGE_CACHE_LOCAL_SECONDS``.

One key per page: the language in the key is the address's (a prefix-less
address is always Polish, whatever Accept-Language or a cookie say), so a
page is rendered once per change, not once per browser language.

No stampede: when many requests ask for the same page that is not cached, one
renders it (holding a short lock in the cache) and the others wait briefly for
its entry; they render it themselves only if it does not come.

Before Django: ``PageCacheApplication`` wraps the WSGI application and answers
hits from the same entries without Django's handler (no URL resolution, no
database signals), through the same outer middleware (request log, security
headers) as a hit served by the middleware, so the two are indistinguishable.

What is never stored: anything but a plain 200 to a GET/HEAD without a session
cookie or credentials; responses that set cookies (forms with a CSRF token) or
say ``private``/``no-store``/``no-cache`` (the admin, previews, form pages, health
checks all do); the admin's paths.

Independently of the server-side store, public pages tell browsers to revalidate
(cheap with the ETag) and shared caches (a CDN or nginx) to keep them briefly and
serve them stale while they revalidate or while the portal is unreachable.
"""

import contextlib
import dataclasses
import datetime
import functools
import hashlib
import logging
import time
import zoneinfo

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.handlers.wsgi import WSGIRequest
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response, has_vary_header, patch_cache_control
from django.utils.http import parse_http_date_safe, urlencode
from django.utils.module_loading import import_string
from django.utils.translation import get_language_from_path

logger = logging.getLogger(__name__)

STATE_KEY = "pagecache:state"
# Health checks are never cached and must never wait for the cache.
HEALTH_PATHS = ("/healthz", "/readyz")
# Where PageCacheApplication leaves its look-up for the middleware (a miss is not looked up twice).
LOOKUP_ENVIRON_KEY = "hrc.pagecache.lookup"
_MISSING = object()
NO_STORE = ("private", "no-store", "no-cache")


def cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def is_shared():
    return not isinstance(cache(), LocMemCache)


# The generation ---------------------------------------------------------------


# Functions that tell when the public site next changes by itself (a scheduled
# publication): an app that schedules content registers one, so the cache
# imports no app (publishing registers the publication times).
SCHEDULES = []


def schedule(function):
    """Register ``function(now)``: the next moment after ``now`` at which what the
    public sees changes by itself, or None."""
    SCHEDULES.append(function)
    return function


def next_change(now):
    """When the public site next changes by itself: the earliest registered
    scheduled change, or the next local midnight, whichever is first."""
    city = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    tomorrow = timezone.localtime(now, city).date() + datetime.timedelta(days=1)
    moments = [datetime.datetime.combine(tomorrow, datetime.time(), tzinfo=city)]
    moments += [due for due in (function(now) for function in SCHEDULES) if due is not None]
    return min(moments).timestamp()


def current_generation(state=_MISSING):
    """The generation pages are valid for, moving it on first if a scheduled
    change has come due. ``state`` is the stored one, when already fetched."""
    return current_state(state)[0]


def current_state(state=_MISSING):
    """(generation, when the public site next changes by itself), as above."""
    if state is _MISSING:
        state = cache().get(STATE_KEY)
    if state is None or time.time() >= state[1]:
        state = _new_state(state)
    return state


def _new_state(previous):
    generation = (previous[0] + 1) if previous else time.time_ns()
    try:
        due = next_change(timezone.now())
    except DatabaseError:  # the database is down: pages already cached can still be served
        due = time.time() + settings.PAGE_CACHE_LOCAL_SECONDS
    state = (generation, due)
    cache().set(STATE_KEY, state, None)
    return state


def invalidate():
    """Drop every cached page (by moving to a new generation) and every site fact."""
    try:
        cache().delete_many([STATE_KEY, *FACT_KEYS])
    except Exception:  # the cache being down must never break a save
        logger.warning("Page cache could not be invalidated", exc_info=True)


# Pages that never change (the tracker as it stood on a day that is over,
# commitments/as_of_views.py): a view sets this attribute on its response, and
# the page is stored under ``_forever()`` instead of the generation, with no
# expiry, so no content change drops it. The mark names the static files'
# manifest, so a deployment with new styles renders such pages afresh.
KEEP_FOREVER = "page_cache_forever"


def keep_forever(response):
    setattr(response, KEEP_FOREVER, True)
    return response


@functools.cache  # the static files' manifest does not change while a process runs
def _forever():
    from django.contrib.staticfiles.storage import staticfiles_storage

    return ("forever", getattr(staticfiles_storage, "manifest_hash", ""))


def _content_changed(sender, **kwargs):
    if getattr(sender, "affects_public_pages", True) and sender._meta.app_label in PROJECT_APPS:
        invalidate()
        # Again once the transaction is committed: a request that rendered the
        # old content in between must not stay cached under the new generation.
        transaction.on_commit(invalidate)


# The labels of the portal's own apps (settings.LOCAL_APPS), found at start-up:
# sessions, logins and throttling rows of Django's and third-party apps are not content.
PROJECT_APPS = set()


def connect_signals():
    from .apps import portal_app_configs

    PROJECT_APPS.update(config.label for config in portal_app_configs())
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_content_changed, dispatch_uid=f"pagecache-{signal!r}")


# Site-wide facts ------------------------------------------------------------------

FACT_KEYS = []


def site_fact(function):
    """Caches a fact about the whole site that every page needs (say, whether
    demonstration content is published) until content changes, like the pages.
    Off when SITE_FACTS_CACHED is false (the tests, which roll data back
    without any signal)."""
    key = f"pagecache:fact:{function.__module__}.{function.__qualname__}"
    FACT_KEYS.append(key)

    @functools.wraps(function)
    def cached():
        if not settings.SITE_FACTS_CACHED:
            return function()
        try:
            value = cache().get(key, _MISSING)
        except Exception:
            return function()
        if value is _MISSING:
            value = function()
            with contextlib.suppress(Exception):
                cache().set(key, value, 3600 if is_shared() else settings.PAGE_CACHE_LOCAL_SECONDS)
        return value

    return cached


# Which query parameters a page reads ----------------------------------------------

# A rendering that looked at the whole query string (iterated it, copied it…).
ALL = "*"


def _union(first, second):
    if ALL in (first, second):
        return ALL
    return tuple(sorted(set(first) | set(second)))


class RecordingQueryDict(QueryDict):
    """``request.GET`` while a page is rendered for the cache: it notes which
    parameters the page asks for (present or not), so the page is cached by
    their values alone. Looking at the whole query string counts as reading
    every parameter. Parameters no page reads (utm_source, fbclid…) then share
    one cached page instead of filling the cache with copies."""

    def __init__(self, *args, **kwargs):
        self.read = ()
        super().__init__(*args, **kwargs)
        self.read = ()  # building the dict asked for every parameter; that was not the page

    def _note(self, key):
        if self.read != ALL and key not in self.read:
            self.read = (*self.read, key)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)

    def _everything(self):
        self.read = ALL

    def __iter__(self):
        self._everything()
        return super().__iter__()

    def __len__(self):
        self._everything()
        return super().__len__()

    def keys(self):
        self._everything()
        return super().keys()

    def lists(self):
        self._everything()
        return super().lists()

    def copy(self):
        self._everything()
        return super().copy()

    def urlencode(self, safe=None):
        self._everything()
        return super().urlencode(safe)

    def dict(self):
        self._everything()
        return super().dict()

    def read_names(self):
        """The parameters read so far, for links that keep the page's query (the language switcher)."""
        return self.read


# The middleware -----------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Lookup:
    key: str | None  # None: the cache could not be asked
    generation: int | None
    reads: tuple | str
    entry: tuple | None  # (status, headers, content) of a current entry


# key -> the query parameters its page reads, as last seen in this process (they only ever
# grow: see store()). A hint that saves a round trip, never trusted: see lookup().
_KNOWN_READS = {}
KNOWN_READS_LIMIT = 10_000


def _remember_reads(key, reads):
    if _KNOWN_READS.get(key) != reads:
        if len(_KNOWN_READS) >= KNOWN_READS_LIMIT:
            _KNOWN_READS.clear()
        _KNOWN_READS[key] = reads


class PublicPageCacheMiddleware:
    """Serves anonymous GETs of public pages from the cache. It sits just inside
    SecurityMiddleware, so a hit skips everything else: the stored response
    already carries the headers the inner middleware added (CSP, ETag…)."""

    def __init__(self, get_response):
        self.get_response = get_response
        admin = settings.ADMIN_URL
        # The admin, and files, which whitenoise or the storage serve with their own caching.
        self.skip_prefixes = (
            "/" + admin,
            *(f"/{code}/{admin}" for code, _name in settings.LANGUAGES),
            settings.STATIC_URL,
            settings.MEDIA_URL,
        )

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.decorate(request, self.get_response(request))
        # The WSGI layer (PageCacheApplication) may have looked this request up already.
        found = request.META.pop(LOOKUP_ENVIRON_KEY, None) or self.lookup(request)
        if found.entry is not None:
            request.page_cache = "hit"
            return self.conditional(request, self.rebuild(found.entry))
        lock = self.acquire(request, found)
        if lock is None:  # another request rendered the page while this one waited
            found = self.lookup(request)
            if found.entry is not None:
                request.page_cache = "hit"
                return self.conditional(request, self.rebuild(found.entry))
        try:
            return self.render(request, found)
        finally:
            if lock:
                with contextlib.suppress(Exception):
                    cache().delete(lock)

    def render(self, request, found):
        request.page_cache = "miss"
        request.GET = RecordingQueryDict(request.META.get("QUERY_STRING", ""), encoding=request.encoding)
        response = self.decorate(request, self.get_response(request))
        if found.key and self.cacheable_response(response):
            response.headers["X-Page-Cache"] = "miss"
            reads = _union(found.reads, request.GET.read)
            forever = getattr(response, KEEP_FOREVER, False)
            stamp = _forever() if forever else found.generation
            self.store(found.key, request, stamp, reads, self.freeze(response), forever)
        return response

    def lookup(self, request):
        """The page's entry for the current generation, if stored: one round trip to
        the cache for most pages (the generation and the page's entry, which is
        valid only for the generation it was rendered in). A page that reads
        query parameters needs a second: its entry names them, and the variant
        for their values is stored under its own key. A cache outage degrades
        to rendering, never to an error."""
        try:
            key = self.key(request)
            # The parameters this page was last seen to read (in this process): its variant is
            # asked for in the same round trip, and used only if the entry still names them.
            known = _KNOWN_READS.get(key)
            variant = self.variant_key(key, request, known) if known else None
            found = cache().get_many([STATE_KEY, key, *([variant] if variant else [])])
            generation = current_generation(found.get(STATE_KEY))
            entry = found.get(key)
            reads = ()
            if entry is not None and entry[1]:
                # Read even from an earlier generation: it still finds a page kept forever.
                reads = entry[1]
                _remember_reads(key, reads)
                if variant is not None and reads == known:
                    entry = found.get(variant)
                else:
                    entry = cache().get(self.variant_key(key, request, reads))
        except Exception:
            logger.warning("Page cache unavailable", exc_info=True)
            return Lookup(None, None, (), None)
        if entry is None or entry[0] not in (generation, _forever()) or entry[2] is None:
            entry = None
        return Lookup(key, generation, reads, entry and entry[2])

    # No stampede -----------------------------------------------------------------

    def lock_key(self, request, found):
        query = request.META.get("QUERY_STRING", "")
        digest = hashlib.sha256(query.encode("utf-8", "surrogateescape")).hexdigest()[:32]
        return f"{found.key}:lock:{found.generation}:{digest}"

    def acquire(self, request, found):
        """The render lock for this page (its key, or "" when the cache cannot be
        asked), or None after waiting for another request that held it: then the
        page is most likely stored. The lock expires by itself
        (PAGE_CACHE_LOCK_SECONDS) should its holder die mid-render."""
        if not found.key:
            return ""
        lock = self.lock_key(request, found)
        try:
            if cache().add(lock, 1, settings.PAGE_CACHE_LOCK_SECONDS):
                return lock
            deadline = time.monotonic() + settings.PAGE_CACHE_LOCK_WAIT_MS / 1000
            while time.monotonic() < deadline:
                time.sleep(0.02)
                stored = cache().get_many([lock, found.key])
                entry = stored.get(found.key)
                if lock not in stored or (entry is not None and entry[0] in (found.generation, _forever())):
                    # Rendered (or found not cacheable: a 404, a form), or the lock expired.
                    return None
        except Exception:
            logger.warning("Page cache unavailable", exc_info=True)
        return ""  # waited long enough: render without the lock

    def store(self, key, request, generation, reads, frozen, forever=False):
        """A page that read no query parameter is the same for every query string
        (?utm_source=… included): one entry. Otherwise the page's entry lists the
        parameters read (by any rendering so far, so a key never leaves out one
        that a rendering used) and the page is stored under their values.
        A page kept forever is stored with no expiry."""
        timeout = None if forever else self.timeout()
        try:
            if not reads:
                cache().set(key, (generation, (), frozen), timeout)
                return
            _remember_reads(key, reads)
            cache().set_many(
                {key: (generation, reads, None), self.variant_key(key, request, reads): (generation, reads, frozen)},
                timeout,
            )
        except Exception:
            logger.warning("Page cache unavailable", exc_info=True)

    @staticmethod
    def variant_key(key, request, reads):
        """The page's key with the values of the query parameters it reads, in a
        canonical order; every other parameter is left out."""
        query = QueryDict(request.META.get("QUERY_STRING", ""), encoding=request.encoding)
        names = sorted(query) if reads == ALL else sorted(reads)
        canonical = urlencode([(name, value) for name in names for value in query.getlist(name)])
        return key + ":" + hashlib.sha256(canonical.encode("utf-8", "surrogateescape")).hexdigest()

    # Which requests and responses --------------------------------------------

    def cacheable_request(self, request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.path.startswith(self.skip_prefixes)
            and request.path not in HEALTH_PATHS
        )

    @staticmethod
    def cacheable_response(response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not any(word in cache_control for word in NO_STORE)
            # Pages differ only by URL (the language is in it), so the only Vary
            # headers we accept are those every page carries.
            and not has_vary_header(response, "Authorization")
        )

    def key(self, request):
        # The host and scheme appear in absolute links; the language matters for
        # the few addresses outside the language prefixes (sitemap, API). The
        # query string is not part of it: see store() and variant_key().
        path = request.path
        # The address's language: a prefix-less address is always Polish (LocaleMiddleware
        # ignores Accept-Language and the cookie there), so one page is one key.
        language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        raw = f"{request.scheme}://{request.get_host()}{path}|{language}"
        digest = hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()
        # "page2": entries now also name the query parameters the page reads; a shared cache
        # may still hold entries of the earlier shape, which are simply never looked at.
        return f"pagecache:page2:{digest}"

    @staticmethod
    def timeout():
        if is_shared():
            return settings.PAGE_CACHE_SECONDS
        return min(settings.PAGE_CACHE_SECONDS, settings.PAGE_CACHE_LOCAL_SECONDS)

    # Headers for browsers, CDNs and proxies -----------------------------------

    def decorate(self, request, response):
        """Public pages: browsers revalidate every time (a 304 when unchanged),
        shared caches keep them briefly and may serve them stale while they
        revalidate or while the portal is unreachable. Anything a view marked
        otherwise keeps its own header."""
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.has_header("Cache-Control")
            and not response.cookies
            and not request.path.startswith(self.skip_prefixes)
        ):
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                # Staff browsing the site: pages may show staff-only links.
                patch_cache_control(response, private=True, no_cache=True)
            else:
                patch_cache_control(
                    response,
                    public=True,
                    max_age=0,
                    s_maxage=settings.PAGE_CDN_SECONDS,
                    stale_while_revalidate=settings.PAGE_STALE_WHILE_REVALIDATE_SECONDS,
                    stale_if_error=settings.PAGE_STALE_IF_ERROR_SECONDS,
                )
        return response

    # Storing and rebuilding ------------------------------------------------------

    @staticmethod
    def freeze(response):
        return (response.status_code, list(response.headers.items()), response.content)

    @staticmethod
    def rebuild(entry):
        status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response.headers[name] = value
        response.headers["X-Page-Cache"] = "hit"
        return response

    @staticmethod
    def conditional(request, response):
        """A 304 for a conditional GET that matches what is stored."""
        last_modified = response.get("Last-Modified")
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(last_modified) if last_modified else None,
            response=response,
        )


# Before Django ---------------------------------------------------------------------


class PageCacheApplication:
    """The WSGI application in production (bialystok_hrc/wsgi.py): answers page
    cache hits before Django's handler, from the entries the middleware stores.

    A hit costs one or two cache round trips and the outer middleware that
    Django would run before PublicPageCacheMiddleware (settings.MIDDLEWARE: the
    request log, SecurityMiddleware, the NUL check), built from the same list,
    so it carries exactly the headers a hit served by Django carries (the
    stored ones, which include CSP and ETag, plus those). No URL resolution, no
    ``request_started`` signal (which checks the database connection), no
    session. Everything else (misses, static files, health checks, POSTs,
    anyone with a session cookie or credentials) goes to Django untouched; a
    miss takes its look-up along, so the middleware does not repeat it."""

    def __init__(self, application):
        self.application = application
        self.pages = PublicPageCacheMiddleware(application)
        middleware = settings.MIDDLEWARE
        handler = self.answer
        if "core.pagecache.PublicPageCacheMiddleware" in middleware:
            outer = middleware[: middleware.index("core.pagecache.PublicPageCacheMiddleware")]
            for path in reversed(outer):
                handler = import_string(path)(handler)
        self.handler = handler
        # Static files and health checks go straight through: they never wait for the cache.
        self.passed = (settings.STATIC_URL, settings.MEDIA_URL, *HEALTH_PATHS)

    def __call__(self, environ, start_response):
        if (
            settings.PAGE_CACHE_SECONDS <= 0
            or environ.get("REQUEST_METHOD") not in ("GET", "HEAD")
            or environ.get("PATH_INFO", "").startswith(self.passed)
        ):
            return self.application(environ, start_response)
        request = WSGIRequest(environ)
        try:
            if not self.pages.cacheable_request(request):
                return self.application(environ, start_response)
        except Exception:  # a malformed request (a bad Host…): Django answers it
            return self.application(environ, start_response)
        found = self.pages.lookup(request)
        if found.entry is None:
            environ[LOOKUP_ENVIRON_KEY] = found
            return self.application(environ, start_response)
        request.page_cache_entry = found.entry
        response = self.handler(request)
        # As django.core.handlers.wsgi.WSGIHandler answers.
        headers = [*response.items(), *(("Set-Cookie", c.output(header="")) for c in response.cookies.values())]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return response

    def answer(self, request):
        request.page_cache = "hit"
        return self.pages.conditional(request, self.pages.rebuild(request.page_cache_entry))
