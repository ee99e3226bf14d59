"""Fragments: the heavy parts of public pages (a commitment's content, each row of
a list), rendered once and kept in the cache under keys that change exactly when
what they show changes, so they survive every change to anything else.

The page cache (core/pagecache.py) drops every page on any save; fragments are
what makes the next rendering cheap. A fragment's key is made of:

- *stamps*: one per item ("commitments.commitment:12"), a random value in the
  cache moved by every save or delete of the item or of a row its fragments
  show (a milestone moves its commitment's stamp, a commitment its parent's and
  its children's, a public version its item's: see ``owners``), and one per app
  ("app:commitments") moved by a save of any other row of the app (a status, a
  level), which fragments of that app's items also show. Moved again once the
  transaction commits, so a rendering of the old content in between is never
  kept under the new stamp;
- the moment the public site next changes by itself (the page cache's: a
  scheduled publication, else the next local midnight, when "overdue" flags
  change), so a scheduled change appears on time with no background job;
- the language, the scheme and host (absolute addresses), and a digest of the
  templates and translations, so a new release never shows old markup.

Looking a page's fragments up costs two cache round trips (the stamps with the
page cache's state, then the fragments) and no query. Stamps are a superset of
the latest public version's fingerprint and number: recording a version is a
save of the version, which moves its item's stamp; and unlike the version they
also move for changes made outside the admin (a loader, a command).

With a per-process memory cache a stamp cannot hear about saves made by other
processes, so there fragments are kept only PAGE_CACHE_LOCAL_SECONDS, like pages.
The tests switch fragments off (FRAGMENT_CACHE_SECONDS = 0) except their own.
"""

import contextlib
import contextvars
import functools
import hashlib
import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import Signal
from django.utils import translation

from . import pagecache

logger = logging.getLogger(__name__)

# Sent with (family, name) whenever a fragment is rendered rather than taken from
# the cache: the tests count renderings with it.
fragment_rendered = Signal()


# Set while a page is rendered for a preview (publishing/preview.py): content the public
# does not see, saved inside a transaction that is then rolled back. The stamps it moved
# stay moved in the cache, so a fragment stored then would be served to the public.
_suspended = contextvars.ContextVar("fragments_suspended", default=False)


def enabled():
    return settings.FRAGMENT_CACHE_SECONDS > 0 and not _suspended.get()


@contextlib.contextmanager
def suspended():
    """No fragment is read or stored inside (a preview renders unpublished content)."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def cache():
    return pagecache.cache()


def timeout():
    if pagecache.is_shared():
        return settings.FRAGMENT_CACHE_SECONDS
    return min(settings.FRAGMENT_CACHE_SECONDS, settings.PAGE_CACHE_LOCAL_SECONDS)


# Stamps ---------------------------------------------------------------------------


def item_token(model, pk):
    return f"{model._meta.label_lower}:{pk}"


def every_item_token(model):
    """Moved by a change to any row of ``model`` (for what shows them all, a form's choices)."""
    return f"{model._meta.label_lower}:*"


def app_token(label):
    return f"app:{label}"


def _stamp_key(token):
    return f"fragment:stamp:{token}"


# model -> function(instance) giving the tokens of the items whose fragments show it.
OWNERS = {}


def owners(*models):
    """Register ``function(instance)``: the item tokens a row of ``models`` moves.
    A row of a model with no such function moves its app's token."""

    def register(function):
        for model in models:
            OWNERS[model] = function
        return function

    return register


def tokens_of(instance):
    function = OWNERS.get(type(instance))
    if function is None:
        return {app_token(instance._meta.app_label)}
    return {token for token in function(instance) if token}


def touch(tokens):
    """Move the stamps of ``tokens`` now and again when the transaction commits."""
    tokens = set(tokens)
    if not tokens:
        return
    _move(tokens)
    transaction.on_commit(functools.partial(_move, tokens))


def _move(tokens):
    try:
        cache().set_many({_stamp_key(token): uuid.uuid4().hex for token in tokens}, None)
    except Exception:  # the cache being down must never break a save
        logger.warning("Fragment stamps could not be moved", exc_info=True)


def _watched(sender):
    return getattr(sender, "affects_public_pages", True) and sender._meta.app_label in pagecache.PROJECT_APPS


def _before_save(sender, instance, raw=False, **kwargs):
    # A row moved to another item (a milestone to another commitment) changes the old one too.
    if raw or instance.pk is None or sender not in OWNERS or not _watched(sender):
        return
    stored = sender._base_manager.filter(pk=instance.pk).first()
    if stored is not None:
        touch(tokens_of(stored))


def _changed(sender, instance, **kwargs):
    if _watched(sender):
        touch(tokens_of(instance))


def _m2m_changed(sender, instance, action, model, pk_set, **kwargs):
    if not action.startswith("post_") or not _watched(type(instance)):
        return
    # Both ends: a value added to a commitment changes the commitment's page.
    tokens = tokens_of(instance)
    if model in OWNERS:
        tokens |= {item_token(model, pk) for pk in pk_set or ()}
    touch(tokens)


def connect_signals():
    pre_save.connect(_before_save, dispatch_uid="fragments-pre-save")
    post_save.connect(_changed, dispatch_uid="fragments-post-save")
    post_delete.connect(_changed, dispatch_uid="fragments-post-delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="fragments-m2m")


@functools.cache
def release():
    """A digest of the templates and compiled translations: fragments of an earlier release are never shown."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder, pattern in (("templates", "**/*.html"), ("locale", "**/*.mo")):
        for path in sorted((base / folder).glob(pattern)):
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# Fragments of a page ---------------------------------------------------------------


class Fragments:
    """The fragments one rendering of a page may use: ``parts`` maps a fragment's
    name ("content", ("row", 12)…) to the tokens it depends on, and ``salts``
    add what else a fragment shows (a form's submitted values). The template
    wraps each in ``{% fragment name %}`` (core/templatetags/fragments.py): a
    stored one is used as it is, a missing one is rendered and stored."""

    def __init__(self, request, family, parts, salts=None):
        self.family = family
        self.salts = salts or {}
        self.found = {}
        self.rendered = {}
        self.keys = {}
        try:
            self._look_up(request, parts)
        except Exception:
            logger.warning("Fragment cache unavailable", exc_info=True)
            self.keys = {}

    def _look_up(self, request, parts):
        tokens = sorted({token for needed in parts.values() for token in needed})
        stamp_keys = [_stamp_key(token) for token in tokens]
        stored = cache().get_many([pagecache.STATE_KEY, *stamp_keys])
        _generation, due = pagecache.current_state(stored.get(pagecache.STATE_KEY))
        stamps = {}
        for token, key in zip(tokens, stamp_keys, strict=True):
            stamp = stored.get(key)
            if stamp is None:  # never moved (or evicted): start one
                stamp = uuid.uuid4().hex
                if not cache().add(key, stamp, None):
                    stamp = cache().get(key) or stamp
            stamps[token] = stamp
        context = f"{release()}|{translation.get_language()}|{request.scheme}://{request.get_host()}|{due}"
        for name, needed in parts.items():
            salt = repr(self.salts.get(name, ""))
            raw = "|".join([context, repr(name), salt, *(f"{token}={stamps[token]}" for token in sorted(needed))])
            self.keys[name] = f"fragment:{self.family}:{hashlib.sha256(raw.encode()).hexdigest()}"
        found = cache().get_many(list(self.keys.values()))
        self.found = {name: found[key] for name, key in self.keys.items() if key in found}

    @property
    def complete(self):
        """Every fragment is stored: the view need not load what they show."""
        return bool(self.keys) and len(self.found) == len(self.keys)

    def get(self, name):
        found = self.found.get(name)
        return self.rendered.get(name) if found is None else found

    def put(self, name, html):
        fragment_rendered.send(Fragments, family=self.family, name=name)
        self.rendered[name] = html

    def save(self):
        """Store the fragments rendered (once the response is complete)."""
        rendered = {self.keys[name]: html for name, html in self.rendered.items() if name in self.keys}
        self.rendered = {}
        if not rendered:
            return
        try:
            cache().set_many(rendered, timeout())
        except Exception:
            logger.warning("Fragment cache unavailable", exc_info=True)
